"""Starting and running background jobs. The work itself is done by the apps' own services.

A job is queued after the transaction that creates it commits; with Redis a Celery worker runs it, without
it runs in-process. Either way the progress page reads `done` of `total` as the job writes it.
"""

import csv
import io
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import QueryDict
from django.utils import timezone

from applications import selectors as application_selectors
from applications import services as application_services
from applications.filters import QueueFilter
from applications.models import Application
from cohorts.models import Cohort
from cto_mentor.csv_export import spreadsheet_row

from .models import Job, Kind, State

logger = logging.getLogger(__name__)

DECISION_BATCH = 10  # decision e-mails per transaction: small enough for the bar to move
EXPORT_STEP = 100  # rows written between two progress updates


def start_job(*, kind: str, cohort: Cohort, requested_by, parameters: dict | None = None) -> Job:
    """Queue `kind` of work for `cohort`, or return the same work already waiting or running for it.

    Side effects: a Job row; after commit, the `jobs.run_job` task.
    """
    from . import tasks

    with transaction.atomic():
        running = (
            Job.objects.select_for_update()
            .unfinished()
            .filter(kind=kind, cohort=cohort, parameters=parameters or {})
            .first()
        )
        if running is not None:
            return running
        job = Job.objects.create(
            kind=kind, cohort=cohort, requested_by=requested_by, parameters=parameters or {}
        )
        transaction.on_commit(lambda: tasks.run_job.delay(job.pk))
    return job


def run_job(*, job_id: int) -> None:
    """Run a queued job to its end; a job gone or already started is left alone (a task delivered twice).

    Side effects: the job's state, times, progress and message; whatever the work itself does. A failure is
    logged and recorded on the job for the person watching, not raised into the caller's request.
    """
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, state=State.QUEUED).first()
        if job is None:
            return
        job.state, job.started_at = State.RUNNING, timezone.now()
        job.save(update_fields=["state", "started_at"])
    try:
        RUNNERS[job.kind](job)
    except Exception:
        logger.exception("Background job %s failed", job.pk)
        job.state, job.message = State.FAILED, "Something went wrong; nothing more was done. Try again."
    else:
        job.state = State.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "message", "finished_at", "done", "total"])


def _progress(job: Job, *, done: int, total: int | None = None) -> None:
    job.done = done
    if total is not None:
        job.total = total
    Job.objects.filter(pk=job.pk).update(done=job.done, total=job.total)


def _send_decisions(job: Job) -> None:
    total = Application.objects.decided_not_notified().filter(cohort=job.cohort).count()
    _progress(job, done=0, total=total)
    sent = 0
    while batch := application_services.send_decisions(cohort=job.cohort, limit=DECISION_BATCH):
        sent += batch
        _progress(job, done=sent, total=max(total, sent))
    job.message = f"{sent} decision e-mail(s) queued." if sent else "Every decision was already sent."


def _export_applications(job: Job) -> None:
    cohort = job.cohort
    filterset = QueueFilter(
        QueryDict(job.parameters.get("query", "")) or None,
        queryset=application_selectors.intake(cohort=cohort).order_by("applicant__last_name"),
        reviewers=application_selectors.reviewers_of(cohort=cohort),
    )
    applications = filterset.qs
    _progress(job, done=0, total=applications.count())
    out = io.StringIO()
    writer = csv.writer(out)
    for number, row in enumerate(
        application_selectors.export_rows(applications=applications, zone=cohort.tz)
    ):
        writer.writerow(spreadsheet_row(row))
        if number and number % EXPORT_STEP == 0:
            _progress(job, done=number)
    job.done = job.total
    job.original_name = f"applications-{cohort.slug}.csv"
    job.content_type = "text/csv"
    job.file.save(job.original_name, ContentFile(out.getvalue().encode("utf-8")), save=False)
    job.save(update_fields=["file", "original_name", "content_type"])
    job.message = f"{job.total} application(s) exported."


RUNNERS = {
    Kind.SEND_DECISIONS: _send_decisions,
    Kind.EXPORT_APPLICATIONS: _export_applications,
}
