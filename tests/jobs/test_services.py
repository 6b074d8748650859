import dataclasses
from datetime import timedelta

from django.core import mail
from django.utils import timezone

from applications import jobs
from applications import services as application_services
from applications.models import Application, Status
from cto_mentor import broker
from cto_mentor.jobs import registry, services
from cto_mentor.jobs.models import Job, State

from ..applications.factories import CompleteApplicationFactory
from .factories import JobFactory


def test_start_job_runs_decision_emails_after_commit(
    cohort, people, decided, django_capture_on_commit_callbacks
):
    applications = decided(3)

    with django_capture_on_commit_callbacks(execute=True):
        job = services.start_job(
            kind=jobs.SEND_DECISIONS, cohort=cohort, requested_by=people["program_manager"]
        )

    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (State.DONE, 3, 3)
    assert job.message == "3 decision e-mail(s) queued."
    assert job.started_at is not None and job.finished_at is not None
    assert sorted(m.to[0] for m in mail.outbox) == sorted(a.applicant.email for a in applications)
    assert Application.objects.decided_not_notified().count() == 0


def test_decision_emails_go_in_batches_to_the_end(cohort, people, decided, monkeypatch):
    decided(5)
    monkeypatch.setattr(jobs, "DECISION_BATCH", 2)
    seen = []
    original = jobs.report_progress
    monkeypatch.setattr(
        jobs, "report_progress", lambda job, **kw: (seen.append(kw["done"]), original(job, **kw))
    )
    job = JobFactory(cohort=cohort, requested_by=people["program_manager"])

    services.run_job(job_id=job.pk)

    assert seen == [0, 2, 4, 5]
    job.refresh_from_db()
    assert (job.state, job.done, job.total) == (State.DONE, 5, 5)


def test_decision_job_with_nothing_to_send_says_so(cohort, people):
    job = JobFactory(cohort=cohort, requested_by=people["program_manager"])

    services.run_job(job_id=job.pk)

    job.refresh_from_db()
    assert (job.state, job.message, job.percent) == (State.DONE, "Every decision was already sent.", 100)


def test_start_job_returns_the_same_work_still_waiting(cohort, people):
    waiting = JobFactory(cohort=cohort, state=State.RUNNING)

    job = services.start_job(kind=jobs.SEND_DECISIONS, cohort=cohort, requested_by=people["program_manager"])

    assert job == waiting
    assert Job.objects.count() == 1


def test_run_job_leaves_a_started_job_alone(cohort):
    job = JobFactory(cohort=cohort, state=State.RUNNING)

    services.run_job(job_id=job.pk)

    job.refresh_from_db()
    assert (job.state, job.finished_at) == (State.RUNNING, None)


def test_run_job_of_a_missing_job_does_nothing(db):
    services.run_job(job_id=987654)

    assert Job.objects.count() == 0


def test_failing_job_is_marked_failed_not_raised(cohort, monkeypatch):
    def broken(job):
        raise RuntimeError("disk full")

    kind = registry.get(jobs.SEND_DECISIONS)
    monkeypatch.setitem(registry._kinds, kind.name, dataclasses.replace(kind, run=broken))
    job = JobFactory(cohort=cohort)

    services.run_job(job_id=job.pk)

    job.refresh_from_db()
    assert job.state == State.FAILED
    assert job.message == "Something went wrong; nothing more was done. Try again."


def test_export_job_writes_the_filtered_csv(cohort, people, monkeypatch):
    monkeypatch.setattr(jobs, "EXPORT_STEP", 1)
    adams = CompleteApplicationFactory(cohort=cohort, status=Status.SUBMITTED, applicant__last_name="Adams")
    baker = CompleteApplicationFactory(cohort=cohort, status=Status.SUBMITTED, applicant__last_name="Baker")
    CompleteApplicationFactory(cohort=cohort, applicant__last_name="Draft")
    job = JobFactory(cohort=cohort, kind=jobs.EXPORT_APPLICATIONS, parameters={"query": "status=submitted"})

    services.run_job(job_id=job.pk)

    job.refresh_from_db()
    lines = job.file.read().decode().splitlines()
    assert (job.state, job.done, job.total) == (State.DONE, 2, 2)
    assert job.message == "2 application(s) exported."
    assert job.original_name == f"applications-{cohort.slug}.csv"
    assert lines[0].startswith("Applicant,E-mail,Kind,Status,Submitted at")
    assert [line.split(",")[1] for line in lines[1:]] == [adams.applicant.email, baker.applicant.email]


def test_broker_down_leaves_the_job_queued_and_the_sweep_hands_it_over_later(
    cohort, people, decided, monkeypatch, django_capture_on_commit_callbacks
):
    from kombu.exceptions import OperationalError

    from cto_mentor.jobs import tasks

    def broker_down(**kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    decided(2)
    start = timezone.now()
    with monkeypatch.context() as outage:
        outage.setattr(tasks.run_job, "apply_async", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            job = services.start_job(
                kind=jobs.SEND_DECISIONS, cohort=cohort, requested_by=people["program_manager"]
            )
        assert services.sweep(now=start + timedelta(minutes=2)) == 1  # still down: handed over in vain
    job.refresh_from_db()
    assert job.state == State.QUEUED
    broker.reset()  # the broker is back, and this process's pause after the failure is over

    assert services.sweep(now=start + timedelta(minutes=2, seconds=30)) == 0  # too soon to try again
    assert services.sweep(now=start + timedelta(minutes=3, seconds=1)) == 1
    job.refresh_from_db()
    assert (job.state, job.done, job.runs) == (State.DONE, 2, 1)
    assert Application.objects.decided_not_notified().count() == 0


def test_a_running_job_whose_worker_died_is_resumed_and_sends_only_what_is_left(cohort, people, decided):
    decided(5)
    application_services.send_decisions(cohort=cohort, limit=2)  # what the dead worker got through
    job = JobFactory(cohort=cohort, state=State.RUNNING, runs=1, done=2, total=5)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=10))
    mail.outbox.clear()

    assert services.sweep() == 1

    job.refresh_from_db()
    assert (job.state, job.runs, job.message) == (State.DONE, 2, "3 decision e-mail(s) queued.")
    assert Application.objects.decided_not_notified().count() == 0


def test_a_running_job_that_is_moving_is_left_alone(cohort, people):
    job = JobFactory(cohort=cohort, state=State.RUNNING, runs=1)
    assert services.sweep(now=timezone.now() + timedelta(minutes=2)) == 0
    job.refresh_from_db()
    assert job.state == State.RUNNING


def test_a_job_that_keeps_losing_its_worker_fails_with_a_message(cohort):
    job = JobFactory(cohort=cohort, state=State.RUNNING, runs=services.MAX_RUNS)
    Job.objects.filter(pk=job.pk).update(heartbeat_at=timezone.now() - timedelta(minutes=10))

    services.sweep()

    job.refresh_from_db()
    assert (job.state, job.message) == (State.FAILED, services.FAILED_MESSAGE)
