"""Pages write a class day once, with its zone, and never repeat a word or call a person 'they' to their face."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags

from applications.models import Status
from cohorts.models import Role
from sessions.models import SessionKind

from .applications.factories import ApplicationFactory, AvailabilityFactory
from .factories import ClassSessionFactory, MeetingFactory

KICKOFF_STARTS = datetime(2031, 2, 7, 10, tzinfo=ZoneInfo("America/Los_Angeles"))


def words(response) -> str:
    assert response.status_code == 200
    return " ".join(strip_tags(response.content.decode()).split())


def kickoff_meeting(cohort):
    kickoff = ClassSessionFactory(
        cohort=cohort, kind=SessionKind.KICKOFF, number=None, title="Kickoff meeting"
    )
    return MeetingFactory(
        session=kickoff, starts_at=KICKOFF_STARTS, ends_at=KICKOFF_STARTS + timedelta(hours=2)
    )


def test_availability_form_writes_each_class_day_once_with_its_zone(client, cohort):
    kickoff_meeting(cohort)
    application = ApplicationFactory(cohort=cohort)
    client.force_login(application.applicant)

    text = words(client.get(reverse("applications:availability", args=[application.pk])))

    assert "Kickoff meeting: Fri, Feb 7, 2031, 10:00 a.m.–12:00 p.m. Pacific Time (PST)" in text
    assert "Kickoff meeting — Kickoff meeting" not in text


def test_kickoff_page_names_the_session_once(client, cohort, member):
    meeting = kickoff_meeting(cohort)
    client.force_login(member(Role.CANDIDATE))

    text = words(client.get(meeting.session.get_absolute_url()))

    assert "Kickoff meeting — Kickoff meeting" not in text
    assert "Fri, Feb 7, 2031, 10:00 a.m.–12:00 p.m. Pacific Time (PST)" in text


def test_own_submitted_application_says_submitted_once_and_speaks_to_the_applicant(client, cohort, member):
    application = ApplicationFactory(cohort=cohort, status=Status.SUBMITTED, submitted_at=timezone.now())
    AvailabilityFactory(
        application=application, meeting=kickoff_meeting(cohort), available=False, note="Board"
    )
    detail = reverse("applications:detail", args=[application.pk])

    client.force_login(application.applicant)
    own = words(client.get(detail))
    client.force_login(member(Role.PROGRAM_MANAGER))
    managers = words(client.get(detail))

    assert "Submitted Submitted" not in own
    assert "Submitted On " in own
    assert "Class dates you cannot attend" in own
    assert "Class dates they cannot attend" in managers
