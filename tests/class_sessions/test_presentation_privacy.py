"""A presentation's result and comments are for the presenter, their mentor, the session's instructors and the
program manager; everyone else in the cohort sees who presents when, never the result: tried by every role in
the pages, the exports, the calendar feeds and the e-mails."""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Role
from sessions import selectors
from sessions.models import Presentation
from sessions.services import renew_calendar_feed, schedule_presentation

from ..factories import MembershipFactory
from ..privacy import cohort_exports, text_of
from .factories import PresentationFactory

COMMENTS = "Rehearse the figures of slide four before presenting again"
READERS = ["candidate", "mentor", "instructor", "program_manager"]
OTHERS_IN_COHORT = ["other_candidate", "other_mentor", "reviewer", "instructor_of_another_session"]
OUTSIDERS = ["manager_of_other_cohort", "applicant"]


@pytest.fixture
def everyone(people, cohort, other_session):
    other_instructor = MembershipFactory(cohort=cohort, role=Role.INSTRUCTOR).user
    other_session.instructors.add(other_instructor)
    return {**people, "instructor_of_another_session": other_instructor}


@pytest.fixture
def presentation(client, session, meeting, everyone, django_capture_on_commit_callbacks):
    """The candidate's presentation, given an hour ago and failed with comments by the session's instructor
    through the page."""
    presentation = schedule_presentation(
        session=session,
        candidate=everyone["candidate"],
        topic="E-rate",
        scheduled_at=timezone.now() - timedelta(hours=1),
    )
    client.force_login(everyone["instructor"])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("class_sessions:presentation_assess", args=[presentation.pk]),
            {"result": "fail", "comments": COMMENTS},
        )
    client.logout()
    presentation.refresh_from_db()
    assert (presentation.result, presentation.comments) == ("fail", COMMENTS)
    return presentation


@pytest.mark.parametrize("role", READERS)
def test_presentation_result_shown_on_the_session_page_to_its_readers(client, everyone, presentation, role):
    client.force_login(everyone[role])
    text = client.get(presentation.session.get_absolute_url()).text
    assert COMMENTS in text
    assert "Fail" in text


@pytest.mark.parametrize("role", OTHERS_IN_COHORT)
def test_presentation_result_hidden_from_the_rest_of_the_cohort(client, everyone, presentation, role):
    client.force_login(everyone[role])
    response = client.get(presentation.session.get_absolute_url())
    assert response.status_code == 200
    assert "E-rate" in response.text and str(everyone["candidate"]) in response.text  # who presents, on what
    assert COMMENTS not in response.text
    assert "Fail" not in response.text
    assert "Shared with the presenter, their mentor and the instructors" in response.text


@pytest.mark.parametrize("role", OUTSIDERS)
def test_presentation_session_page_refused_to_outsiders(client, everyone, presentation, role):
    client.force_login(everyone[role])
    assert client.get(presentation.session.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("role", OTHERS_IN_COHORT + OUTSIDERS)
def test_presentation_result_not_in_any_other_page_of_a_non_reader(client, everyone, presentation, role):
    """The home page, the presenter's progress page and the assessment form (read or posted to) show nothing,
    and a post changes nothing."""
    client.force_login(everyone[role])
    cohort = presentation.session.cohort
    assess = reverse("class_sessions:presentation_assess", args=[presentation.pk])
    progress = reverse("completion:progress", args=[cohort.slug, everyone["candidate"].pk])
    for url in (reverse("home"), progress, assess, reverse("cohorts:archive", args=[cohort.slug])):
        assert COMMENTS not in client.get(url).text
    assert client.get(progress).status_code == 404
    assert client.get(assess).status_code == 404
    assert client.post(assess, {"result": "pass", "comments": "Fine"}).status_code == 404
    presentation.refresh_from_db()
    assert (presentation.result, presentation.comments) == ("fail", COMMENTS)


@pytest.mark.parametrize("role", OTHERS_IN_COHORT + OUTSIDERS)
def test_presentation_result_not_in_exports_of_a_non_reader(client, everyone, presentation, role):
    exports = list(cohort_exports(presentation.session.cohort))
    assert reverse("class_sessions:attendance_csv", args=[presentation.session.cohort.slug]) in exports
    client.force_login(everyone[role])
    for url in exports:
        assert COMMENTS not in text_of(client.get(url))


@pytest.mark.parametrize("role", OTHERS_IN_COHORT + OUTSIDERS)
def test_presentation_result_not_in_the_calendar_feed_of_a_non_reader(client, everyone, presentation, role):
    token = renew_calendar_feed(user=everyone[role])
    response = client.get(reverse("class_sessions:feed", args=[token]))
    assert response.status_code == 200
    assert COMMENTS not in response.content.decode()


def test_presentation_result_e_mailed_to_readers_only(everyone, presentation):
    """Whatever the assessment sends (the fixture assessed through the page, with on-commit work run)."""
    readers = {everyone[role].email for role in READERS}
    for message in mail.outbox:
        if COMMENTS in message.body or any(COMMENTS in str(part[0]) for part in message.alternatives):
            assert set(message.to) <= readers


def test_presentations_of_keeps_to_the_permission(everyone, session):
    """The session page's selector hides a result exactly where `view_presentation_result` refuses it."""
    mine = PresentationFactory(
        session=session, candidate=everyone["candidate"], result="pass", comments="Good"
    )
    theirs = PresentationFactory(
        session=session, candidate=everyone["other_candidate"], result="fail", comments="Again"
    )
    for user in everyone.values():
        shown = {p.pk: p for p in selectors.presentations_of(session=session, viewer=user)}
        for presentation in (mine, theirs):
            may_read = user.has_perm("class_sessions.view_presentation_result", presentation)
            assert shown[presentation.pk].result_private is not may_read
            expected = Presentation.objects.get(pk=presentation.pk).comments if may_read else ""
            assert shown[presentation.pk].comments == expected
