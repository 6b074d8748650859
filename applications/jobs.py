"""The intake's background jobs: decision e-mails in bulk and the applications export."""

import csv
import io

from django.core.files.base import ContentFile
from django.http import QueryDict
from django.urls import reverse

from cto_mentor.csv_export import spreadsheet_row
from cto_mentor.jobs.registry import JobKind, register
from cto_mentor.jobs.services import report_progress

from . import selectors, services
from .filters import QueueFilter
from .models import Application
from .questions import filterable_questions

SEND_DECISIONS = "send_decisions"
EXPORT_APPLICATIONS = "export_applications"
DECISION_BATCH = 10  # decision e-mails per transaction: small enough for the bar to move
EXPORT_STEP = 100  # rows written between two progress updates


def send_decisions(job) -> None:
    """Safe to run again: only decisions not yet e-mailed are sent, each once (the outbox's key)."""
    total = Application.objects.decided_not_notified().filter(cohort=job.cohort).count()
    report_progress(job, done=0, total=total)
    sent = 0
    while batch := services.send_decisions(cohort=job.cohort, limit=DECISION_BATCH):
        sent += batch
        report_progress(job, done=sent, total=max(total, sent))
    job.message = f"{sent} decision e-mail(s) queued." if sent else "Every decision was already sent."


def export_applications(job) -> None:
    """The review queue's CSV, filtered as on the page it was asked from; run again, it writes a new file."""
    cohort = job.cohort
    filterset = QueueFilter(
        QueryDict(job.parameters.get("query", "")) or None,
        queryset=selectors.intake(cohort=cohort).order_by("applicant__last_name"),
        reviewers=selectors.reviewers_of(cohort=cohort),
        questions=filterable_questions(cohort=cohort),
    )
    applications = filterset.qs
    report_progress(job, done=0, total=applications.count())
    out = io.StringIO()
    writer = csv.writer(out)
    for number, row in enumerate(selectors.export_rows(applications=applications, zone=cohort.tz)):
        writer.writerow(spreadsheet_row(row))
        if number and number % EXPORT_STEP == 0:
            report_progress(job, done=number)
    job.done = job.total
    job.original_name = f"applications-{cohort.slug}.csv"
    job.content_type = "text/csv"
    job.file.save(job.original_name, ContentFile(out.getvalue().encode("utf-8")), save=False)
    job.save(update_fields=["file", "original_name", "content_type"])
    job.message = f"{job.total} application(s) exported."


register(
    JobKind(
        name=SEND_DECISIONS,
        label="Decision e-mails",
        run=send_decisions,
        back=lambda job: reverse("applications:decisions", args=[job.cohort.slug]),
        back_label="Back to the decisions",
    ),
    JobKind(
        name=EXPORT_APPLICATIONS,
        label="Applications export (CSV)",
        run=export_applications,
        back=lambda job: reverse("applications:queue", args=[job.cohort.slug]),
        back_label="Back to the review queue",
    ),
)
