import re
from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from icalendar import Calendar

from cohorts.models import Membership, Role
from sessions.calendar import meeting_ics, person_feed, session_ics
from sessions.models import CalendarFeed, SessionKind
from sessions.services import renew_calendar_feed, restore_calendar_feed, revoke_calendar_feed

from ..factories import ClassSessionFactory, MeetingFactory

PACIFIC = ZoneInfo("America/Los_Angeles")


def at(day, hour, minute=0):
    return datetime.combine(day, time(hour, minute), tzinfo=PACIFIC)


def events(ics: bytes) -> list[tuple]:
    """(summary, start in UTC, end in UTC) of each event, parsed back from the file."""
    calendar = Calendar.from_ical(ics)
    return sorted(
        (
            str(event["SUMMARY"]),
            event.decoded("DTSTART").astimezone(UTC),
            event.decoded("DTEND").astimezone(UTC),
        )
        for event in calendar.walk("VEVENT")
    )


@pytest.fixture
def dst_session(cohort):
    """Session 2 with one day before the change to daylight-saving time (March 11, 2018) and one after."""
    session = ClassSessionFactory(cohort=cohort, number=2, title="Professional Development")
    before = MeetingFactory(
        session=session, starts_at=at(date(2018, 3, 2), 17, 30), ends_at=at(date(2018, 3, 2), 21, 30)
    )
    after = MeetingFactory(
        session=session, starts_at=at(date(2018, 3, 17), 8), ends_at=at(date(2018, 3, 17), 16)
    )
    return session, before, after


def test_session_ics_keeps_local_hours_across_daylight_saving_change(dst_session):
    session, before, after = dst_session
    parsed = events(session_ics(session))
    assert [(start, end) for _, start, end in parsed] == [
        (datetime(2018, 3, 3, 1, 30, tzinfo=UTC), datetime(2018, 3, 3, 5, 30, tzinfo=UTC)),  # PST, UTC-8
        (datetime(2018, 3, 17, 15, 0, tzinfo=UTC), datetime(2018, 3, 17, 23, 0, tzinfo=UTC)),  # PDT, UTC-7
    ]
    assert [(start, end) for _, start, end in parsed] == [
        (before.starts_at.astimezone(UTC), before.ends_at.astimezone(UTC)),
        (after.starts_at.astimezone(UTC), after.ends_at.astimezone(UTC)),
    ]


def test_session_ics_is_valid_calendar_with_zone_and_unique_ids(dst_session):
    session, before, after = dst_session
    calendar = Calendar.from_ical(session_ics(session))
    assert str(calendar["VERSION"]) == "2.0"
    assert str(calendar["PRODID"]) == "-//CTO Mentor Program//Class schedule//EN"
    assert [str(tz["TZID"]) for tz in calendar.walk("VTIMEZONE")] == ["America/Los_Angeles"]
    vevents = calendar.walk("VEVENT")
    assert {str(e["UID"]) for e in vevents} == {
        f"meeting-{before.pk}@127.0.0.1",
        f"meeting-{after.pk}@127.0.0.1",
    }
    assert all("DTSTAMP" in e for e in vevents)
    assert str(vevents[0]["SUMMARY"]).startswith("Session 2 — Professional Development")
    assert str(vevents[0]["LOCATION"]) == "Sacramento, CA"
    assert vevents[0]["DTSTART"].params["TZID"] == "America/Los_Angeles"
    assert vevents[0].decoded("DTSTART").replace(tzinfo=None) == datetime(2018, 3, 2, 17, 30)


def test_meeting_ics_holds_the_one_meeting(dst_session):
    _, before, after = dst_session
    parsed = events(meeting_ics(after))
    assert [(start, end) for _, start, end in parsed] == [
        (after.starts_at.astimezone(UTC), after.ends_at.astimezone(UTC))
    ]


def test_person_feed_lists_what_each_role_must_attend(cohort, people, dst_session):
    session, before, after = dst_session
    kickoff = ClassSessionFactory(cohort=cohort, kind=SessionKind.KICKOFF, number=None, mentors_expected=True)
    kickoff_meeting = MeetingFactory(
        session=kickoff, starts_at=at(date(2018, 2, 2), 10), ends_at=at(date(2018, 2, 2), 12)
    )
    session.instructors.add(people["instructor"])

    def starts(user):
        return [start for _, start, _ in events(person_feed(user))]

    all_meetings = sorted(m.starts_at.astimezone(UTC) for m in (before, after, kickoff_meeting))
    assert starts(people["candidate"]) == all_meetings
    assert starts(people["mentor"]) == [kickoff_meeting.starts_at.astimezone(UTC)]
    assert starts(people["instructor"]) == [before.starts_at.astimezone(UTC), after.starts_at.astimezone(UTC)]
    assert starts(people["applicant"]) == []
    assert starts(people["manager_of_other_cohort"]) == []


def test_feed_url_serves_the_persons_feed_without_login(client, people, dst_session):
    token = renew_calendar_feed(user=people["candidate"])
    response = client.get(reverse("class_sessions:feed", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert len(events(response.content)) == 2


def test_feed_renewed_token_revokes_the_old_url(client, people, dst_session):
    old = renew_calendar_feed(user=people["candidate"])
    new = renew_calendar_feed(user=people["candidate"])
    assert new != old
    assert client.get(reverse("class_sessions:feed", args=[old])).status_code == 404
    assert client.get(reverse("class_sessions:feed", args=[new])).status_code == 200


def test_feed_revoked_answers_404(client, people, dst_session):
    token = renew_calendar_feed(user=people["candidate"])
    revoke_calendar_feed(user=people["candidate"])
    assert client.get(reverse("class_sessions:feed", args=[token])).status_code == 404
    assert client.get(reverse("class_sessions:feed", args=["guessed-token"])).status_code == 404


def test_calendar_feed_page_creates_renews_and_turns_off(client, people):
    client.force_login(people["candidate"])
    url = reverse("class_sessions:calendar_feed")
    assert "Create my feed address" in client.get(url).text
    response = client.post(url, {"action": "renew"}, follow=True)
    shown = re.search(r"/sessions/calendar/([\w-]+)\.ics", response.text).group(1)
    feed = CalendarFeed.objects.get(user=people["candidate"])
    assert feed.token_hash == CalendarFeed.hash_token(shown) and shown not in feed.token_hash
    assert client.get(reverse("class_sessions:feed", args=[shown])).status_code == 200
    assert shown not in client.get(url).text  # shown once: only its hash is kept
    response = client.post(url, {"action": "revoke"}, follow=True)
    assert "Turn your calendar feed off?" in response.text  # a direct POST is asked first
    assert client.get(reverse("class_sessions:feed", args=[shown])).status_code == 200
    response = client.post(reverse("class_sessions:calendar_feed_off"), follow=True)
    assert "Your calendar feed is off" in response.text
    assert client.get(reverse("class_sessions:feed", args=[shown])).status_code == 404


def test_calendar_feed_turned_off_can_be_turned_on_again_at_the_same_address(client, people):
    token = renew_calendar_feed(user=people["candidate"])
    client.force_login(people["candidate"])
    response = client.post(reverse("class_sessions:calendar_feed_off"), follow=True)
    undo = reverse("class_sessions:calendar_feed_on")
    assert f'action="{undo}"' in response.text
    response = client.post(undo, follow=True)
    assert "Your calendar feed is on again, at the same address." in response.text
    assert client.get(reverse("class_sessions:feed", args=[token])).status_code == 200


def test_calendar_feed_cannot_be_turned_on_again_once_renewed(people):
    old = renew_calendar_feed(user=people["candidate"])
    revoke_calendar_feed(user=people["candidate"])
    renew_calendar_feed(user=people["candidate"])
    with pytest.raises(ValidationError, match="no feed turned off"):
        restore_calendar_feed(user=people["candidate"])
    assert CalendarFeed.objects.get(user=people["candidate"]).token_hash != CalendarFeed.hash_token(old)


def test_calendar_feed_page_anonymous_goes_to_login(client, db):
    response = client.get(reverse("class_sessions:calendar_feed"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def test_session_ics_download_is_public_like_the_timeline(client, dst_session):
    session, _, _ = dst_session
    response = client.get(reverse("class_sessions:session_ics", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{session.cohort.slug}-session-2.ics"'
    assert len(events(response.content)) == 2


def test_person_feed_of_a_person_with_two_roles_has_no_duplicates(cohort, people, dst_session, member):
    session, before, after = dst_session
    session.instructors.add(people["candidate"])
    Membership.objects.create(cohort=cohort, user=people["candidate"], role=Role.INSTRUCTOR)
    assert len(events(person_feed(people["candidate"]))) == 2


def test_feed_times_match_schedule_after_dst_ends(cohort):
    session = ClassSessionFactory(cohort=cohort, number=8)
    MeetingFactory(session=session, starts_at=at(date(2018, 11, 3), 8), ends_at=at(date(2018, 11, 3), 16))
    MeetingFactory(session=session, starts_at=at(date(2018, 11, 12), 9), ends_at=at(date(2018, 11, 12), 12))
    assert [start for _, start, _ in events(session_ics(session))] == [
        datetime(2018, 11, 3, 15, 0, tzinfo=UTC),
        datetime(2018, 11, 12, 17, 0, tzinfo=UTC),
    ]
