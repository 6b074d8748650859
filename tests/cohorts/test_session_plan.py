"""A whole session with its Friday evening and Saturday in one form, on the cohort's clock."""

from datetime import date, datetime, time

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from sessions import services
from sessions.models import ClassSession, Meeting

from ..class_sessions.factories import AttendanceFactory
from ..factories import ClassSessionFactory, MeetingFactory
from .year import PACIFIC, at


def form_data(**change):
    data = {
        "kind": "class",
        "number": "4",
        "title": "Security Fundamentals",
        "topics": "Security Fundamentals\nOrganizational Management",
        "friday": "2031-03-07T17:30",
        "friday_ends": "2031-03-07T21:30",
        "saturday": "2031-03-08T08:00",
        "saturday_ends": "2031-03-08T16:00",
        "location": "Sacramento, CA",
    }
    return {**data, **change}


def local_meetings(session):
    return [
        (m.starts_at.astimezone(PACIFIC).strftime("%a %Y-%m-%d %H:%M %Z"), m.location)
        for m in session.meetings.order_by("starts_at")
    ]


def test_one_form_adds_a_session_with_its_two_days_in_the_cohorts_zone(client, cohort, people):
    client.force_login(people["program_manager"])
    url = reverse("class_sessions:plan_create", args=[cohort.slug])
    assert "Saturday starts (America/Los Angeles time)" in client.get(url).text
    response = client.post(url, form_data())
    session = ClassSession.objects.get(cohort=cohort, number=4)
    assert response.url == session.get_absolute_url()
    assert [t.name for t in session.topics.all()] == ["Security Fundamentals", "Organizational Management"]
    assert local_meetings(session) == [
        ("Fri 2031-03-07 17:30 PST", "Sacramento, CA"),
        ("Sat 2031-03-08 08:00 PST", "Sacramento, CA"),
    ]


def test_moving_a_session_keeps_its_meetings_and_their_attendance(client, cohort, people):
    session = ClassSessionFactory(cohort=cohort, number=4)
    friday = MeetingFactory(
        session=session,
        starts_at=at(date(2031, 3, 7), time(17, 30)),
        ends_at=at(date(2031, 3, 7), time(21, 30)),
    )
    MeetingFactory(
        session=session, starts_at=at(date(2031, 3, 8), time(8)), ends_at=at(date(2031, 3, 8), time(16))
    )
    AttendanceFactory(meeting=friday, person=people["candidate"])
    client.force_login(people["program_manager"])
    url = reverse("class_sessions:plan_edit", args=[session.pk])
    assert 'value="2031-03-07T17:30"' in client.get(url).text
    # A week later, across the change to daylight time on March 9, 2031: the same local hours.
    moved = form_data(
        friday="2031-03-14T17:30",
        friday_ends="2031-03-14T21:30",
        saturday="2031-03-15T08:00",
        saturday_ends="2031-03-15T16:00",
    )
    assert client.post(url, moved).status_code == 302
    assert local_meetings(session) == [
        ("Fri 2031-03-14 17:30 PDT", "Sacramento, CA"),
        ("Sat 2031-03-15 08:00 PDT", "Sacramento, CA"),
    ]
    assert Meeting.objects.get(pk=friday.pk).attendances.count() == 1


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"saturday": "2031-03-06T08:00", "saturday_ends": "2031-03-06T16:00"},
            "saturday",
            "It must start after the Friday evening ends.",
        ),
        ({"friday_ends": "2031-03-07T16:00"}, "friday_ends", "It must end after it starts."),
        ({"friday_ends": ""}, "friday_ends", "Give both times of the Friday."),
        (
            {"saturday": "2031-03-09T02:30", "saturday_ends": "2031-03-09T16:00"},
            "saturday",
            "Sun, Mar 9, 2031, 2:30 a.m. Pacific Time does not exist: the clocks spring forward then. "
            "Choose a time outside that hour.",
        ),
    ],
)
def test_bad_days_are_refused_beside_the_field_and_keep_what_was_typed(
    client, cohort, people, change, field, message
):
    client.force_login(people["program_manager"])
    response = client.post(reverse("class_sessions:plan_create", args=[cohort.slug]), form_data(**change))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert 'value="Security Fundamentals"' in response.text
    assert not ClassSession.objects.filter(cohort=cohort, number=4).exists()


def test_a_day_overlapping_another_sessions_meeting_is_refused(client, cohort, people):
    other = ClassSessionFactory(cohort=cohort, number=3)
    MeetingFactory(
        session=other, starts_at=at(date(2031, 3, 8), time(9)), ends_at=at(date(2031, 3, 8), time(12))
    )
    client.force_login(people["program_manager"])
    response = client.post(reverse("class_sessions:plan_create", args=[cohort.slug]), form_data())
    assert response.context["form"].errors["saturday"] == [
        "It overlaps Session 3's meeting of Sat, Mar 8, 2031, 9:00 a.m. Pacific Time (PST)."
    ]


def test_service_refuses_a_saturday_before_its_friday_without_the_form(cohort):
    friday = (at(date(2031, 3, 7), time(17, 30)), at(date(2031, 3, 7), time(21, 30)))
    saturday = (datetime(2031, 3, 7, 8, tzinfo=PACIFIC), datetime(2031, 3, 7, 16, tzinfo=PACIFIC))
    with pytest.raises(ValidationError) as refused:
        services.plan_session(
            cohort=cohort, days={"friday": friday, "saturday": saturday}, kind="class", number=4, title="x"
        )
    assert refused.value.message_dict == {"saturday": ["It must start after the Friday evening ends."]}
    assert not ClassSession.objects.filter(cohort=cohort).exists()
