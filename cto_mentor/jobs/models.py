"""Long work run in the background (bulk decision e-mails, large exports) and how far it has got."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort

from . import registry


class State(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Running"
    DONE = "done", "Done"
    FAILED = "failed", "Failed"


class JobQuerySet(models.QuerySet):
    def unfinished(self):
        return self.filter(state__in=[State.QUEUED, State.RUNNING])


def result_path(instance, filename: str) -> str:
    """A name made by the server; the download keeps `original_name`."""
    return f"exports/{uuid.uuid4().hex}.csv"


class Job(models.Model):
    """One piece of background work for one cohort, started by one person, with its progress.

    `done` of `total` is written as the work goes (each step in its own transaction, so the progress page
    sees it), and `heartbeat_at` with it, so the sweep can tell a job nobody started or whose worker died
    from one that is moving; an export keeps its file here for the person who asked for it.
    """

    kind = models.CharField(max_length=30, help_text="A kind declared in an app's jobs.py.")
    state = models.CharField(max_length=10, choices=State.choices, default=State.QUEUED)
    cohort = models.ForeignKey(Cohort, on_delete=models.CASCADE, related_name="jobs")
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="jobs")
    parameters = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    message = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(
        default=timezone.now,
        help_text="Last sign of life: when it was queued, started or last made progress.",
    )
    runs = models.PositiveSmallIntegerField(default=0, help_text="How many times a worker started it.")
    finished_at = models.DateTimeField(null=True, blank=True)
    file = models.FileField(upload_to=result_path, max_length=200, blank=True)
    original_name = models.CharField(max_length=150, blank=True)
    content_type = models.CharField(max_length=100, blank=True)

    objects = JobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["cohort", "kind", "state"]),
            models.Index(fields=["state", "heartbeat_at"]),
        ]

    def __str__(self):
        return f"{self.kind_label} · {self.cohort} · {self.get_state_display().lower()}"

    def get_absolute_url(self):
        return reverse("jobs:detail", kwargs={"pk": self.pk})

    @property
    def kind_label(self) -> str:
        return registry.get(self.kind).label

    @property
    def is_finished(self):
        return self.state in (State.DONE, State.FAILED)

    @property
    def percent(self) -> int:
        if self.state == State.DONE:
            return 100
        return int(100 * self.done / self.total) if self.total else 0
