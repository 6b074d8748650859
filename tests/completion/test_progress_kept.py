"""The progress page keeps the candidate's record with the cohort's figures: every service that changes what
the record reads makes the next visit count it afresh."""

import pickle
from datetime import timedelta

import pytest
from django.core.cache import cache
from django.urls import reverse

from completion import services as completion_services
from completion.responsibilities import record_of
from portfolios.services.entries import mark_ready
from portfolios.services.program_feedback import give_program_feedback
from sessions.models import AttendanceStatus, Grade, PresentationResult
from sessions.services import Mark, assess_presentation, grade_submission, record_attendance

from ..class_sessions.factories import PresentationFactory, SubmissionFactory
from ..portfolios.factories import ArtifactFactory, ReflectionFactory

SUMMARIES = ("still to meet", "Every responsibility is met", "Completed the program on")


def _summary(client, cohort, candidate) -> str:
    page = client.get(reverse("completion:progress", args=[cohort.slug, candidate.pk])).text
    return next(line for line in page.splitlines() if any(text in line for text in SUMMARIES))


def _expected(cohort, candidate) -> str:
    record = record_of(cohort=cohort, candidate=candidate)
    if record.completed_on:
        return "Completed the program on"
    if record.complete:
        return "Every responsibility is met"
    return f"{len(record.met)} responsibilities met, {len(record.unmet)} still to meet."


def _attend(cohort, year, people, portfolio):
    candidate = people["candidate"]
    marks = [Mark(candidate, AttendanceStatus.PRESENT)]
    return lambda: record_attendance(meeting=year["meeting"], marks=marks, actor=people["instructor"])


def _grade(cohort, year, people, portfolio):
    submission = SubmissionFactory(
        assignment=year["assignment"],
        candidate=people["candidate"],
        submitted_at=year["assignment"].due_at - timedelta(days=1),
    )
    return lambda: grade_submission(
        submission=submission, grade=Grade.PASS, comments="Clear and complete.", actor=people["instructor"]
    )


def _assess(cohort, year, people, portfolio):
    presentation = PresentationFactory(
        session=year["session"], candidate=people["candidate"], scheduled_at=year["meeting"].starts_at
    )
    return lambda: assess_presentation(
        presentation=presentation, result=PresentationResult.PASS, comments="", actor=people["instructor"]
    )


def _mark_ready(cohort, year, people, portfolio):
    entries = [
        ArtifactFactory(portfolio=portfolio, session=year["session"], ready_for_review=False),
        ReflectionFactory(portfolio=portfolio, session=year["session"], ready_for_review=False),
    ]

    def change():
        for entry in entries:
            mark_ready(entry=entry, ready=True)

    return change


def _give_feedback(cohort, year, people, portfolio):
    return lambda: give_program_feedback(cohort=cohort, candidate=people["candidate"], session=None, rating=4)


def _complete(cohort, year, people, portfolio):
    return lambda: completion_services.mark_completed(
        cohort=cohort, candidate=people["candidate"], actor=people["program_manager"]
    )


@pytest.mark.parametrize(
    ("missing", "prepare"),
    [
        ("attendance", _attend),
        ("assignment", _grade),
        ("class_presentation", _assess),
        ("portfolio", _mark_ready),
        ("feedback", _give_feedback),
        (None, _complete),
    ],
)
def test_a_change_through_a_service_shows_at_the_next_visit(
    client, cohort, year, people, give_evidence, django_capture_on_commit_callbacks, missing, prepare
):
    candidate = people["candidate"]
    portfolio = give_evidence(candidate, skip={missing} if missing else ())
    change = prepare(cohort, year, people, portfolio)
    client.force_login(people["program_manager"])
    before = _summary(client, cohort, candidate)
    assert _expected(cohort, candidate) in before

    with django_capture_on_commit_callbacks(execute=True):
        change()

    after = _summary(client, cohort, candidate)
    assert _expected(cohort, candidate) in after
    assert after != before


def test_the_kept_record_holds_no_user(client, cohort, people, give_evidence):
    candidate = people["candidate"]
    give_evidence(candidate)
    client.force_login(people["program_manager"])

    page = client.get(reverse("completion:progress", args=[cohort.slug, candidate.pk]))

    assert page.context["record"].candidate == candidate
    _, kept = cache.get(f"figures:{cohort.pk}:progress:{candidate.pk}")
    assert kept.candidate is None
    assert candidate.password.encode() not in pickle.dumps(kept)
