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
from cto_mentor import figures
from cto_mentor.dates import in_zone
from cto_mentor.notifications.services import queue

from .models import (
    CONCERNING,
    REASON_LENGTH,
    Assignment,
    AssignmentAttachment,
    Attendance,
    AttendanceStatus,
    CalendarFeed,
    ClassSession,
    Grade,
    Meeting,
    Presentation,
    PresentationKind,
    PresentationResult,
    SessionKind,
    Submission,
    SubmissionFile,
    Topic,
)
from .selectors import absence_counts, attendance_version, candidates_in, roll_ids

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
        figures.forget(cohort.pk)
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
            errors[day] = f"It overlaps {clash.session}'s meeting of {in_zone(clash.starts_at, cohort)}."
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


def remove_session_refusal(*, session: ClassSession) -> str:
    """Why the session cannot be taken off the schedule, or "" when it can."""
    if (
        Attendance.objects.filter(meeting__session=session).exists()
        or session.assignments.exists()
        or session.presentations.exists()
    ):
        return (
            "This session has attendance, assignments or presentations on record; it stays on the schedule."
        )
    return ""


def remove_session(*, session: ClassSession) -> None:
    """Take a session off the schedule with its meetings; refused once it holds records of the class year
    (attendance, assignments or presentations), which stay on the record."""
    refusal = remove_session_refusal(session=session)
    if refusal:
        raise ValidationError(refusal, code="has_records")
    session.delete()
    figures.forget(session.cohort_id)


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
        figures.forget(session.cohort_id)
    return meeting


def remove_meeting_refusal(*, meeting: Meeting) -> str:
    """Why the meeting cannot be taken off the schedule, or "" when it can."""
    if meeting.attendances.exists():
        return "Attendance was taken for this meeting; it stays on the record."
    return ""


def remove_meeting(*, meeting: Meeting) -> None:
    """Take a meeting off the schedule; refused once attendance has been taken for it."""
    refusal = remove_meeting_refusal(meeting=meeting)
    if refusal:
        raise ValidationError(refusal, code="has_attendance")
    meeting.delete()
    figures.forget(meeting.session.cohort_id)


# Calendar feed -------------------------------------------------------------------------------------------


def renew_calendar_feed(*, user) -> str:
    """Give the person a new secret feed address and return its token, the only time it is known: only its
    hash is kept. The old address stops working. Side effects: the feed row."""
    token = secrets.token_urlsafe(32)
    CalendarFeed.objects.update_or_create(
        user=user, defaults={"token_hash": CalendarFeed.hash_token(token), "revoked_at": None}
    )
    return token


def revoke_calendar_feed(*, user, now=None) -> None:
    """Turn the person's feed off: its address answers 404 from now on, until `restore_calendar_feed`.
    Side effects: `revoked_at` of the feed row."""
    if not CalendarFeed.objects.filter(user=user, revoked_at__isnull=True).exists():
        raise ValidationError("Your calendar feed is already off.")
    CalendarFeed.objects.filter(user=user).update(revoked_at=now or timezone.now())


def restore_calendar_feed(*, user) -> None:
    """Turn the feed that was turned off on again, at the same address, so calendars subscribed to it work
    again; not possible once a new address was made. Side effects: `revoked_at` cleared."""
    if not CalendarFeed.objects.filter(user=user, revoked_at__isnull=False).update(revoked_at=None):
        raise ValidationError("There is no feed turned off to turn on again; create a new address instead.")


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


def attendance_refusal(*, meeting: Meeting, now=None) -> str:
    """Why attendance cannot be taken for the meeting yet, or "" once it has started."""
    now = now or timezone.now()
    if meeting.starts_at <= now:
        return ""
    cohort = meeting.session.cohort
    return f"Attendance is taken once the meeting has started, {in_zone(meeting.starts_at, cohort)}."


def record_attendance(
    *, meeting: Meeting, marks: list[Mark], actor, now=None, expected_version: int | None = None
) -> int:
    """Record statuses for a meeting that has started; returns how many changed. Unchanged marks leave no
    trace.

    Two people taking the roll at once never overwrite each other silently: the meeting is locked, and when
    `expected_version` (attendance_version when the page was opened) is no longer current, nothing is saved.

    Side effects: Attendance rows and, per change, a history record (Attendance.history); each candidate's
    absence or late arrival followed up (`_follow_up_attendance`).
    """
    now = now or timezone.now()
    if refusal := attendance_refusal(meeting=meeting, now=now):
        raise ValidationError(refusal, code="not_started")
    cohort = meeting.session.cohort
    allowed = roll_ids(meeting=meeting)
    changed, concerning = 0, []
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
            if mark.status in CONCERNING and not allowed[mark.person.pk]:  # a candidate on the roll
                concerning.append(attendance)
        _follow_up_attendance(attendances=concerning, cohort=cohort)
        figures.forget(cohort.pk)
    return changed


def _follow_up_attendance(*, attendances: list[Attendance], cohort: Cohort) -> None:
    """Tell of each absence and late arrival: the candidate and their mentor(s) of each, the program
    manager(s) of each absence, and of a candidate whose unexcused absences reach the cohort's
    `absences_at_risk`. Each notice goes out once per meeting and status (per threshold for the last one),
    however often the roll is saved again.

    The candidates' memberships are locked before their absences are counted, so two rolls saved at once
    (two meetings) count each other's absences and the threshold is never passed unseen.
    """
    if not attendances:
        return
    candidates = sorted({a.person_id for a in attendances})
    list(
        Membership.objects.select_for_update()
        .filter(cohort=cohort, role=Role.CANDIDATE, user__in=candidates)
        .order_by("user_id")
    )
    counts = absence_counts(cohort=cohort, candidates=candidates)
    managers = [
        m.user
        for m in Membership.objects.filter(cohort=cohort, role=Role.PROGRAM_MANAGER).select_related("user")
    ]
    for attendance in attendances:
        mentors = [
            p.mentor
            for p in Pairing.objects.filter(cohort=cohort, candidate_id=attendance.person_id).select_related(
                "mentor"
            )
        ]
        told = [
            attendance.person,
            *mentors,
            *(managers if attendance.status == AttendanceStatus.ABSENT else []),
        ]
        _tell_of_attendance(attendance, told, absences=counts.get(attendance.person_id, 0), cohort=cohort)
    at_risk = {
        a.person_id: a.person for a in attendances if cohort.absences_put_at_risk(counts.get(a.person_id, 0))
    }
    for candidate in at_risk.values():
        _tell_of_risk(candidate, managers, absences=counts[candidate.pk], cohort=cohort)


def _progress_link(cohort: Cohort, candidate) -> str:
    return reverse("completion:progress", kwargs={"slug": cohort.slug, "user_id": candidate.pk})


def _tell_of_attendance(attendance: Attendance, people, *, absences: int, cohort: Cohort) -> None:
    context = {
        "attendance": attendance,
        "candidate": attendance.person,
        "cohort": cohort,
        "meeting": attendance.meeting,
        "absences": absences,
    }
    for person in people:
        queue(
            notice="attendance_concern",
            to=person,
            about=attendance,
            occasion=attendance.status,
            context=context,
            link=_progress_link(cohort, attendance.person),
            cohort=cohort,
        )


def _tell_of_risk(candidate, managers, *, absences: int, cohort: Cohort) -> None:
    for manager in managers:
        queue(
            notice="candidate_at_risk",
            to=manager,
            about=f"class_sessions.at_risk:{cohort.pk}:{candidate.pk}",
            occasion=f"{cohort.absences_at_risk} absences",
            context={"candidate": candidate, "cohort": cohort, "absences": absences},
            link=_progress_link(cohort, candidate),
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

    Side effects: the assignment and its attachments (stored privately); a notice to each candidate.
    """
    _check_due_before_session(session, due_at)
    with transaction.atomic():
        assignment = Assignment.objects.create(
            session=session, title=title, instructions=instructions, due_at=due_at, created_by=actor
        )
        _attach(assignment, files)
        _announce_assignment(assignment, candidates_in(cohort=session.cohort))
        figures.forget(session.cohort_id)
    return assignment


def make_up_refusal(*, attendance: Attendance) -> str:
    """Why this mark cannot carry make-up work, or "": only an excused absence does."""
    if attendance.status != AttendanceStatus.EXCUSED:
        return f"Make-up work is set for an excused absence; this mark is “{attendance.status_label}”."
    return ""


def set_make_up(
    *, attendance: Attendance, title: str, instructions: str, due_at: datetime, files=(), actor, now=None
) -> Assignment:
    """Give a candidate's excused absence its make-up work: an assignment of the meeting's session for them
    alone, graded, revised, reminded and counted in their progress like any other.

    Refused: an absence not excused, a make-up already set for it, a due time already past.
    Side effects: the assignment and its attachments; a notice to the candidate.
    """
    now = now or timezone.now()
    if refusal := make_up_refusal(attendance=attendance):
        raise ValidationError(refusal)
    if due_at <= now:
        raise ValidationError({"due_at": "Give a due time still to come."})
    session = attendance.meeting.session
    with transaction.atomic():
        Attendance.objects.select_for_update().filter(pk=attendance.pk).first()
        if Assignment.objects.filter(makes_up=attendance).exists():
            raise ValidationError("This absence has its make-up work already.")
        assignment = Assignment.objects.create(
            session=session,
            title=title,
            instructions=instructions,
            due_at=due_at,
            created_by=actor,
            assigned_to=attendance.person,
            makes_up=attendance,
        )
        _attach(assignment, files)
        _announce_assignment(assignment, [attendance.person])
        figures.forget(session.cohort_id)
    return assignment


def _attach(assignment: Assignment, files) -> None:
    for uploaded in files:
        attachment = AssignmentAttachment(assignment=assignment)
        attachment.set_upload(uploaded)
        attachment.save()


def _announce_assignment(assignment: Assignment, candidates) -> None:
    cohort = assignment.session.cohort
    for candidate in candidates:
        queue(
            notice="assignment_posted",
            to=candidate,
            about=assignment,
            context={"assignment": assignment, "cohort": cohort},
            link=assignment.get_absolute_url(),
            cohort=cohort,
        )


def change_assignment(
    *, assignment: Assignment, title: str, instructions: str, due_at: datetime, files=()
) -> Assignment:
    """Change an assignment's text or due time and add attachments. Work already in keeps its late mark.

    Side effects: the assignment row and new attachments.
    """
    if assignment.makes_up_id is None:
        _check_due_before_session(assignment.session, due_at)
    with transaction.atomic():
        assignment.title, assignment.instructions, assignment.due_at = title, instructions, due_at
        assignment.save(update_fields=["title", "instructions", "due_at"])
        _attach(assignment, files)
        figures.forget(assignment.session.cohort_id)
    return assignment


def hand_in_refusal(*, assignment: Assignment, newest: Submission | None, now=None) -> str:
    """Why the candidate cannot hand in a new version now, or "": work is taken until it is graded (a
    replacement) and after a fail or "needs revision" (a revision, until the revision due time if the
    instructor set one); never once it passed."""
    now = now or timezone.now()
    if newest is None or not newest.is_graded:
        return ""
    if newest.grade == Grade.PASS:
        return "This work passed; it cannot be replaced any more."
    if newest.revision_due_at and now > newest.revision_due_at:
        due = in_zone(newest.revision_due_at, assignment.session.cohort)
        return f"The revision was due {due}; ask the instructor if you need more time."
    return ""


def submit_assignment(*, assignment: Assignment, candidate, text: str = "", files=(), now=None) -> Submission:
    """Hand in work as a new version (see `hand_in_refusal` for when). Work after the due time is taken and
    marked late; a revision keeps the late mark of the version it revises.

    Side effects: the submission and its files; for a revision, a notice to whoever asked for it.
    """
    now = now or timezone.now()
    cohort = assignment.session.cohort
    if Role.CANDIDATE not in roles_in(candidate, cohort) or not assignment.applies_to(candidate):
        raise ValidationError("Only a candidate this assignment is for hands in work.")
    if not text.strip() and not files:
        raise ValidationError("Write your answer or attach at least one file.")
    with transaction.atomic():
        # Lock the candidate's versions so two submissions at once cannot take the same number.
        versions = list(
            Submission.objects.select_for_update().filter(assignment=assignment, candidate=candidate)
        )
        newest = max(versions, key=lambda s: s.version, default=None)
        if refusal := hand_in_refusal(assignment=assignment, newest=newest, now=now):
            raise ValidationError(refusal)
        revising = newest is not None and newest.asks_for_revision
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    assignment=assignment,
                    candidate=candidate,
                    version=(newest.version + 1) if newest else 1,
                    text=text,
                    submitted_at=now,
                    is_late=newest.is_late if revising else now > assignment.due_at,
                )
        except IntegrityError:  # a first version handed in twice at once: nothing was locked yet
            raise ValidationError(
                "Your work was just handed in from elsewhere; check it and try again."
            ) from None
        for uploaded in files:
            stored = SubmissionFile(submission=submission)
            stored.set_upload(uploaded)
            stored.save()
        if revising:
            _tell_of_revision(submission=submission, asked_by=newest.graded_by)
        figures.forget(cohort.pk)
    return submission


def _tell_of_revision(*, submission: Submission, asked_by) -> None:
    """The revision goes to whoever graded the version before; without them, to the session's instructors."""
    assignment = submission.assignment
    cohort = assignment.session.cohort
    for person in [asked_by] if asked_by else assignment.session.instructors.all():
        queue(
            notice="revision_handed_in",
            to=person,
            about=submission,
            context={"submission": submission, "assignment": assignment, "cohort": cohort},
            link=submission.get_absolute_url(),
            cohort=cohort,
        )


def _check_grade(*, grade: str, comments: str, revision_due_at, now) -> None:
    if grade not in Grade.values:
        raise ValidationError({"grade": "Choose pass, needs revision or fail."})
    if grade != Grade.PASS and not comments.strip():
        raise ValidationError({"comments": "Say what is missing, so the candidate can act on it."})
    if revision_due_at is not None and grade == Grade.PASS:
        raise ValidationError({"revision_due_at": "Work that passes needs no revision: leave this empty."})
    if revision_due_at is not None and revision_due_at <= now:
        raise ValidationError({"revision_due_at": "Give a time still to come, or leave it empty."})


def _newest_for_grading(submission: Submission) -> Submission:
    """The submission locked, refused unless it is the candidate's newest version."""
    submission = Submission.objects.select_for_update().get(pk=submission.pk)
    newest = Submission.objects.filter(
        assignment=submission.assignment, candidate=submission.candidate
    ).aggregate(Max("version"))["version__max"]
    if submission.version != newest:
        raise ValidationError("A newer version of this work was handed in; grade that one.")
    return submission


def grade_submission(
    *, submission: Submission, grade: str, comments: str, actor, revision_due_at=None, now=None
) -> Submission:
    """Grade the newest version of a candidate's work: pass, needs revision or fail, with comments. A fail or
    "needs revision" reopens the assignment for a revision, until `revision_due_at` when one is given.

    Side effects: the grade on the submission (a history record by `actor`); an e-mail to the candidate.
    """
    now = now or timezone.now()
    _check_grade(grade=grade, comments=comments, revision_due_at=revision_due_at, now=now)
    with transaction.atomic():
        submission = _newest_for_grading(submission)
        if submission.is_graded:
            raise ValidationError(f"This version is graded already ({submission.get_grade_display()}).")
        _save_grade(submission, grade, comments, revision_due_at, actor, now)
    return submission


def correction_refusal(*, submission: Submission, actor) -> str:
    """Why `actor` cannot correct the grade of this version, or "": only a grade they gave themselves."""
    if not submission.is_graded:
        return "This version is not graded yet: grade it instead."
    if submission.graded_by_id != actor.pk:
        return "Only the person who gave this grade can correct it."
    newer = Submission.objects.filter(
        assignment_id=submission.assignment_id,
        candidate_id=submission.candidate_id,
        version__gt=submission.version,
    )
    if newer.exists():
        return "A newer version was handed in since; grade that one instead."
    return ""


def correct_grade(
    *, submission: Submission, grade: str, comments: str, reason: str, actor, revision_due_at=None, now=None
) -> Submission:
    """Change a grade already given, by the person who gave it, saying why; the newest version only.

    Side effects: the grade on the submission, with a history record keeping the earlier grade, `actor` and
    `reason`; an e-mail to the candidate with the corrected grade.
    """
    now = now or timezone.now()
    if not reason.strip():
        raise ValidationError({"reason": "Say why the grade changes: the candidate and the record keep it."})
    if len(reason.strip()) > REASON_LENGTH:
        raise ValidationError({"reason": f"Say it in at most {REASON_LENGTH} characters."})
    _check_grade(grade=grade, comments=comments, revision_due_at=revision_due_at, now=now)
    with transaction.atomic():
        submission = _newest_for_grading(submission)
        if refusal := correction_refusal(submission=submission, actor=actor):
            raise ValidationError(refusal)
        if (submission.grade, submission.comments, submission.revision_due_at) == (
            grade,
            comments,
            revision_due_at,
        ):
            raise ValidationError("This is the grade already given; change it or go back.")
        _save_grade(submission, grade, comments, revision_due_at, actor, now, reason=reason.strip())
    return submission


def _save_grade(submission, grade, comments, revision_due_at, actor, now, reason="") -> None:
    """Save the grade with its history record (a correction's `reason` in it) and tell the candidate: of the
    first grade once, of each correction on its own."""
    submission.grade, submission.comments, submission.revision_due_at = grade, comments, revision_due_at
    submission.graded_by, submission.graded_at = actor, now
    submission._history_user, submission._history_date = actor, now
    submission._change_reason = reason
    submission.save(update_fields=["grade", "comments", "revision_due_at", "graded_by", "graded_at"])
    cohort = submission.assignment.session.cohort
    figures.forget(cohort.pk)
    queue(
        notice="submission_graded",
        to=submission.candidate,
        about=submission,
        occasion=f"corrected {now.isoformat()}" if reason else "",
        context={
            "submission": submission,
            "assignment": submission.assignment,
            "cohort": cohort,
            "reason": reason,
        },
        link=submission.get_absolute_url(),
        cohort=cohort,
    )


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
        figures.forget(session.cohort_id)
    return presentation


def presentation_moment(presentation: Presentation):
    """When the presentation is given: its own time, else the start of its session; None when unknown."""
    if presentation.scheduled_at:
        return presentation.scheduled_at
    return presentation.session.meetings.order_by("starts_at").values_list("starts_at", flat=True).first()


def assessment_refusal(*, presentation: Presentation, now=None) -> str:
    """Why no result can be recorded for the presentation yet, or "" once it has happened."""
    now = now or timezone.now()
    moment = presentation_moment(presentation)
    if moment is None:
        return "The presentation has no time yet: a result is recorded once it has happened."
    if moment > now:
        cohort = presentation.session.cohort
        return f"A result is recorded once the presentation has happened, {in_zone(moment, cohort)}."
    return ""


def assess_presentation(
    *, presentation: Presentation, result: str, comments: str, actor, now=None
) -> Presentation:
    """Record an instructor's pass or fail on a presentation that has happened; it can be corrected later.

    Side effects: the result, comments, assessor and time on the presentation; the presenter is told of each
    result or comment that changes.
    """
    now = now or timezone.now()
    if refusal := assessment_refusal(presentation=presentation, now=now):
        raise ValidationError(refusal)
    if result not in PresentationResult.values:
        raise ValidationError({"result": "Choose pass or fail."})
    if result == PresentationResult.FAIL and not comments.strip():
        raise ValidationError({"comments": "Say why, so the candidate can prepare again."})
    with transaction.atomic():
        presentation = Presentation.objects.select_for_update().get(pk=presentation.pk)
        if (presentation.result, presentation.comments) == (result, comments):
            return presentation
        presentation.result, presentation.comments = result, comments
        presentation.assessed_by, presentation.assessed_at = actor, now
        presentation.save(update_fields=["result", "comments", "assessed_by", "assessed_at"])
        cohort = presentation.session.cohort
        figures.forget(cohort.pk)
        queue(
            notice="presentation_assessed",
            to=presentation.candidate,
            about=presentation,
            occasion=now.isoformat(),
            context={"presentation": presentation, "cohort": cohort},
            link=reverse(
                "completion:progress", kwargs={"slug": cohort.slug, "user_id": presentation.candidate_id}
            ),
            cohort=cohort,
        )
    return presentation
