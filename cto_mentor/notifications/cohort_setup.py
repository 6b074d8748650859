"""Reminder times are part of a cohort's plan: a copy takes them over from the cohort it is copied from."""

from cohorts.hooks import CopyStep, copy_steps

from .models import ReminderSetting


def copy_reminder_settings(*, source, target, moments) -> None:
    ReminderSetting.objects.bulk_create(
        ReminderSetting(cohort=target, kind=s.kind, offsets_hours=s.offsets_hours, enabled=s.enabled)
        for s in ReminderSetting.objects.filter(cohort=source)
    )


copy_steps.register(CopyStep("notifications.reminders", copy_reminder_settings))
