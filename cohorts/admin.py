from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .back_office import CohortTimes
from .models import (
    Cohort,
    ContractDocument,
    Invitation,
    Membership,
    MentorContract,
    Pairing,
    Program,
    ProgramPage,
)


@admin.register(Program)
class ProgramAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["name", "organization", "time_zone"]
    list_filter = ["organization", "time_zone"]
    search_fields = ["name", "organization"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Cohort)
class CohortAdmin(CohortTimes, admin.ModelAdmin):
    list_display = [
        "name",
        "program",
        "applications_open",
        "applications_close",
        "classes_start",
        "commencement",
    ]
    list_filter = ["program"]
    search_fields = ["name", "slug"]
    date_hierarchy = "classes_start"


@admin.register(Membership)
class MembershipAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = ["user", "role", "cohort", "created_at"]
    list_filter = ["role", "cohort"]
    search_fields = ["user__email", "user__first_name", "user__last_name"]
    autocomplete_fields = ["user"]
    list_select_related = ["user", "cohort"]


@admin.register(Pairing)
class PairingAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = ["candidate", "mentor", "cohort", "created_at", "created_by"]
    list_filter = ["cohort"]
    search_fields = ["mentor__email", "candidate__email", "mentor__last_name", "candidate__last_name"]
    autocomplete_fields = ["mentor", "candidate"]
    list_select_related = ["mentor", "candidate", "cohort", "created_by"]


@admin.register(Invitation)
class InvitationAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = ["user", "cohort", "role", "invited_by", "created_at"]
    list_filter = ["cohort", "role"]
    search_fields = ["user__email", "user__last_name"]
    list_select_related = ["user", "cohort", "invited_by"]
    raw_id_fields = ["user", "invited_by"]


@admin.register(ProgramPage)
class ProgramPageAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = ["cohort", "updated_at"]
    list_filter = ["cohort__program"]
    search_fields = ["cohort__name", "body_markdown"]


@admin.register(MentorContract)
class MentorContractAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = ["mentor", "cohort", "status", "status_on", "recorded_by", "recorded_at"]
    list_filter = ["status", "cohort"]
    search_fields = ["mentor__email", "mentor__last_name"]
    list_select_related = ["mentor", "cohort", "recorded_by"]
    raw_id_fields = ["mentor", "recorded_by"]


@admin.register(ContractDocument)
class ContractDocumentAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["original_name", "contract", "size", "uploaded_at"]
    list_filter = ["contract__cohort"]
    search_fields = ["original_name", "contract__mentor__email"]
    list_select_related = ["contract__mentor", "contract__cohort"]
    raw_id_fields = ["contract"]
