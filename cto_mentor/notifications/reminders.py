"""Reminders: which notices are due now, computed in each cohort's time zone, queued through the outbox.

A reminder kind lists its targets (an object with a moment: a deadline or a start, and the people to remind).
For each target, the latest reminder point already passed (moment minus an offset, in the cohort's wall-clock
time) names the occasion, so the outbox key makes each reminder go out once however often this runs, by two
beats, two workers or a rerun after a crash; a point missed while nothing ran is replaced by the next one.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from cohorts.models import Cohort
from sessions.models import Meeting
from sessions.selectors import expected_attendees

from .models import ReminderKind, ReminderSetting
from .services import queue


@dataclass
class Target:
    about: object
    moment: datetime
    recipients: list
    context: dict
    link: str
    attachments: list = field(default_factory=list)


@dataclass(frozen=True)
class Kind:
    notice: str
    default_offsets_hours: tuple[int, ...]
    targets: Callable[[Cohort, datetime, datetime], Iterable[Target]]


def meeting_targets(cohort: Cohort, start: datetime, end: datetime) -> Iterable[Target]:
    meetings = Meeting.objects.filter(session__cohort=cohort, starts_at__gt=start, starts_at__lte=end)
    for meeting in meetings.select_related("session"):
        yield Target(
            about=meeting,
            moment=meeting.starts_at,
            recipients=expected_attendees(meeting=meeting),
            context={"meeting": meeting, "cohort": cohort},
            link=cohort.get_absolute_url(),
        )


KINDS: dict[str, Kind] = {
    ReminderKind.MEETING: Kind("meeting_reminder", (48,), meeting_targets),
}


def latest_point_passed(
    moment: datetime, offsets: Iterable[int], cohort: Cohort, now: datetime
) -> int | None:
    """The smallest offset whose reminder point (moment minus offset, on the cohort's clock) has passed."""
    local = moment.astimezone(cohort.tz)
    passed = [hours for hours in offsets if local - timedelta(hours=hours) <= now < moment]
    return min(passed, default=None)


def active_cohorts(now: datetime):
    today = timezone.localdate(now)
    return Cohort.objects.filter(Q(applications_close__gte=now) | Q(commencement__gte=today))


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Queue every reminder whose point has passed and whose moment has not. Returns how many were queued."""
    now = now or timezone.now()
    queued = 0
    for cohort in active_cohorts(now):
        for kind_name, (enabled, offsets) in current_settings(cohort).items():
            kind = KINDS[kind_name]
            if not (enabled and offsets):
                continue
            for target in kind.targets(cohort, now, now + timedelta(hours=max(offsets))):
                offset = latest_point_passed(target.moment, offsets, cohort, now)
                if offset is None:
                    continue
                for person in target.recipients:
                    message = queue(
                        notice=kind.notice,
                        to=person,
                        about=target.about,
                        occasion=f"{offset}h",
                        context=target.context,
                        link=target.link,
                        cohort=cohort,
                        attachments=target.attachments,
                    )
                    queued += message is not None
    return queued


def current_settings(cohort: Cohort) -> dict[str, tuple[bool, list[int]]]:
    """Each reminder kind of the cohort: (on, offsets in hours), the defaults where nothing is saved."""
    saved = {s.kind: s for s in ReminderSetting.objects.filter(cohort=cohort)}
    return {
        kind: (saved[kind].enabled, list(saved[kind].offsets_hours))
        if kind in saved
        else (True, list(spec.default_offsets_hours))
        for kind, spec in KINDS.items()
    }


def save_settings(*, cohort: Cohort, settings: dict[str, tuple[bool, list[int]]]) -> None:
    """Record the program manager's reminder times for the cohort."""
    for kind, (enabled, hours) in settings.items():
        ReminderSetting.objects.update_or_create(
            cohort=cohort, kind=kind, defaults={"enabled": enabled, "offsets_hours": hours}
        )
