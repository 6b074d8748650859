from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from cto_mentor.dates import moment_text


class Status(models.TextChoices):
    PENDING = "pending", "Pending"
    # Handed to the mail server and not yet confirmed: a message left here by a worker that died is sent
    # again after a while, and may then arrive twice (with the same Message-ID, so mail programs drop one).
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"


class MessageQuerySet(models.QuerySet):
    def due(self, now=None):
        return self.filter(status=Status.PENDING, next_attempt_at__lte=now or timezone.now())

    def stuck_sending(self, now, after):
        return self.filter(status=Status.SENDING, next_attempt_at__lte=now - after)


class Message(models.Model):
    """One e-mail in the outbox, written in the transaction of the change that causes it.

    `key` names "this notice about this object to this person": a second notice with the same key is never
    queued, so nothing is sent twice however often the cause is repeated.
    """

    key = models.CharField(max_length=255, unique=True)
    notice = models.CharField(max_length=80)
    cohort = models.ForeignKey(
        "cohorts.Cohort", on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="messages"
    )
    to_email = models.EmailField()
    subject = models.CharField(max_length=255)
    body_text = models.TextField()
    body_html = models.TextField()
    link = models.URLField(max_length=500, blank=True, help_text="The page where the person acts.")
    attachments = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    next_attempt_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    read_at = models.DateTimeField(null=True, blank=True)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["status", "next_attempt_at"]),
            models.Index(fields=["recipient", "-created_at"]),
            models.Index(fields=["cohort", "status", "-created_at"]),
        ]

    def __str__(self):
        return f"{self.subject} → {self.to_email} ({self.get_status_display()})"


class Preference(models.Model):
    """A person's choice to stop an optional notice; absent means they get it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notice_preferences"
    )
    notice = models.CharField(max_length=80)
    enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "notice"], name="one_preference_per_notice")]

    def __str__(self):
        return f"{self.user}: {self.notice} {'on' if self.enabled else 'off'}"


class ReminderSetting(models.Model):
    """A cohort's choice of when a kind of reminder goes out: hours before the moment (for quiet pairs, hours
    without a logged meeting). Absent means the defaults of the reminders module."""

    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="reminder_settings")
    kind = models.CharField(max_length=30, help_text="A kind registered in an app's reminders.py.")
    offsets_hours = models.JSONField(default=list)
    enabled = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cohort", "kind"], name="one_reminder_setting_per_kind")
        ]

    def __str__(self):
        return f"{self.cohort}: {self.kind}"


class LimitedEvent(models.Model):
    """One use of something limited per period (an e-mail sent on a stranger's behalf); see `limits.py`."""

    scope = models.CharField(max_length=60)
    key = models.CharField(max_length=255)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["scope", "key", "at"])]

    def __str__(self):
        return f"{self.scope} · {self.key} · {moment_text(self.at)}"


class NoticeText(models.Model):
    """A cohort's own subject and body for one notice, written with `{placeholders}` (see `texts.py`); absent
    means the notice's template files. Resetting to the default deletes the row (its history keeps it)."""

    cohort = models.ForeignKey("cohorts.Cohort", on_delete=models.CASCADE, related_name="notice_texts")
    notice = models.CharField(max_length=80)
    subject = models.CharField(max_length=255)
    body = models.TextField()
    updated_at = models.DateTimeField(default=timezone.now)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    history = HistoricalRecords()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["cohort", "notice"], name="one_text_per_notice")]

    def __str__(self):
        return f"{self.cohort}: {self.notice}"
