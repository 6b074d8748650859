"""iCalendar (RFC 5545) files for the schedule: one session, one meeting, and a person's private feed.

Times are written in the cohort's own zone with its VTIMEZONE, so calendar programs keep the local class
hours on both sides of a daylight-saving change.
"""

from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from cohorts.models import Cohort

from .models import Assignment, ClassSession, Meeting
from .selectors import assignments_due_from, meetings_expected_of

PRODID = "-//CTO Mentor Program//Class schedule//EN"


def _calendar(name: str) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    return calendar


def _event(meeting: Meeting, stamp) -> Event:
    session, cohort = meeting.session, meeting.session.cohort
    zone = cohort.tz
    event = Event()
    event.add("uid", f"meeting-{meeting.pk}@{urlsplit(settings.SITE_URL).hostname or 'cto-mentor'}")
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


def _due_event(assignment: Assignment, stamp) -> Event:
    """An assignment's due time, as a moment: what the candidate must deliver by then."""
    cohort = assignment.session.cohort
    event = Event()
    event.add("uid", f"assignment-{assignment.pk}@{urlsplit(settings.SITE_URL).hostname or 'cto-mentor'}")
    event.add("dtstamp", stamp)
    event.add("dtstart", assignment.due_at.astimezone(cohort.tz))
    event.add("summary", f"Due: {assignment.title} ({assignment.session}, {cohort})")
    event.add("url", settings.SITE_URL.rstrip("/") + assignment.get_absolute_url())
    return event


def _finish(calendar: Calendar, meetings) -> bytes:
    stamp = timezone.now()
    for meeting in meetings:
        calendar.add_component(_event(meeting, stamp))
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


def person_feed(user) -> bytes:
    """Every meeting the person must attend and every assignment they must hand in, in every cohort they
    belong to: their subscription feed."""
    meetings, due = [], []
    for cohort in Cohort.objects.for_user(user):
        meetings += meetings_expected_of(user=user, cohort=cohort).select_related("session__cohort")
        due += assignments_due_from(user=user, cohort=cohort)
    meetings.sort(key=lambda m: m.starts_at)
    calendar = _calendar(f"CTO Mentor Program — {user}")
    calendar.add("refresh-interval", timedelta(hours=12), parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    stamp = timezone.now()
    for assignment in due:
        calendar.add_component(_due_event(assignment, stamp))
    return _finish(calendar, meetings)
