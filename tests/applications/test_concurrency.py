"""Two submits of the same application at the same moment: the row lock lets exactly one through. A burst of
submissions at the deadline: every accepted one is saved, none after it. Two program managers taking the last
place at the same moment: the cohort's row lock lets one through."""

import threading
import time
from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, connections
from django.utils import timezone

from applications import services
from applications.models import Application, Decision, Status
from cohorts.models import Role
from cto_mentor.notifications.models import Message

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
def test_submit_at_the_same_moment_twice_makes_one_submission(ready):
    application = ready()
    barrier = threading.Barrier(2)
    outcomes = []

    def submit():
        try:
            barrier.wait()
            services.submit_application(application=Application.objects.get(pk=application.pk))
            outcomes.append("submitted")
        except ValidationError as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=submit) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["already_submitted", "submitted"]
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED
    assert Message.objects.filter(notice="application_submitted").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs concurrent connections (PostgreSQL)")
def test_burst_in_the_last_second_saves_every_accepted_submission_and_none_after(ready, cohort):
    """Eight applicants submit together in the deadline's last second, four just after it."""
    on_time = [ready() for _ in range(8)]
    too_late = [ready() for _ in range(4)]
    cohort.applications_close = timezone.now() + timedelta(seconds=3)
    cohort.save(update_fields=["applications_close"])
    close = cohort.applications_close
    outcomes = {}

    def submit(application, start_at, barrier):
        try:
            time.sleep(max(0.0, (start_at - timezone.now()).total_seconds()))
            barrier.wait()
            services.submit_application(application=Application.objects.get(pk=application.pk))
            outcomes[application.pk] = "submitted"
        except ValidationError as error:
            outcomes[application.pk] = error.code
        finally:
            connections.close_all()

    batches = [(on_time, close - timedelta(seconds=0.9)), (too_late, close + timedelta(seconds=0.1))]
    threads = []
    for applications, start_at in batches:
        barrier = threading.Barrier(len(applications))
        threads += [threading.Thread(target=submit, args=(a, start_at, barrier)) for a in applications]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert [outcomes[a.pk] for a in on_time] == ["submitted"] * 8
    assert [outcomes[a.pk] for a in too_late] == ["closed"] * 4
    saved = Application.objects.filter(pk__in=[a.pk for a in on_time + too_late], status=Status.SUBMITTED)
    assert sorted(saved.values_list("pk", flat=True)) == sorted(a.pk for a in on_time)
    assert all(submitted_at < close for submitted_at in saved.values_list("submitted_at", flat=True))
    assert Message.objects.filter(notice="application_submitted").count() == 8


def at_once(*actions):
    """Run each action in its own thread and database connection, all released together; returns each one's
    outcome: "done", or the refusal's code (the field it names)."""
    barrier = threading.Barrier(len(actions))
    outcomes = [None] * len(actions)

    def run(index, action):
        try:
            barrier.wait()
            action()
            outcomes[index] = "done"
        except ValidationError as error:
            # A refusal naming a field carries its code per field: the field names it here.
            outcomes[index] = error.code if hasattr(error, "code") else ", ".join(error.error_dict)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(actions)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
def test_two_managers_accepting_the_last_place_at_once_one_succeeds(cohort, submitted, member):
    cohort.candidate_places = 2
    cohort.save(update_fields=["candidate_places"])
    services.decide(application=submitted(), decision=Decision.ACCEPTED, reason="", actor=None)
    first, second = submitted(), submitted()
    managers = [member(Role.PROGRAM_MANAGER), member(Role.PROGRAM_MANAGER)]

    outcomes = at_once(
        *(
            lambda application=application, manager=manager: services.decide(
                application=Application.objects.get(pk=application.pk),
                decision=Decision.ACCEPTED,
                reason="",
                actor=manager,
            )
            for application, manager in zip((first, second), managers, strict=True)
        )
    )

    assert sorted(outcomes) == ["done", "past_places"]
    accepted = Application.objects.filter(cohort=cohort, decision=Decision.ACCEPTED)
    assert accepted.count() == 2


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs row locks (PostgreSQL)")
def test_two_managers_offering_the_one_freed_place_at_once_one_succeeds(cohort, submitted, member):
    cohort.candidate_places = 1
    cohort.save(update_fields=["candidate_places"])
    declines = submitted()
    waiting = [submitted(), submitted()]
    services.decide(application=declines, decision=Decision.ACCEPTED, reason="", actor=None)
    for application in waiting:
        services.decide(application=application, decision=Decision.WAITLISTED, reason="", actor=None)
    services.send_decisions(cohort=cohort)
    services.answer_offer(application=declines, accept=False)
    manager = member(Role.PROGRAM_MANAGER)

    outcomes = at_once(
        *(
            lambda application=application: services.offer_place(
                application=Application.objects.get(pk=application.pk), actor=manager
            )
            for application in waiting
        )
    )

    assert sorted(outcomes) == ["done", "no_place"]
    assert Application.objects.filter(pk__in=[a.pk for a in waiting], decision=Decision.ACCEPTED).count() == 1
    offered = Message.objects.filter(notice="application_decision", key__contains="|accepted|")
    assert offered.count() == 2  # the place first offered, then offered again once
