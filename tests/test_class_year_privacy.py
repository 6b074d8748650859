"""What the class year keeps private, tried as every other role in the pages, the exports, the calendar feeds
and the e-mails: a mentor's feedback for the program manager only (never the candidate's to read), and an
instructor's comments on a candidate's work (the candidate's, their mentor's and the staff's)."""

import io
import zipfile
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from portfolios.models import FeedbackAudience
from portfolios.services import give_feedback
from sessions.services import grade_submission, renew_calendar_feed, submit_assignment

from .class_sessions.factories import AssignmentFactory
from .factories import ClassSessionFactory, MeetingFactory
from .people import EVERY_ROLE
from .portfolios.factories import PortfolioFactory
from .privacy import cohort_exports, text_of

SECRET = "Struggles to delegate; I worry about burnout before session six"
COMMENTS = "The reserve figures on page two do not add up to the total"


def text_or_zip(response) -> str:
    """The response's text; a zip's, every member's."""
    if response.get("Content-Type", "").startswith("application/zip"):
        archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content) or response.content))
        return "".join(archive.read(name).decode(errors="replace") for name in archive.namelist())
    return text_of(response) if response.status_code == 200 else ""


def seen_by(client, user, urls) -> list[str]:
    """The URLs (pages, exports and the person's calendar feed) whose answer to `user` holds a secret."""
    client.force_login(user)
    feed = reverse("class_sessions:feed", args=[renew_calendar_feed(user=user)])
    return [
        url for url in [*urls, feed] if any(s in text_or_zip(client.get(url)) for s in (SECRET, COMMENTS))
    ]


def mailed_to() -> set[str]:
    return {
        address
        for message in mail.outbox
        if any(
            s in message.body or any(s in str(p[0]) for p in message.alternatives) for s in (SECRET, COMMENTS)
        )
        for address in message.to
    }


@pytest.fixture
def private_feedback(cohort, people, django_capture_on_commit_callbacks):
    portfolio = PortfolioFactory(cohort=cohort, candidate=people["candidate"])
    with django_capture_on_commit_callbacks(execute=True):
        give_feedback(
            portfolio=portfolio,
            author=people["mentor"],
            audience=FeedbackAudience.MENTOR_TO_MANAGER,
            body=SECRET,
        )
    return portfolio


def portfolio_pages(cohort, portfolio, candidate) -> list[str]:
    return [
        reverse("home"),
        reverse("notifications:inbox"),
        *(
            reverse(f"portfolios:{name}", args=[portfolio.pk])
            for name in ("detail", "print", "feedback", "export")
        ),
        reverse("portfolios:overview", args=[cohort.slug]),
        reverse("completion:progress", args=[cohort.slug, candidate.pk]),
        *cohort_exports(cohort),
    ]


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_private_feedback_for_the_manager_is_read_by_the_mentor_and_the_manager_only(
    client, cohort, people, private_feedback, role
):
    seen = seen_by(client, people[role], portfolio_pages(cohort, private_feedback, people["candidate"]))

    if role in ("mentor", "program_manager"):
        assert reverse("portfolios:feedback", args=[private_feedback.pk]) in seen
    else:
        assert seen == []


def test_private_feedback_is_e_mailed_to_the_managers_only(people, private_feedback):
    assert mailed_to() == {people["program_manager"].email}


@pytest.fixture
def graded_work(cohort, people, django_capture_on_commit_callbacks):
    """The candidate's work failed with comments by the session's instructor."""
    session = ClassSessionFactory(cohort=cohort, number=2)
    session.instructors.add(people["instructor"])
    MeetingFactory(session=session, starts_at=timezone.now() + timedelta(days=5))
    assignment = AssignmentFactory(session=session, due_at=timezone.now() + timedelta(days=2))
    with django_capture_on_commit_callbacks(execute=True):
        work = submit_assignment(assignment=assignment, candidate=people["candidate"], text="My plan.")
        grade_submission(submission=work, grade="fail", comments=COMMENTS, actor=people["instructor"])
    return work


@pytest.mark.parametrize("role", EVERY_ROLE)
def test_grade_comments_are_read_by_the_candidate_their_mentor_and_the_staff_only(
    client, cohort, people, graded_work, role
):
    pages = [
        reverse("home"),
        reverse("notifications:inbox"),
        graded_work.get_absolute_url(),
        graded_work.assignment.get_absolute_url(),
        graded_work.assignment.session.get_absolute_url(),
        reverse("completion:progress", args=[cohort.slug, people["candidate"].pk]),
        *cohort_exports(cohort),
    ]

    seen = seen_by(client, people[role], pages)

    if role in ("candidate", "mentor", "instructor", "program_manager"):
        assert graded_work.get_absolute_url() in seen
    else:
        assert seen == []


def test_grade_comments_are_e_mailed_to_the_candidate_only(people, graded_work):
    assert mailed_to() <= {people["candidate"].email, people["mentor"].email}
    assert people["candidate"].email in mailed_to()
