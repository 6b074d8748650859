from django.contrib import admin

from cohorts.back_office import CohortTimes

from .models import Job


@admin.register(Job)
class JobAdmin(CohortTimes, admin.ModelAdmin):
    list_display = [
        "kind",
        "cohort",
        "requested_by",
        "state",
        "done",
        "total",
        "runs",
        "created_at",
        "heartbeat_at",
    ]
    list_filter = ["kind", "state", "cohort"]
    search_fields = ["requested_by__email", "requested_by__last_name", "message"]
    list_select_related = ["cohort", "requested_by"]
    readonly_fields = ["created_at", "started_at", "heartbeat_at", "runs", "finished_at"]
