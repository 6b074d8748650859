"""Reminder times and the cohort's own e-mail texts are part of its plan: a copy takes them over from the
cohort it is copied from."""

from cohorts.hooks import CopyStep, copy_steps

from .models import NoticeText, ReminderSetting


def copy_reminder_settings(*, source, target, moments) -> None:
    ReminderSetting.objects.bulk_create(
        ReminderSetting(cohort=target, kind=s.kind, offsets_hours=s.offsets_hours, enabled=s.enabled)
        for s in ReminderSetting.objects.filter(cohort=source)
    )


def copy_notice_texts(*, source, target, moments) -> None:
    NoticeText.objects.bulk_create(
        NoticeText(cohort=target, notice=t.notice, subject=t.subject, body=t.body)
        for t in NoticeText.objects.filter(cohort=source)
    )


copy_steps.register(
    CopyStep("notifications.reminders", copy_reminder_settings),
    CopyStep("notifications.texts", copy_notice_texts),
)
