"""Reminders of mentoring: an evaluation, portfolio review or check-in coming up, a mentor meeting scheduled
ahead, a follow-up item coming due, and pairs gone quiet."""

from collections.abc import Iterable
from datetime import datetime, time, timedelta

from django.utils import timezone

from cohorts.models import Cohort
from cto_mentor.notifications.reminders import Kind, Target, register, remind

from . import selectors, services

FOLLOW_UP_DUE_AT = time(9)  # a follow-up is due on a day; its reminders count back from 9 a.m. that day

QUIET_PAIR_DEFAULT_HOURS = 4 * 168


def event_targets(cohort: Cohort, start: datetime, end: datetime) -> Iterable[Target]:
    for event in selectors.upcoming_events(start=start, end=end):
        if event.cohort.pk == cohort.pk:
            yield Target(
                about=event.subject,
                moment=event.starts_at,
                recipients=event.expected(),
                context=lambda event=event: {"event": event, "cohort": cohort},
                link=getattr(event.subject, "get_absolute_url", cohort.get_absolute_url)(),
            )


def meeting_targets(cohort: Cohort, start: datetime, end: datetime) -> Iterable[Target]:
    for meeting in selectors.scheduled_meetings_starting(cohort=cohort, start=start, end=end):
        yield Target(
            about=meeting,
            moment=meeting.starts_at,
            recipients=[meeting.pairing.mentor, meeting.pairing.candidate],
            context=lambda meeting=meeting: {"meeting": meeting, "cohort": cohort},
            link=services.meetings_link(meeting.pairing),
        )


def follow_up_targets(cohort: Cohort, start: datetime, end: datetime) -> Iterable[Target]:
    """Open follow-up items whose due day (at FOLLOW_UP_DUE_AT on the cohort's clock) falls in the window:
    to the owner, or to both people of the pair for a meeting's item without one."""
    first, last = (timezone.localdate(moment, cohort.tz) for moment in (start, end))
    for follow_up in selectors.open_follow_ups_due(cohort=cohort, first_day=first, last_day=last):
        moment = datetime.combine(follow_up.due_on, FOLLOW_UP_DUE_AT, tzinfo=cohort.tz)
        if not start <= moment < end:
            continue
        pairing = follow_up.meeting.pairing if follow_up.meeting_id else None
        yield Target(
            about=follow_up,
            moment=moment,
            recipients=[follow_up.owner] if follow_up.owner else [pairing.mentor, pairing.candidate],
            context=lambda follow_up=follow_up: {"follow_up": follow_up, "cohort": cohort},
            link=services.follow_up_link(follow_up),
        )


def remind_quiet_pairs(cohort: Cohort, offsets: list[int], now: datetime) -> int:
    """Both people of a pair with no meeting logged for as many weeks as the shortest offset, once per quiet
    spell."""
    weeks = max(1, min(offsets) // 168)
    if cohort.classes_start > timezone.localdate(now, cohort.tz) - timedelta(weeks=weeks):
        return 0
    queued = 0
    for pairing in selectors.quiet_pairs(cohort=cohort, weeks=weeks, now=now):
        if pairing.created_at > now - timedelta(weeks=weeks):
            continue
        target = Target(
            about=pairing,
            moment=now,
            recipients=[pairing.mentor, pairing.candidate],
            context=lambda pairing=pairing: {"pairing": pairing, "cohort": cohort, "weeks": weeks},
            link="/",
        )
        queued += remind("quiet_pair_reminder", target, f"since-{pairing.last_meeting or 'pairing'}", cohort)
    return queued


register(
    Kind(
        "event",
        "Mid-year evaluation, portfolio review or mentor check-in coming up",
        "event_reminder",
        (168, 24),
        targets=event_targets,
    ),
    Kind(
        "mentor_meeting",
        "Mentor meeting scheduled ahead coming up",
        "mentor_meeting_reminder",
        (24,),
        targets=meeting_targets,
    ),
    Kind(
        "follow_up_due",
        "Follow-up item coming due",
        "follow_up_reminder",
        (48,),
        targets=follow_up_targets,
    ),
    Kind(
        "quiet_pair",
        "No mentor meeting logged for a while",
        "quiet_pair_reminder",
        (QUIET_PAIR_DEFAULT_HOURS,),
        send_due=remind_quiet_pairs,
    ),
)
