from django.contrib import admin, messages
from simple_history.admin import SimpleHistoryAdmin

from cohorts.back_office import CohortTimes

from . import services
from .models import LimitedEvent, Message, NoticeText, Preference, ReminderSetting, Status


@admin.register(Message)
class MessageAdmin(CohortTimes, admin.ModelAdmin):
    list_display = ["subject", "to_email", "notice", "cohort", "status", "attempts", "created_at", "sent_at"]
    list_filter = ["status", "notice", "cohort"]
    search_fields = ["to_email", "subject", "key"]
    readonly_fields = [f.name for f in Message._meta.fields]
    date_hierarchy = "created_at"
    actions = ["resend_failed"]

    @admin.action(description="Send the selected failed messages again")
    def resend_failed(self, request, queryset):
        failed = list(queryset.filter(status=Status.FAILED))
        for message in failed:
            services.resend(message=message)
        self.message_user(request, f"{len(failed)} message(s) queued again.", messages.SUCCESS)

    def has_add_permission(self, request):
        return False


@admin.register(Preference)
class PreferenceAdmin(admin.ModelAdmin):
    list_display = ["user", "notice", "enabled"]
    list_filter = ["notice", "enabled"]
    search_fields = ["user__email"]


@admin.register(ReminderSetting)
class ReminderSettingAdmin(admin.ModelAdmin):
    list_display = ["cohort", "kind", "offsets_hours", "enabled"]
    list_filter = ["kind", "enabled", "cohort"]
    search_fields = ["cohort__name", "cohort__slug"]
    list_select_related = ["cohort"]


@admin.register(NoticeText)
class NoticeTextAdmin(CohortTimes, SimpleHistoryAdmin):
    list_display = ["notice", "cohort", "subject", "updated_by", "updated_at"]
    list_filter = ["cohort", "notice"]
    search_fields = ["subject", "body"]
    list_select_related = ["cohort", "updated_by"]


@admin.register(LimitedEvent)
class LimitedEventAdmin(admin.ModelAdmin):
    """Uses counted by the e-mail limits: a look at who is sending how much; deleted after two days."""

    list_display = ["scope", "key", "at"]
    list_filter = ["scope"]
    search_fields = ["key"]
