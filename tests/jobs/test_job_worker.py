"""Background jobs through a real Celery worker and Redis, on the PostgreSQL test database (the services leg):
a job started while the broker is down, and a worker killed in the middle of a job, both end with every
decision e-mailed exactly once."""

import time
from datetime import timedelta

import psycopg
import pytest
from django.utils import timezone

from applications.models import Application
from cohorts.models import Role
from cto_mentor.jobs import services
from cto_mentor.jobs.models import Job, State
from cto_mentor.notifications.models import Message

from ..factories import MembershipFactory
from ..notifications.conftest import database_url, post_in_app_process, wait_until

pytestmark = pytest.mark.services


def job_done():
    return Job.objects.filter(state=State.DONE).exists()


def test_decisions_started_while_redis_is_down_are_sent_once_it_is_back(
    processes, real_broker, cohort, decided
):
    applications = decided(12)
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user

    status, seconds, errors = post_in_app_process(
        processes.env,
        f"/applications/cohort/{cohort.slug}/decisions/",
        {},
        redis_url="redis://127.0.0.1:9/0",  # nothing listens there
        as_user=manager,
    )
    assert status == "302", errors
    assert seconds < 3
    job = Job.objects.get()
    assert job.state == State.QUEUED

    processes.worker("w1")
    services.sweep(now=timezone.now() + timedelta(minutes=2))  # what beat does every minute
    wait_until(job_done, what="the job to finish")
    job.refresh_from_db()
    assert (job.done, job.total, job.runs) == (12, 12, 1)
    decision_emails = Message.objects.filter(notice="application_decision")
    assert sorted(decision_emails.values_list("to_email", flat=True)) == sorted(
        a.applicant.email for a in applications
    )


def test_a_worker_killed_in_the_middle_of_a_job_is_replaced_and_the_job_finishes(
    processes, real_broker, cohort, decided
):
    applications = decided(30)
    blocker = sorted(applications, key=lambda a: a.pk)[24]  # in the job's third batch of ten
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    with psycopg.connect(database_url().replace("postgres://", "postgresql://")) as other:
        other.execute("SELECT 1 FROM applications_application WHERE id = %s FOR UPDATE", [blocker.pk])
        worker = processes.worker("w1")
        job = services.start_job(kind="send_decisions", cohort=cohort, requested_by=manager)
        wait_until(lambda: Job.objects.get(pk=job.pk).done == 20, what="the job to reach the locked row")
        time.sleep(0.5)
        processes.kill(worker)  # SIGKILL while the third batch waits for the row
    job.refresh_from_db()
    assert (job.state, job.done) == (State.RUNNING, 20)  # stuck where its worker died

    processes.worker("w2")
    services.sweep(now=timezone.now() + services.STALLED + timedelta(seconds=1))
    wait_until(job_done, what="the restarted job to finish")
    job.refresh_from_db()
    assert (job.runs, job.message) == (2, "10 decision e-mail(s) queued.")
    assert Application.objects.decided_not_notified().count() == 0
    assert Message.objects.filter(notice="application_decision").count() == 30
