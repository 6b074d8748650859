"""Starting, running and rescuing background jobs. The work itself is each app's (see `registry`).

A job keeps the outbox's promise: the request that starts one never fails because the broker is down (the
job is written first and handed to a worker after commit, and a failed hand-over is only logged), and a
periodic sweep hands over again a job nobody started and restarts one whose worker died, since every
job's work is safe to run again.
"""

import logging
from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort
from cto_mentor import broker

from . import registry
from .models import Job, State

logger = logging.getLogger(__name__)

NOT_PICKED_UP = timedelta(minutes=1)  # a queued job older than this is handed to a worker again
STALLED = timedelta(minutes=3)  # a running job with no progress for this long lost its worker
MAX_RUNS = 5
FAILED_MESSAGE = "Something went wrong; nothing more was done. Try again."


def start_job(*, kind: str, cohort: Cohort, requested_by, parameters: dict | None = None) -> Job:
    """Queue `kind` of work for `cohort`, or return the same work already waiting or running for it.

    Side effects: a Job row; after commit, the `jobs.run_job` task (a broker that is down only delays it).
    """
    registry.get(kind)
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
        transaction.on_commit(lambda: dispatch(job.pk))
    return job


def dispatch(job_id: int) -> None:
    """Hand the job to a worker. A broker that is down only delays it: the sweep hands it over later."""
    from .tasks import run_job

    broker.hand_over(run_job, job_id, sweep="job sweep")


def run_job(*, job_id: int, now=None) -> None:
    """Run a queued job to its end; a job gone or already running is left alone (a task delivered twice).

    Side effects: the job's state, times, runs, progress and message; whatever the work itself does. A
    failure is logged and recorded on the job for the person watching, not raised into the caller.
    """
    now = now or timezone.now()
    with transaction.atomic():
        job = Job.objects.select_for_update().filter(pk=job_id, state=State.QUEUED).first()
        if job is None:
            return
        job.state, job.heartbeat_at, job.runs = State.RUNNING, now, job.runs + 1
        job.started_at = job.started_at or now
        job.save(update_fields=["state", "started_at", "heartbeat_at", "runs"])
    try:
        registry.get(job.kind).run(job)
    except Exception:
        logger.exception("Background job %s failed", job.pk)
        job.state, job.message = State.FAILED, FAILED_MESSAGE
    else:
        job.state = State.DONE
    job.finished_at = timezone.now()
    job.save(update_fields=["state", "message", "finished_at", "done", "total"])


def report_progress(job: Job, *, done: int, total: int | None = None) -> None:
    """Write how far the job has got, in its own statement so the progress page sees it at once."""
    job.done = done
    if total is not None:
        job.total = total
    job.heartbeat_at = timezone.now()
    Job.objects.filter(pk=job.pk).update(done=job.done, total=job.total, heartbeat_at=job.heartbeat_at)


def sweep(*, now=None) -> int:
    """Hand over again the jobs nobody started, and restart those whose worker stopped making progress.

    A job restarted MAX_RUNS times fails with a message instead. Returns how many jobs were handed over.
    Side effects: stalled jobs back to queued (or failed); a `jobs.run_job` task for each job handed over.
    """
    now = now or timezone.now()
    with transaction.atomic():
        stalled = Job.objects.select_for_update(skip_locked=True).filter(
            state=State.RUNNING, heartbeat_at__lt=now - STALLED
        )
        for job in stalled:
            logger.warning("Job %s made no progress since %s; restarting it.", job.pk, job.heartbeat_at)
            if job.runs >= MAX_RUNS:
                job.state, job.message, job.finished_at = State.FAILED, FAILED_MESSAGE, now
            else:
                job.state, job.heartbeat_at = State.QUEUED, now - NOT_PICKED_UP
            job.save(update_fields=["state", "message", "finished_at", "heartbeat_at"])
    waiting = list(
        Job.objects.filter(state=State.QUEUED, heartbeat_at__lte=now - NOT_PICKED_UP).values_list(
            "pk", flat=True
        )
    )
    for job_id in waiting:
        Job.objects.filter(pk=job_id, state=State.QUEUED).update(heartbeat_at=now)
        dispatch(job_id)
    return len(waiting)
