"""Reminders: which notices are due now, computed in each cohort's time zone, queued through the outbox.

Each app declares its kinds of reminder in a `reminders.py` module, found the first time the kinds are asked
for; this module knows none of them. A reminder kind lists its targets (an object with a moment: a deadline or
a start, and the people to remind). For each target, the latest reminder point already passed names the
occasion together with the moment itself ("168h@2030-03-16T15:00:00+00:00"), so the outbox key makes each
reminder go out once however often this runs, by two beats, two workers or a rerun after a crash, while a
moment moved (a meeting put off by a day, an applicant's extension) gets reminders of its own before the new
time. A point missed while nothing ran is replaced by the next one.

A reminder point is counted the way people count: an offset of whole days is "the same time of day, so many
days before" on the cohort's clock, so "1w" before a Saturday 10:00 meeting is the Saturday before at 10:00
even when daylight-saving time changed in between (168 elapsed hours would make it 9:00 or 11:00). Any other
offset ("3h") is elapsed time.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, tzinfo

from django.db.models import Q
from django.utils import timezone

from cohorts.models import Cohort
from cto_mentor.discovery import app_modules

from .models import Message, ReminderSetting
from .services import message_key, queue


@dataclass
class Target:
    """Something with a moment and the people to remind of it. `context` and `attachments` are callables,
    evaluated only for a reminder not sent yet."""

    about: object
    moment: datetime
    recipients: list
    context: Callable[[], dict]
    link: str
    attachments: Callable[[], list] = list
    send: Callable[[str], int] | None = None  # for a target that sends its own reminder (a fresh link)


@dataclass(frozen=True)
class Kind:
    """A kind of reminder a cohort can turn on and time: `name` is what `ReminderSetting.kind` stores, `label`
    what the settings page calls it.

    Most kinds give `targets(cohort, start, end)`, the things whose moment falls in the window; a kind whose
    offsets mean something else (time since the last mentor meeting) gives `send_due(cohort, offsets, now)`,
    which queues what is due and returns how many."""

    name: str
    label: str
    notice: str
    default_offsets_hours: tuple[int, ...]
    targets: Callable[[Cohort, datetime, datetime], Iterable[Target]] | None = None
    send_due: Callable[[Cohort, list[int], datetime], int] | None = None


_kinds: dict[str, Kind] = {}

CLOCK_CHANGE = timedelta(hours=1)  # how far daylight-saving time moves the clocks of the cohorts' zones


def register(*kinds: Kind) -> None:
    for kind in kinds:
        _kinds[kind.name] = kind


def all_kinds() -> dict[str, Kind]:
    """Every registered kind, by name, in the order of the apps in INSTALLED_APPS."""
    app_modules("reminders")
    return _kinds


def reminder_point(moment: datetime, hours: int, tz: tzinfo) -> datetime:
    """When the reminder `hours` before `moment` is due: whole days on the clock of `tz`, other offsets in
    elapsed time."""
    if hours % 24:
        return moment.astimezone(UTC) - timedelta(hours=hours)
    wall = moment.astimezone(tz).replace(tzinfo=None) - timedelta(hours=hours)
    return wall.replace(tzinfo=tz).astimezone(UTC)


def latest_point_passed(
    moment: datetime, offsets: Iterable[int], cohort: Cohort, now: datetime
) -> int | None:
    """The smallest offset whose reminder point has passed, for a moment still to come."""
    passed = [hours for hours in offsets if reminder_point(moment, hours, cohort.tz) <= now < moment]
    return min(passed, default=None)


def reminder_occasion(hours: int, moment: datetime) -> str:
    """The reminder's part of the outbox key: the offset and the moment it counts back from, in UTC, so a
    moment moved is reminded anew (and the key stays far below its 255 characters)."""
    return f"{hours}h@{moment.astimezone(UTC).isoformat()}"


def active_cohorts(now: datetime):
    today = timezone.localdate(now)
    return Cohort.objects.filter(Q(applications_close__gte=now) | Q(commencement__gte=today))


def send_due_reminders(*, now: datetime | None = None) -> int:
    """Queue every reminder whose point has passed and whose moment has not. Returns how many were queued."""
    # In UTC: hours added to a local time would be counted on its clock.
    now = (now or timezone.now()).astimezone(UTC)
    queued = 0
    for cohort in active_cohorts(now):
        settings = current_settings(cohort)
        for name, kind in all_kinds().items():
            enabled, offsets = settings[name]
            if not (enabled and offsets):
                continue
            if kind.send_due is not None:
                queued += kind.send_due(cohort, offsets, now)
                continue
            # A day on the clock can outlast 24 hours: ask for moments a clock change further ahead.
            end = now + timedelta(hours=max(offsets)) + CLOCK_CHANGE
            for target in kind.targets(cohort, now, end):
                offset = latest_point_passed(target.moment, offsets, cohort, now)
                if offset is not None:
                    queued += remind(kind.notice, target, reminder_occasion(offset, target.moment), cohort)
    return queued


def remind(notice: str, target: Target, occasion: str, cohort: Cohort) -> int:
    """Queue the notice to each recipient who has not had it yet; returns how many were queued."""
    if target.send is not None:
        return target.send(occasion)
    queued, context, attachments = 0, None, None
    for person in target.recipients:
        email = person if isinstance(person, str) else person.email
        if Message.objects.filter(key=message_key(notice, target.about, email, occasion)).exists():
            continue
        if context is None:  # built once per target, and only when someone is still to be reminded
            context, attachments = target.context(), target.attachments()
        message = queue(
            notice=notice,
            to=person,
            about=target.about,
            occasion=occasion,
            context=context,
            link=target.link,
            cohort=cohort,
            attachments=attachments,
        )
        queued += message is not None
    return queued


def current_settings(cohort: Cohort) -> dict[str, tuple[bool, list[int]]]:
    """Each reminder kind of the cohort: (on, offsets in hours), the defaults where nothing is saved."""
    saved = {s.kind: s for s in ReminderSetting.objects.filter(cohort=cohort)}
    return {
        name: (saved[name].enabled, list(saved[name].offsets_hours))
        if name in saved
        else (True, list(kind.default_offsets_hours))
        for name, kind in all_kinds().items()
    }


def save_settings(*, cohort: Cohort, settings: dict[str, tuple[bool, list[int]]]) -> None:
    """Record the program manager's reminder times for the cohort."""
    for kind, (enabled, hours) in settings.items():
        ReminderSetting.objects.update_or_create(
            cohort=cohort, kind=kind, defaults={"enabled": enabled, "offsets_hours": hours}
        )
