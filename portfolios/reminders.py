"""Reminders of mentoring: an evaluation, portfolio review or check-in coming up, and pairs gone quiet."""

from collections.abc import Iterable
from datetime import datetime, timedelta

from django.utils import timezone

from cohorts.models import Cohort
from cto_mentor.notifications.reminders import Kind, Target, register, remind

from . import selectors

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
        "quiet_pair",
        "No mentor meeting logged for a while",
        "quiet_pair_reminder",
        (QUIET_PAIR_DEFAULT_HOURS,),
        send_due=remind_quiet_pairs,
    ),
)
