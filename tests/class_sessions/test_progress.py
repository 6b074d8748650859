from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from sessions.models import Presentation, PresentationKind, SessionKind
from sessions.services import (
    assess_presentation,
    schedule_presentation,
)

from ..factories import ClassSessionFactory, MeetingFactory


@pytest.fixture
def final(cohort):
    session = ClassSessionFactory(cohort=cohort, kind=SessionKind.FINAL, number=None)
    MeetingFactory(session=session, starts_at=timezone.now() + timedelta(days=60))
    return session


# Presentations ------------------------------------------------------------------------------------------


def test_schedule_presentation_at_the_final_is_the_final_one(final, session, people):
    in_class = schedule_presentation(session=session, candidate=people["candidate"], topic="Budget")
    at_final = schedule_presentation(session=final, candidate=people["candidate"], topic="My year")
    assert (in_class.kind, at_final.kind) == (PresentationKind.CLASS, PresentationKind.FINAL)


def test_schedule_presentation_twice_in_a_session_is_refused(session, people):
    schedule_presentation(session=session, candidate=people["candidate"], topic="Budget")
    with pytest.raises(ValidationError):
        schedule_presentation(session=session, candidate=people["candidate"], topic="Again")


def test_assess_presentation_fail_needs_comments(session, people):
    presentation = schedule_presentation(session=session, candidate=people["candidate"], topic="Budget")
    with pytest.raises(ValidationError):
        assess_presentation(presentation=presentation, result="fail", comments="", actor=people["instructor"])


def test_presentation_pages_instructor_plans_and_assesses(client, session, meeting, people):
    client.force_login(people["instructor"])
    client.post(
        reverse("class_sessions:presentation_create", args=[session.pk]),
        {"candidate": people["candidate"].pk, "topic": "E-rate funding", "scheduled_at": "2020-04-07T10:00"},
    )
    presentation = Presentation.objects.get()
    assert presentation.topic == "E-rate funding"
    response = client.post(
        reverse("class_sessions:presentation_assess", args=[presentation.pk]),
        {"result": "pass", "comments": "Clear and well argued."},
        follow=True,
    )
    assert f"The presentation of {people['candidate']} is assessed." in response.text
    presentation.refresh_from_db()
    assert (presentation.result, presentation.assessed_by) == ("pass", people["instructor"])


@pytest.mark.parametrize("role", ["candidate", "mentor", "reviewer", "manager_of_other_cohort"])
def test_presentation_pages_refused_to_others(client, session, people, role):
    presentation = schedule_presentation(session=session, candidate=people["candidate"], topic="Budget")
    client.force_login(people[role])
    assert client.get(reverse("class_sessions:presentation_create", args=[session.pk])).status_code == 404
    assert (
        client.post(
            reverse("class_sessions:presentation_assess", args=[presentation.pk]), {"result": "pass"}
        ).status_code
        == 404
    )
    assert Presentation.objects.get().result == ""


def test_presentation_assess_refused_to_instructor_of_another_session(client, other_session, people):
    presentation = schedule_presentation(session=other_session, candidate=people["candidate"], topic="Budget")
    client.force_login(people["instructor"])
    assert (
        client.get(reverse("class_sessions:presentation_assess", args=[presentation.pk])).status_code == 404
    )


def test_presentation_edit_changes_topic_and_time_in_cohort_zone(client, session, people):
    presentation = schedule_presentation(session=session, candidate=people["candidate"], topic="Budget")
    client.force_login(people["program_manager"])
    url = reverse("class_sessions:presentation_edit", args=[presentation.pk])
    assert 'value="Budget"' in client.get(url).text
    client.post(
        url, {"candidate": people["candidate"].pk, "topic": "E-rate", "scheduled_at": "2030-07-13T19:00"}
    )
    presentation.refresh_from_db()
    assert presentation.topic == "E-rate"
    assert presentation.scheduled_at.astimezone(session.cohort.tz).strftime("%Y-%m-%d %H:%M %Z") == (
        "2030-07-13 19:00 PDT"
    )


def test_presentation_edit_refused_to_candidate(client, session, people):
    presentation = schedule_presentation(session=session, candidate=people["candidate"], topic="Budget")
    client.force_login(people["candidate"])
    assert client.get(reverse("class_sessions:presentation_edit", args=[presentation.pk])).status_code == 404
