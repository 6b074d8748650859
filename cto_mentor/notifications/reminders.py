"""Reminders: which notices are due now, computed in each cohort's time zone, queued through the outbox.

A reminder kind lists its targets (an object with a moment: a deadline or a start, and the people to remind).
For each target, the latest reminder point already passed (moment minus an offset, in the cohort's wall-clock
time) names the occasion, so the outbox key makes each reminder go out once however often this runs, by two
beats, two workers or a rerun after a crash; a point missed while nothing ran is replaced by the next one.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from applications import selectors as application_selectors
from applications import services as application_services
from cohorts.models import Cohort
from portfolios import selectors as portfolio_selectors
from sessions import selectors as session_selectors
from sessions.calendar import meeting_ics
from sessions.models import Meeting

from .models import Message, ReminderKind, ReminderSetting
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
    notice: str
    default_offsets_hours: tuple[int, ...]
    targets: Callable[[Cohort, datetime, datetime], Iterable[Target]]


def meeting_targets(cohort: Cohort, start: datetime, end: datetime) -> Iterable[Target]:
    meetings = Meeting.objects.filter(session__cohort=cohort, starts_at__gt=start, starts_at__lte=end)
    for meeting in meetings.select_related("session__cohort"):
        yield Target(
            about=meeting,
            moment=meeting.starts_at,
            recipients=session_selectors.expected_attendees(meeting=meeting),
            context=lambda meeting=meeting: {"meeting": meeting, "cohort": cohort},
            link=cohort.get_absolute_url(),
            attachments=lambda meeting=meeting: [
                {
                    "filename": "meeting.ics",
                    "content": meeting_ics(meeting).decode(),
                    "mimetype": "text/calendar",
                }
            ],
        )


def application_targets(cohort: Cohort, start: datetime, end: datetime) -> Iterable[Target]:
    """Draft applications, each against its own deadline (an extension moves it)."""
    for application in application_selectors.applicants_to_remind(cohort=cohort):
        deadline = application.deadline
        if start < deadline <= end:
            yield Target(
                about=application,
                moment=deadline,
                recipients=[application.applicant],
                context=lambda application=application, deadline=deadline: {
                    "application": application,
                    "cohort": cohort,
                    "deadline": deadline,
                    "parts": application_selectors.checklist(application=application),
                },
                link=application.get_absolute_url(),
            )


def nomination_targets(cohort: Cohort, start: datetime, end: datetime) -> Iterable[Target]:
    """Nominators who have not answered, against their applicant's deadline; each reminder has a new link."""
    for nomination in application_selectors.nominations_awaiting(cohort=cohort):
        application = nomination.application
        deadline = application_selectors.deadline_for(cohort=cohort, applicant=application.applicant)
        if start < deadline <= end:
            yield Target(
                about=nomination,
                moment=deadline,
                recipients=[nomination.nominator_email],
                context=dict,
                link="",
                send=lambda occasion, nomination=nomination: int(
                    application_services.remind_nominator(nomination=nomination, occasion=occasion)
                ),
            )


def assignment_targets(cohort: Cohort, start: datetime, end: datetime) -> Iterable[Target]:
    for assignment in session_selectors.assignments_due_between(start=start, end=end).filter(
        session__cohort=cohort
    ):
        yield Target(
            about=assignment,
            moment=assignment.due_at,
            recipients=list(session_selectors.candidates_missing_submission(assignment=assignment)),
            context=lambda assignment=assignment: {"assignment": assignment, "cohort": cohort},
            link=assignment.get_absolute_url(),
        )


def event_targets(cohort: Cohort, start: datetime, end: datetime) -> Iterable[Target]:
    for event in portfolio_selectors.upcoming_events(start=start, end=end):
        if event.cohort.pk == cohort.pk:
            yield Target(
                about=event.subject,
                moment=event.starts_at,
                recipients=event.expected(),
                context=lambda event=event: {"event": event, "cohort": cohort},
                link=getattr(event.subject, "get_absolute_url", cohort.get_absolute_url)(),
            )


KINDS: dict[str, Kind] = {
    ReminderKind.APPLICATION_DEADLINE: Kind("application_deadline_reminder", (168, 24), application_targets),
    ReminderKind.NOMINATION: Kind("nomination_reminder", (168, 24), nomination_targets),
    ReminderKind.ASSIGNMENT_DUE: Kind("assignment_due_reminder", (48,), assignment_targets),
    ReminderKind.MEETING: Kind("meeting_reminder", (48,), meeting_targets),
    ReminderKind.EVENT: Kind("event_reminder", (168, 24), event_targets),
}
QUIET_PAIR_DEFAULT_HOURS = 4 * 168


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
        settings = current_settings(cohort)
        for kind_name, kind in KINDS.items():
            enabled, offsets = settings[kind_name]
            if not (enabled and offsets):
                continue
            for target in kind.targets(cohort, now, now + timedelta(hours=max(offsets))):
                offset = latest_point_passed(target.moment, offsets, cohort, now)
                if offset is not None:
                    queued += remind(kind.notice, target, f"{offset}h", cohort)
        enabled, offsets = settings[ReminderKind.QUIET_PAIR]
        if enabled and offsets:
            queued += remind_quiet_pairs(cohort, weeks=max(1, min(offsets) // 168), now=now)
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


def remind_quiet_pairs(cohort: Cohort, *, weeks: int, now: datetime) -> int:
    """Both people of a pair with no meeting logged for `weeks` weeks, once per quiet spell."""
    if cohort.classes_start > timezone.localdate(now, cohort.tz) - timedelta(weeks=weeks):
        return 0
    queued = 0
    for pairing in portfolio_selectors.quiet_pairs(cohort=cohort, weeks=weeks, now=now):
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


def current_settings(cohort: Cohort) -> dict[str, tuple[bool, list[int]]]:
    """Each reminder kind of the cohort: (on, offsets in hours), the defaults where nothing is saved."""
    saved = {s.kind: s for s in ReminderSetting.objects.filter(cohort=cohort)}
    defaults = {kind: spec.default_offsets_hours for kind, spec in KINDS.items()}
    defaults[ReminderKind.QUIET_PAIR] = (QUIET_PAIR_DEFAULT_HOURS,)
    return {
        kind: (saved[kind].enabled, list(saved[kind].offsets_hours)) if kind in saved else (True, list(hours))
        for kind, hours in defaults.items()
    }


def save_settings(*, cohort: Cohort, settings: dict[str, tuple[bool, list[int]]]) -> None:
    """Record the program manager's reminder times for the cohort."""
    for kind, (enabled, hours) in settings.items():
        ReminderSetting.objects.update_or_create(
            cohort=cohort, kind=kind, defaults={"enabled": enabled, "offsets_hours": hours}
        )
