from django.conf import settings
from django.db import models
from django.urls import reverse

from cohorts.models import Cohort


class SessionKind(models.TextChoices):
    KICKOFF = "kickoff", "Kickoff meeting"
    CLASS = "class", "Class session"
    FINAL = "final", "Final presentations and commencement"


class ClassSessionQuerySet(models.QuerySet):
    def in_schedule_order(self):
        return self.annotate(first_start=models.Min("meetings__starts_at")).order_by("first_start", "number")


class ClassSession(models.Model):
    """An entry of a cohort's class year: the kickoff, a numbered class session or the final presentations."""

    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="class_sessions")
    kind = models.CharField(max_length=10, choices=SessionKind.choices, default=SessionKind.CLASS)
    number = models.PositiveSmallIntegerField(null=True, blank=True, help_text="1–8 for class sessions.")
    title = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    mentors_expected = models.BooleanField(default=False, help_text="Mentors must attend (the kickoff).")
    instructors = models.ManyToManyField(settings.AUTH_USER_MODEL, blank=True, related_name="sessions_taught")

    objects = ClassSessionQuerySet.as_manager()

    class Meta:
        ordering = ["cohort", "number"]
        constraints = [
            models.UniqueConstraint(fields=["cohort", "number"], name="unique_session_number_per_cohort"),
        ]

    def __str__(self):
        return self.label

    def get_absolute_url(self):
        return reverse("class_sessions:detail", kwargs={"pk": self.pk})

    @property
    def label(self):
        if self.kind == SessionKind.CLASS and self.number:
            return f"Session {self.number}"
        return self.get_kind_display()


class Topic(models.Model):
    """A subject taught in a session; portfolios give evidence against these."""

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="topics")
    name = models.CharField(max_length=200)
    order = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["session", "order", "name"]
        constraints = [models.UniqueConstraint(fields=["session", "name"], name="unique_topic_per_session")]

    def __str__(self):
        return self.name


class Meeting(models.Model):
    """One day of a session, as aware datetimes so the local hours survive daylight-saving changes."""

    session = models.ForeignKey(ClassSession, on_delete=models.CASCADE, related_name="meetings")
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    location = models.CharField(max_length=200, blank=True)
    address = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="meeting_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["starts_at"])]

    def __str__(self):
        return f"{self.session} — {self.starts_at:%Y-%m-%d %H:%M}"
