"""Every change of state in the class year: the schedule, attendance, assignments, grades, presentations."""

import secrets
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Membership, Pairing, Role
from cohorts.rules import roles_in
from cohorts.services import check_moments
from cto_mentor.notifications.services import queue

from .models import (
    CONCERNING,
    Assignment,
    AssignmentAttachment,
    Attendance,
    CalendarFeed,
    ClassSession,
    Grade,
    Meeting,
    Presentation,
    PresentationKind,
    SessionKind,
    Submission,
    SubmissionFile,
    Topic,
)
from .selectors import attendance_version, roll_ids

# Schedule ------------------------------------------------------------------------------------------------


def save_session(
    *,
    cohort: Cohort,
    session: ClassSession | None = None,
    kind: str,
    number: int | None,
    title: str,
    description: str = "",
    mentors_expected: bool = False,
    topics: list[str] = (),
    instructors=(),
) -> ClassSession:
    """Create a session of `cohort`, or change `session`; its topics become `topics`, in that order.

    Only instructors of the cohort can teach one of its sessions. Side effects: the session, its topics and
    its instructors.
    """
    if kind == SessionKind.CLASS and not number:
        raise ValidationError({"number": "A class session needs its number."})
    others = ClassSession.objects.filter(cohort=cohort, number=number).exclude(
        pk=getattr(session, "pk", None)
    )
    if number and others.exists():
        raise ValidationError({"number": f"{cohort} has a session {number} already."})
    outsiders = [person for person in instructors if Role.INSTRUCTOR not in roles_in(person, cohort)]
    if outsiders:
        raise ValidationError({"instructors": f"{outsiders[0]} is not an instructor in {cohort}."})
    with transaction.atomic():
        session = session or ClassSession(cohort=cohort)
        session.kind, session.number, session.title = kind, number or None, title
        session.description, session.mentors_expected = description, mentors_expected
        session.save()
        session.topics.exclude(name__in=topics).delete()
        for order, name in enumerate(topics):
            Topic.objects.update_or_create(session=session, name=name, defaults={"order": order})
        session.instructors.set(instructors)
    return session


PLAN_DAYS = {"friday": "the Friday evening", "saturday": "the Saturday"}


def plan_session(
    *,
    cohort: Cohort,
    session: ClassSession | None = None,
    days: dict[str, tuple[datetime, datetime]],
    location: str = "",
    address: str = "",
    **details,
) -> ClassSession:
    """Add or move a whole session: its details (as `save_session` takes them) and its days, `friday` and
    `saturday` (start, end); a one-day session has the Saturday only.

    Refused, each on the day concerned: a day ending before it starts, a Saturday before its Friday, a day
    overlapping another meeting of the cohort, a day dropped that has attendance on record.
    Side effects: the session (save_session) and its meetings, changed in place so attendance stays with them.
    """
    if "saturday" not in days:
        raise ValidationError({"saturday": "A session has its Saturday."})
    check_moments(days, labels=PLAN_DAYS, after={"saturday": "friday"})
    others = Meeting.objects.filter(session__cohort=cohort).exclude(session=session).select_related("session")
    errors = {}
    for day, (starts, ends) in days.items():
        clash = others.filter(starts_at__lt=ends, ends_at__gt=starts).first()
        if clash is not None:
            errors[day] = (
                f"It overlaps {clash.session}'s meeting of {clash.starts_at.astimezone(cohort.tz):%b %-d, %-I:%M %p}."
            )
    if errors:
        raise ValidationError(errors)
    with transaction.atomic():
        session = save_session(cohort=cohort, session=session, **details)
        meetings = list(session.meetings.order_by("starts_at"))
        wanted = [days[day] for day in PLAN_DAYS if day in days]
        for meeting in meetings[len(wanted) :]:
            if meeting.attendances.exists():
                raise ValidationError(
                    {"friday": "A meeting of this session has attendance on record: keep both days."}
                )
            meeting.delete()
        kept = meetings[: len(wanted)]
        for meeting, (starts, ends) in zip(kept + [None] * (len(wanted) - len(kept)), wanted, strict=True):
            save_meeting(
                session=session,
                meeting=meeting,
                starts_at=starts,
                ends_at=ends,
                location=location,
                address=address,
            )
    return session


def remove_session(*, session: ClassSession) -> None:
    """Take a session off the schedule with its meetings; refused once it holds records of the class year
    (attendance, assignments or presentations), which stay on the record."""
    if (
        Attendance.objects.filter(meeting__session=session).exists()
        or session.assignments.exists()
        or session.presentations.exists()
    ):
        raise ValidationError(
            "This session has attendance, assignments or presentations on record; it stays on the schedule."
        )
    session.delete()


def save_meeting(
    *,
    session: ClassSession,
    meeting: Meeting | None = None,
    starts_at: datetime,
    ends_at: datetime,
    location: str = "",
    address: str = "",
) -> Meeting:
    """Add a meeting (one day) to a session or change one. Side effects: the meeting row."""
    if ends_at <= starts_at:
        raise ValidationError({"ends_at": "The meeting must end after it starts."})
    with transaction.atomic():
        meeting = meeting or Meeting(session=session)
        meeting.starts_at, meeting.ends_at = starts_at, ends_at
        meeting.location, meeting.address = location, address
        meeting.save()
    return meeting


def remove_meeting(*, meeting: Meeting) -> None:
    """Take a meeting off the schedule; refused once attendance has been taken for it."""
    if meeting.attendances.exists():
        raise ValidationError("Attendance was taken for this meeting; it stays on the record.")
    meeting.delete()


# Calendar feed -------------------------------------------------------------------------------------------


def renew_calendar_feed(*, user) -> str:
    """Give the person a new secret feed address and return its token, the only time it is known: only its
    hash is kept. The old address stops working. Side effects: the feed row."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(user=user, defaults={"token_hash": CalendarFeed.hash_token(token)})
    return token


def revoke_calendar_feed(*, user) -> None:
    """Turn the person's feed off: its address answers 404 from now on. Side effects: deletes the feed row."""
    CalendarFeed.objects.filter(user=user).delete()


# Attendance ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Mark:
    person: object
    status: str
    note: str = ""


STALE_ATTENDANCE = (
    "Someone else saved attendance for this meeting after you opened the page; nothing of yours was saved. "
    "Their marks are in the list of changes below: check yours and save again."
)


def record_attendance(
    *, meeting: Meeting, marks: list[Mark], actor, now=None, expected_version: int | None = None
) -> int:
    """Record statuses for a meeting; returns how many changed. Unchanged marks leave no trace.

    Two people taking the roll at once never overwrite each other silently: the meeting is locked, and when
    `expected_version` (attendance_version when the page was opened) is no longer current, nothing is saved.

    Side effects: Attendance rows and, per change, a history record (Attendance.history); for a candidate's
    first absence or late arrival in the cohort, one e-mail each to the program manager(s), the candidate and
    their mentor (the outbox key makes it once per candidate, whatever is recorded later).
    """
    now = now or timezone.now()
    cohort = meeting.session.cohort
    allowed = roll_ids(meeting=meeting)
    changed = 0
    with transaction.atomic():
        Meeting.objects.select_for_update().filter(pk=meeting.pk).first()
        if expected_version is not None and expected_version != attendance_version(meeting=meeting):
            raise ValidationError(STALE_ATTENDANCE, code="stale")
        current = {a.person_id: a for a in Attendance.objects.select_for_update().filter(meeting=meeting)}
        for mark in marks:
            if mark.person.pk not in allowed:
                raise ValidationError(f"{mark.person} is not expected at this meeting.")
            attendance = current.get(mark.person.pk)
            if attendance and (attendance.status, attendance.note) == (mark.status, mark.note):
                continue
            if attendance is None:
                attendance = Attendance(meeting=meeting, person=mark.person)
            attendance.status, attendance.note = mark.status, mark.note
            attendance.recorded_by, attendance.recorded_at = actor, now
            # The history record names the actor and the moment, also outside a request (tasks, commands).
            attendance._history_user, attendance._history_date = actor, now
            attendance.save()
            changed += 1
            if mark.status in CONCERNING and Role.CANDIDATE in roles_in(mark.person, cohort):
                _warn_about_attendance(attendance=attendance, cohort=cohort)
    return changed


def _warn_about_attendance(*, attendance: Attendance, cohort: Cohort) -> None:
    candidate = attendance.person
    managers = [
        m.user
        for m in Membership.objects.filter(cohort=cohort, role=Role.PROGRAM_MANAGER).select_related("user")
    ]
    mentors = [
        p.mentor for p in Pairing.objects.filter(cohort=cohort, candidate=candidate).select_related("mentor")
    ]
    link = reverse("completion:progress", kwargs={"slug": cohort.slug, "user_id": candidate.pk})
    for person in [*managers, candidate, *mentors]:
        queue(
            notice="attendance_concern",
            to=person,
            about=f"class_sessions.attendance_concern:{cohort.pk}:{candidate.pk}",
            context={
                "attendance": attendance,
                "candidate": candidate,
                "cohort": cohort,
                "meeting": attendance.meeting,
            },
            link=link,
            cohort=cohort,
        )


# Assignments ---------------------------------------------------------------------------------------------


def _check_due_before_session(session: ClassSession, due_at: datetime) -> None:
    first = session.meetings.order_by("starts_at").values_list("starts_at", flat=True).first()
    if first is not None and due_at >= first:
        raise ValidationError({"due_at": "A prerequisite assignment must be due before the session starts."})


def post_assignment(
    *, session: ClassSession, title: str, instructions: str, due_at: datetime, files=(), actor
) -> Assignment:
    """Post a prerequisite assignment, due before the session's first meeting.

    Side effects: the assignment and its attachments (stored privately).
    """
    _check_due_before_session(session, due_at)
    with transaction.atomic():
        assignment = Assignment.objects.create(
            session=session, title=title, instructions=instructions, due_at=due_at, created_by=actor
        )
        for uploaded in files:
            attachment = AssignmentAttachment(assignment=assignment)
            attachment.set_upload(uploaded)
            attachment.save()
    return assignment


def change_assignment(
    *, assignment: Assignment, title: str, instructions: str, due_at: datetime, files=()
) -> Assignment:
    """Change an assignment's text or due time and add attachments. Work already in keeps its late mark.

    Side effects: the assignment row and new attachments.
    """
    _check_due_before_session(assignment.session, due_at)
    with transaction.atomic():
        assignment.title, assignment.instructions, assignment.due_at = title, instructions, due_at
        assignment.save(update_fields=["title", "instructions", "due_at"])
        for uploaded in files:
            attachment = AssignmentAttachment(assignment=assignment)
            attachment.set_upload(uploaded)
            attachment.save()
    return assignment


def submit_assignment(*, assignment: Assignment, candidate, text: str = "", files=(), now=None) -> Submission:
    """Hand in work as a new version. Work after the due time is taken and marked late.

    Allowed while the newest version is ungraded (a replacement) or graded "needs revision" (a revision);
    refused once it passed or failed. Earlier versions are kept. Side effects: the submission and its files.
    """
    now = now or timezone.now()
    if Role.CANDIDATE not in roles_in(candidate, assignment.session.cohort):
        raise ValidationError("Only a candidate of the cohort hands in work.")
    if not text.strip() and not files:
        raise ValidationError("Write your answer or attach at least one file.")
    with transaction.atomic():
        # Lock the candidate's versions so two submissions at once cannot take the same number.
        versions = list(
            Submission.objects.select_for_update().filter(assignment=assignment, candidate=candidate)
        )
        newest = max(versions, key=lambda s: s.version, default=None)
        if newest is not None and newest.grade in (Grade.PASS, Grade.FAIL):
            raise ValidationError(
                f"This work was graded “{newest.get_grade_display()}”; it cannot be replaced any more."
            )
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    assignment=assignment,
                    candidate=candidate,
                    version=(newest.version + 1) if newest else 1,
                    text=text,
                    submitted_at=now,
                    is_late=now > assignment.due_at,
                )
        except IntegrityError:  # a first version handed in twice at once: nothing was locked yet
            raise ValidationError(
                "Your work was just handed in from elsewhere; check it and try again."
            ) from None
        for uploaded in files:
            stored = SubmissionFile(submission=submission)
            stored.set_upload(uploaded)
            stored.save()
    return submission


def grade_submission(*, submission: Submission, grade: str, comments: str, actor, now=None) -> Submission:
    """Grade the newest version of a candidate's work: pass, needs revision or fail, with comments.

    Side effects: the grade on the submission; an e-mail to the candidate.
    """
    now = now or timezone.now()
    if grade not in Grade.values:
        raise ValidationError({"grade": "Choose pass, needs revision or fail."})
    if grade != Grade.PASS and not comments.strip():
        raise ValidationError({"comments": "Say what is missing, so the candidate can act on it."})
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        newest = Submission.objects.filter(
            assignment=submission.assignment, candidate=submission.candidate
        ).aggregate(Max("version"))["version__max"]
        if submission.version != newest:
            raise ValidationError("A newer version of this work was handed in; grade that one.")
        if submission.is_graded:
            raise ValidationError(f"This version is graded already ({submission.get_grade_display()}).")
        submission.grade, submission.comments = grade, comments
        submission.graded_by, submission.graded_at = actor, now
        submission.save(update_fields=["grade", "comments", "graded_by", "graded_at"])
        cohort = submission.assignment.session.cohort
        queue(
            notice="submission_graded",
            to=submission.candidate,
            about=submission,
            context={"submission": submission, "assignment": submission.assignment, "cohort": cohort},
            link=submission.get_absolute_url(),
            cohort=cohort,
        )
    return submission


# Presentations -------------------------------------------------------------------------------------------


def schedule_presentation(
    *,
    session: ClassSession,
    candidate,
    topic: str,
    scheduled_at: datetime | None = None,
    presentation: Presentation | None = None,
) -> Presentation:
    """Plan a candidate's oral presentation in a session; at the final presentations it is the final one.

    Side effects: the presentation row.
    """
    if Role.CANDIDATE not in roles_in(candidate, session.cohort):
        raise ValidationError({"candidate": f"{candidate} is not a candidate in {session.cohort}."})
    clash = Presentation.objects.filter(session=session, candidate=candidate).exclude(
        pk=getattr(presentation, "pk", None)
    )
    if clash.exists():
        raise ValidationError({"candidate": f"{candidate} already presents in {session}."})
    with transaction.atomic():
        presentation = presentation or Presentation(session=session)
        presentation.candidate, presentation.topic, presentation.scheduled_at = candidate, topic, scheduled_at
        presentation.kind = (
            PresentationKind.FINAL if session.kind == SessionKind.FINAL else PresentationKind.CLASS
        )
        presentation.save()
    return presentation


def assess_presentation(
    *, presentation: Presentation, result: str, comments: str, actor, now=None
) -> Presentation:
    """Record an instructor's pass or fail on a presentation; it can be corrected later.

    Side effects: the result, comments, assessor and time on the presentation.
    """
    if result == "fail" and not comments.strip():
        raise ValidationError({"comments": "Say why, so the candidate can prepare again."})
    with transaction.atomic():
        presentation.result, presentation.comments = result, comments
        presentation.assessed_by, presentation.assessed_at = actor, now or timezone.now()
        presentation.save(update_fields=["result", "comments", "assessed_by", "assessed_at"])
    return presentation
