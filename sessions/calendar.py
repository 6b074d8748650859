"""iCalendar (RFC 5545) files for the schedule: one session, one meeting, and a person's private feed.

Times are written in the cohort's own zone with its VTIMEZONE, so calendar programs keep the local class
hours on both sides of a daylight-saving change.

The feed also carries what other apps know a person must attend (mentor meetings, evaluations, reviews,
check-ins): an app lists them in a `calendar_feed.py` module with `entries(user, cohort)`, giving FeedEntry
items, the way `reminders.py` modules list their reminders.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from cohorts.models import Cohort
from cto_mentor.discovery import app_modules

from .models import ClassSession, Meeting
from .selectors import assignments_due_from, meetings_expected_of

PRODID = "-//CTO Mentor Program//Class schedule//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


@dataclass(frozen=True)
class FeedEntry:
    """Something a person must attend, from another app: `uid` is unique in the site (kind and id)."""

    uid: str
    cohort: Cohort
    starts_at: datetime
    ends_at: datetime
    summary: str
    location: str = ""
    description: str = ""
    path: str = ""


def _uid(name: str) -> str:
    return f"{name}@{urlsplit(settings.SITE_URL).hostname or 'cto-mentor'}"


def _entry_event(entry: FeedEntry, stamp) -> Event:
    event = Event()
    event.add("uid", _uid(entry.uid))
    event.add("dtstamp", stamp)
    event.add("dtstart", entry.starts_at.astimezone(entry.cohort.tz))
    event.add("dtend", entry.ends_at.astimezone(entry.cohort.tz))
    event.add("summary", f"{entry.summary} ({entry.cohort})")
    for name, value in (("location", entry.location), ("description", entry.description)):
        if value:
            event.add(name, value)
    if entry.path:
        event.add("url", settings.SITE_URL.rstrip("/") + entry.path)
    return event


def other_entries(user, cohort: Cohort) -> Iterable[FeedEntry]:
    for module in app_modules("calendar_feed"):
        yield from module.entries(user, cohort)


def _event(meeting: Meeting, stamp) -> Event:
    session, cohort = meeting.session, meeting.session.cohort
    zone = cohort.tz
    event = Event()
    event.add("uid", _uid(f"meeting-{meeting.pk}"))
    event.add("dtstamp", stamp)
    event.add("dtstart", meeting.starts_at.astimezone(zone))
    event.add("dtend", meeting.ends_at.astimezone(zone))
    title = f"{session}" + (f" — {session.title}" if session.title and session.title != session.label else "")
    event.add("summary", f"{title} ({cohort})")
    location = ", ".join(part for part in (meeting.location, meeting.address) if part)
    if location:
        event.add("location", location)
    if session.description:
        event.add("description", session.description)
    event.add("url", settings.SITE_URL.rstrip("/") + session.get_absolute_url())
    return event


def _finish(calendar: Calendar, meetings, entries: Iterable[FeedEntry] = ()) -> bytes:
    stamp = timezone.now()
    for meeting in meetings:
        calendar.add_component(_event(meeting, stamp))
    for entry in entries:
        calendar.add_component(_entry_event(entry, stamp))
    calendar.add_missing_timezones()
    return calendar.to_ical()


def session_ics(session: ClassSession) -> bytes:
    """Every meeting of the session, to download and import once."""
    calendar = _calendar(f"{session} — {session.cohort}")
    calendar.add("method", "PUBLISH")
    meetings = session.meetings.select_related("session__cohort").order_by("starts_at")
    return _finish(calendar, meetings)


def meeting_ics(meeting: Meeting) -> bytes:
    """One meeting, for a reminder e-mail's attachment."""
    calendar = _calendar(f"{meeting.session} — {meeting.session.cohort}")
    calendar.add("method", "PUBLISH")
    return _finish(calendar, [meeting])


def due_entries(user, cohort: Cohort) -> list[FeedEntry]:
    """The due time of each assignment the person must hand in, as a moment."""
    return [
        FeedEntry(
            uid=f"assignment-{assignment.pk}",
            cohort=cohort,
            starts_at=assignment.due_at,
            ends_at=assignment.due_at,
            summary=f"Due: {assignment.title}, {assignment.session}",
            path=assignment.get_absolute_url(),
        )
        for assignment in assignments_due_from(user=user, cohort=cohort)
    ]


def person_feed(user) -> bytes:
    """Every meeting the person must attend and every assignment they must hand in, in every cohort they
    belong to: their subscription feed."""
    meetings, entries = [], []
    for cohort in Cohort.objects.for_user(user):
        meetings += meetings_expected_of(user=user, cohort=cohort).select_related("session__cohort")
        entries += due_entries(user, cohort)
        entries += other_entries(user, cohort)
    meetings.sort(key=lambda m: m.starts_at)
    entries.sort(key=lambda e: e.starts_at)
    calendar = _calendar(f"CTO Mentor Program — {user}")
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    return _finish(calendar, meetings, entries)
