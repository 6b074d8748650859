from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from cohorts.back_office import CohortTimes

from .models import Completion, CompletionSettings


@admin.register(CompletionSettings)
class CompletionSettingsAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = ["cohort", "mentor_meetings_per_month"]
    list_filter = ["mentor_meetings_per_month"]
    list_select_related = ["cohort"]
    search_fields = ["cohort__name"]


@admin.register(Completion)
class CompletionAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = ["candidate", "cohort", "completed_on", "marked_by"]
    list_filter = ["cohort"]
    list_select_related = ["candidate", "cohort", "marked_by"]
    search_fields = ["candidate__email", "candidate__first_name", "candidate__last_name"]
    raw_id_fields = ["candidate", "marked_by"]
    date_hierarchy = "completed_on"
