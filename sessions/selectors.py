from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import NamedTuple

from django.core.paginator import Page, Paginator
from django.db import models
from django.db.models import Q, QuerySet
from django.utils import timezone

from cohorts.models import Cohort, Membership, Pairing, Role
from cohorts.rules import roles_in
from cto_mentor.addresses import address
from cto_mentor.listing import PER_PAGE
from cto_mentor.users.models import User

from .models import (
    SHORT_OF_FULL,
    Assignment,
    Attendance,
    AttendanceStatus,
    ClassSession,
    Grade,
    Meeting,
    Presentation,
    SessionKind,
    Submission,
    Topic,
)

UNGRADED_WAIT = timedelta(weeks=1)  # work waiting longer for a grade joins the program manager's to-do list

# What showing a person's name needs (User.__str__): lists of people load only these.
NAME_FIELDS = ("first_name", "last_name", "email")


def meetings_expected_of(*, user, cohort: Cohort) -> QuerySet[Meeting]:
    """Meetings the user must attend: candidates all, mentors the kickoff, instructors their own sessions."""
    roles = roles_in(user, cohort)
    in_cohort = Meeting.objects.filter(session__cohort=cohort).select_related("session")
    if Role.CANDIDATE in roles or Role.PROGRAM_MANAGER in roles:
        return in_cohort
    expected = Q(pk__in=[])
    if Role.MENTOR in roles:
        expected |= Q(session__mentors_expected=True)
    if Role.INSTRUCTOR in roles:
        expected |= Q(session__instructors=user)
    return in_cohort.filter(expected).distinct()


def assignments_due_from(*, user, cohort: Cohort) -> list[Assignment]:
    """The assignments the user must hand in, by due time: all of the cohort's for a candidate."""
    if Role.CANDIDATE not in roles_in(user, cohort):
        return []
    return list(
        Assignment.objects.for_candidate(user)
        .filter(session__cohort=cohort)
        .select_related("session__cohort")
        .order_by("due_at")
    )


def next_meeting(*, user, cohort: Cohort, now=None) -> Meeting | None:
    now = now or timezone.now()
    return (
        meetings_expected_of(user=user, cohort=cohort).filter(ends_at__gte=now).order_by("starts_at").first()
    )


@dataclass
class ScheduledSession:
    session: ClassSession
    topics: list[str] = field(default_factory=list)
    meetings: list[Meeting] = field(default_factory=list)  # by start
    instructors: list = field(default_factory=list)  # by name


def schedule_rows(*, cohort: Cohort) -> list[ScheduledSession]:
    """The cohort's sessions in date order, each with its topics, meetings and instructors, for the schedule
    page and the timeline: four plain queries (prefetch_related's own work was a third of the page's CPU)."""
    # The cohort read with each session, for the permission check of each session's link.
    sessions = ClassSession.objects.filter(cohort=cohort).select_related("cohort")
    rows = {session.pk: ScheduledSession(session) for session in sessions.in_schedule_order()}
    for session_id, name in (
        Topic.objects.filter(session__cohort=cohort)
        .order_by("order", "name")
        .values_list("session_id", "name")
    ):
        rows[session_id].topics.append(name)
    for meeting in (
        Meeting.objects.filter(session__cohort=cohort)
        .only("session_id", "starts_at", "ends_at", "location")
        .order_by("starts_at")
    ):
        rows[meeting.session_id].meetings.append(meeting)
    for taught in (
        ClassSession.instructors.through.objects.filter(classsession__cohort=cohort)
        .select_related("user")
        .only("classsession_id", *(f"user__{name}" for name in NAME_FIELDS))
        .order_by("user__last_name", "user__first_name", "user__email")
    ):
        rows[taught.classsession_id].instructors.append(taught.user)
    return list(rows.values())


def expected_attendees(*, meeting: Meeting) -> list:
    """Who must attend the meeting (the rule of meetings_expected_of, seen from the meeting): the cohort's
    candidates, the session's instructors, and the mentors when the session expects them."""
    session = meeting.session
    expected = Q(memberships__cohort=session.cohort_id, memberships__role=Role.CANDIDATE) | Q(
        sessions_taught=session
    )
    if session.mentors_expected:
        expected |= Q(memberships__cohort=session.cohort_id, memberships__role=Role.MENTOR)
    return list(User.objects.filter(expected, is_active=True).distinct().order_by("pk"))


def meetings_of(*, cohort: Cohort) -> list[Meeting]:
    return list(
        Meeting.objects.filter(session__cohort=cohort).select_related("session").order_by("starts_at")
    )


def candidates_in(*, cohort: Cohort) -> QuerySet:
    # One membership per cohort, user and role: the join yields each candidate once, with no DISTINCT to sort.
    return User.objects.filter(memberships__cohort=cohort, memberships__role=Role.CANDIDATE).order_by(
        "last_name", "first_name", "email"
    )


# Reminders (the lead's notification tasks use these) -------------------------------------------------


def assignments_due_between(*, start, end) -> QuerySet[Assignment]:
    """Assignments whose due time falls in [start, end)."""
    return (
        Assignment.objects.filter(due_at__gte=start, due_at__lt=end)
        .select_related("session__cohort")
        .order_by("due_at")
    )


def candidates_missing_submission(*, assignment: Assignment) -> QuerySet:
    """The candidates the assignment is for who have handed in no version of it."""
    return candidates_for(assignment=assignment).exclude(submissions__assignment=assignment)


def candidates_for(*, assignment: Assignment) -> QuerySet:
    """Who must hand the assignment in: every candidate of the cohort, or the one it makes work up for."""
    candidates = candidates_in(cohort=assignment.session.cohort)
    if assignment.assigned_to_id:
        candidates = candidates.filter(pk=assignment.assigned_to_id)
    return candidates


# Attendance ------------------------------------------------------------------------------------------


class RecordedMark(NamedTuple):
    """One person's attendance at one meeting as a grid cell shows it: a tuple rather than an Attendance,
    as a grid page reads hundreds and a model instance for each is costly."""

    status: str
    note: str

    @property
    def status_label(self) -> str:
        return AttendanceStatus(self.status).label


@dataclass
class AttendanceRow:
    person: object
    cells: list  # one per meeting: RecordedMark or None
    short: bool = False  # anything short of full attendance recorded

    @property
    def recorded(self):
        return [cell for cell in self.cells if cell is not None]

    @property
    def grid_cells(self) -> list[tuple[str, bool, str]]:
        """(the status's label, "" when nothing is recorded; flagged: anything but present; the note) per
        cell: the attendance grid's hundreds of cells read plain values rather than attributes of each mark."""
        return [
            ("", False, "")
            if cell is None
            else (cell.status_label, cell.status != AttendanceStatus.PRESENT, cell.note)
            for cell in self.cells
        ]


def _marks(people, meetings) -> dict:
    """{(person id, meeting id): RecordedMark} of what is recorded for these people at these meetings."""
    return {
        (person_id, meeting_id): RecordedMark(status, note)
        for meeting_id, person_id, status, note in Attendance.objects.filter(
            meeting__in=[m.pk for m in meetings], person__in=[p.pk for p in people]
        )
        .order_by()  # looked up by key: no join to sort by the meeting's time and the person's name
        .values_list("meeting_id", "person_id", "status", "note")  # what a grid cell shows
    }


def _rows(people, meetings, marks: dict) -> list[AttendanceRow]:
    rows = []
    for person in people:
        cells = [marks.get((person.pk, meeting.pk)) for meeting in meetings]
        short = any(cell is not None and cell.status in SHORT_OF_FULL for cell in cells)
        rows.append(AttendanceRow(person=person, cells=cells, short=short))
    return rows


def _attendance_rows(people, meetings) -> list[AttendanceRow]:
    people = list(people)
    return _rows(people, meetings, _marks(people, meetings))


@dataclass
class AttendanceGrid:
    meetings: list
    page: object  # a Page of AttendanceRow
    kickoff_meetings: list = field(default_factory=list)
    mentor_page: object = None  # a Page of AttendanceRow at the kickoff meetings, when there are some


def attendance_page(*, cohort: Cohort, page_number=1, per_page: int = 25) -> tuple[list[Meeting], Page]:
    """The cohort's meetings, and a page of its candidates whose `object_list` holds their AttendanceRows."""
    meetings = meetings_of(cohort=cohort)
    page = Paginator(candidates_in(cohort=cohort).only(*NAME_FIELDS), per_page).get_page(page_number)
    page.object_list = _attendance_rows(page.object_list, meetings)
    return meetings, page


def attendance_grid(
    *, cohort: Cohort, page_number=1, mentor_page_number=1, per_page: int = 25
) -> AttendanceGrid:
    """Candidates × meetings, a page of candidates at a time, and a page of the mentors at the meetings they
    attend. One query reads the marks of both."""
    meetings = meetings_of(cohort=cohort)
    page = Paginator(candidates_in(cohort=cohort).only(*NAME_FIELDS), per_page).get_page(page_number)
    candidates = list(page.object_list)
    kickoff = [m for m in meetings if m.session.mentors_expected]
    mentor_page = None
    mentors = []
    if kickoff:
        mentors_in_cohort = (
            User.objects.filter(memberships__cohort=cohort, memberships__role=Role.MENTOR)
            .only(*NAME_FIELDS)
            .order_by("last_name", "first_name", "email")
        )
        mentor_page = Paginator(mentors_in_cohort, per_page).get_page(mentor_page_number)
        mentors = list(mentor_page.object_list)
    marks = _marks(candidates + mentors, meetings)
    page.object_list = _rows(candidates, meetings, marks)
    if mentor_page is not None:
        mentor_page.object_list = _rows(mentors, kickoff, marks)
    return AttendanceGrid(meetings=meetings, page=page, kickoff_meetings=kickoff, mentor_page=mentor_page)


def roll_ids(*, meeting: Meeting) -> dict[int, bool]:
    """{person id: is a mentor} of everyone whose attendance is taken at the meeting: the cohort's candidates,
    then its mentors when they are expected, each by name. Someone who is both is on the roll once, as a
    candidate."""
    roles = [Role.CANDIDATE] + ([Role.MENTOR] if meeting.session.mentors_expected else [])
    roll = {}
    for user_id, role in (
        Membership.objects.filter(cohort_id=meeting.session.cohort_id, role__in=roles)
        .order_by("role", "user__last_name", "user__first_name", "user_id")  # "candidate" before "mentor"
        .values_list("user_id", "role")
    ):
        roll.setdefault(user_id, role != Role.CANDIDATE)
    return roll


def attendance_sheet(*, meeting: Meeting, page_number=1, per_page: int = PER_PAGE) -> Page:
    """A page of the meeting's roll; its `object_list` holds (person, RecordedMark or None, is_mentor).
    Only the page's people and marks are read: a large cohort's kickoff expects a few hundred people."""
    page = Paginator(list(roll_ids(meeting=meeting).items()), per_page).get_page(page_number)
    ids = [person_id for person_id, _ in page.object_list]
    people = User.objects.in_bulk(ids)
    marks = _marks(people.values(), [meeting])
    page.object_list = [
        (people[person_id], marks.get((person_id, meeting.pk)), is_mentor)
        for person_id, is_mentor in page.object_list
    ]
    return page


def absence_counts(*, cohort: Cohort, candidates=None) -> dict[int, int]:
    """{person id: unexcused absences} at the cohort's classes (the final presentations are not one), of
    `candidates` (ids) or of everyone with one."""
    absences = Attendance.objects.filter(
        meeting__session__cohort=cohort, status=AttendanceStatus.ABSENT
    ).exclude(meeting__session__kind=SessionKind.FINAL)
    if candidates is not None:
        absences = absences.filter(person__in=candidates)
    return dict(absences.order_by().values_list("person").annotate(n=models.Count("pk")))


def attendance_version(*, meeting: Meeting) -> int:
    """A number that grows with every change to the meeting's attendance: the newest history record's id."""
    return Attendance.history.filter(meeting_id=meeting.pk).aggregate(v=models.Max("history_id"))["v"] or 0


def attendance_changes(*, meeting: Meeting) -> QuerySet:
    """Every recorded version of the meeting's attendance, newest first, from the history records."""
    return (
        Attendance.history.filter(meeting_id=meeting.pk)
        .select_related("person", "history_user")
        .only(
            "status",
            "note",
            "history_date",
            *(f"person__{name}" for name in NAME_FIELDS),
            *(f"history_user__{name}" for name in NAME_FIELDS),
        )
        .order_by("-history_date", "-history_id")
    )


# Assignments -----------------------------------------------------------------------------------------


class WorkState(models.TextChoices):
    NOT_DUE = "not_due", "Not handed in yet"
    MISSING = "missing", "Missing"
    SUBMITTED = "submitted", "Waiting for a grade"
    PASS = "pass", "Pass"
    NEEDS_REVISION = "needs_revision", "Needs revision"
    FAIL = "fail", "Fail"


FLAGGED_WORK = {WorkState.MISSING, WorkState.FAIL}


class Work(NamedTuple):
    """The newest version of a candidate's work as grids and progress pages show it: a tuple rather than a
    Submission, as the assignment grid reads 200 at a time."""

    pk: int
    version: int
    is_late: bool
    grade: str
    submitted_at: datetime | None = None  # read only when asked for

    def get_absolute_url(self) -> str:
        return address("class_sessions:submission", self.pk)


@dataclass
class WorkCell:
    assignment: Assignment
    submission: Work | None
    state: WorkState

    @property
    def flagged(self):
        return self.state in FLAGGED_WORK or bool(self.submission and self.submission.is_late)


def work_state(assignment: Assignment, submission: Work | None, now) -> WorkState:
    if submission is None:
        return WorkState.MISSING if assignment.due_at <= now else WorkState.NOT_DUE
    return WorkState(submission.grade) if submission.grade else WorkState.SUBMITTED


def latest_submissions(*, assignments, candidates, with_time: bool = False) -> dict:
    """{(candidate id, assignment id): Work}, the newest version of each; `with_time` reads when each was
    handed in too. Every version is read and the newest kept here: a query without the "no newer version"
    subquery costs a third of its CPU, and revisions are few."""
    fields = ["pk", "assignment_id", "candidate_id", "version", "is_late", "grade"]
    newest = {}
    for pk, assignment_id, candidate_id, version, is_late, grade, *submitted_at in (
        Submission.objects.filter(
            assignment__in=[a.pk for a in assignments], candidate__in=[c.pk for c in candidates]
        )
        .order_by("version")  # the newest last, and kept
        .values_list(*fields, *(["submitted_at"] if with_time else []))
    ):
        newest[candidate_id, assignment_id] = Work(pk, version, is_late, grade, *submitted_at)
    return newest


@dataclass
class WorkRow:
    candidate: object
    cells: list[WorkCell]
    make_ups: list[WorkCell] = field(default_factory=list)  # the candidate's own make-up work

    @property
    def flagged(self):
        return any(cell.flagged for cell in (*self.cells, *self.make_ups))

    @property
    def grid_cells(self) -> list[tuple[str, str, bool, bool]]:
        """(the work's address or "", the state's label, late, missing) per cell: the assignment grid's
        hundreds of cells read plain values rather than attributes three deep."""
        return [
            (
                cell.submission.get_absolute_url() if cell.submission else "",
                cell.state.label,
                bool(cell.submission and cell.submission.is_late),
                cell.state == WorkState.MISSING,
            )
            for cell in self.cells
        ]


def assignments_of(*, cohort: Cohort, candidates=None) -> list[Assignment]:
    """The cohort's assignments by due time, with their sessions; without the instructions, which no list
    of them shows. Those set for every candidate and, of make-up work, only that of `candidates`."""
    make_ups = Q(assigned_to__in=[c.pk for c in candidates]) if candidates else Q(pk__in=[])
    return list(
        Assignment.objects.filter(Q(assigned_to=None) | make_ups, session__cohort=cohort)
        .select_related("session", "makes_up__meeting")
        .defer("instructions")
        .order_by("due_at", "pk")
    )


def assignment_grid(*, cohort: Cohort, now=None, page_number=1, per_page: int = 25):
    """Candidates × the assignments set for all, with missing, late and failing work flagged; each row also
    holds the candidate's make-up work (`make_ups`), tracked the same way. A page of candidates."""
    now = now or timezone.now()
    page = Paginator(candidates_in(cohort=cohort).only(*NAME_FIELDS), per_page).get_page(page_number)
    candidates = list(page.object_list)
    everyones = assignments_of(cohort=cohort, candidates=candidates)
    assignments = [a for a in everyones if a.assigned_to_id is None]
    latest = latest_submissions(assignments=everyones, candidates=candidates)

    def cell(candidate, assignment) -> WorkCell:
        work = latest.get((candidate.pk, assignment.pk))
        return WorkCell(assignment, work, work_state(assignment, work, now))

    page.object_list = [
        WorkRow(
            candidate=candidate,
            cells=[cell(candidate, a) for a in assignments],
            make_ups=[cell(candidate, a) for a in everyones if a.assigned_to_id == candidate.pk],
        )
        for candidate in candidates
    ]
    return assignments, page


def submissions_for_grading(
    *, assignment: Assignment, page_number=1, per_page: int = PER_PAGE, now=None
) -> Page:
    """A page of the cohort's candidates, each row (a WorkRow in `object_list`) with the state of their
    newest version of this assignment."""
    now = now or timezone.now()
    page = Paginator(candidates_for(assignment=assignment).only(*NAME_FIELDS), per_page).get_page(page_number)
    candidates = list(page.object_list)
    latest = latest_submissions(assignments=[assignment], candidates=candidates, with_time=True)
    page.object_list = [
        WorkRow(
            candidate=c,
            cells=[
                WorkCell(
                    assignment,
                    latest.get((c.pk, assignment.pk)),
                    work_state(assignment, latest.get((c.pk, assignment.pk)), now),
                )
            ],
        )
        for c in candidates
    ]
    return page


@dataclass
class Correction:
    was: str
    now: str
    by: object
    at: datetime
    reason: str


def versions_of(*, assignment: Assignment, candidate) -> list[Submission]:
    """The candidate's versions, newest first, each with `.corrections`: the grades it was given and then
    corrected, read from its history records."""
    versions = list(
        Submission.objects.filter(assignment=assignment, candidate=candidate)
        .select_related("graded_by")
        .prefetch_related("files")
        .order_by("-version")
    )
    by_id = {version.pk: version for version in versions}
    for version in versions:
        version.corrections = []
    earlier = {}
    for record in (
        Submission.history.filter(id__in=by_id)
        .select_related("history_user")
        .order_by("history_date", "history_id")
    ):
        if record.history_change_reason and earlier.get(record.id):
            by_id[record.id].corrections.append(
                Correction(
                    was=Grade(earlier[record.id]).label,
                    now=Grade(record.grade).label,
                    by=record.history_user,
                    at=record.history_date,
                    reason=record.history_change_reason,
                )
            )
        earlier[record.id] = record.grade
    return versions


# Presentations ----------------------------------------------------------------------------------------


def presentations_of(*, session: ClassSession, viewer) -> list[Presentation]:
    """The session's presentations: who presents when, for every member of the cohort. A result and its
    comments stay on the row only where `viewer` may read them (`class_sessions.view_presentation_result`);
    elsewhere they are blanked and `result_private` is set, so no page can show them by mistake."""
    presentations = list(
        session.presentations.select_related("candidate", "assessed_by").order_by("scheduled_at", "pk")
    )
    may_read = _result_readers_of(session=session, viewer=viewer)
    for presentation in presentations:
        presentation.result_private = not may_read(presentation.candidate_id)
        if presentation.result_private:
            presentation.result, presentation.comments, presentation.assessed_by = "", "", None
    return presentations


def _result_readers_of(*, session: ClassSession, viewer):
    """Whether `viewer` may read the result of a candidate's presentation in the session, as a function of
    the candidate's id: the rule of `class_sessions.view_presentation_result` in two queries for a page."""
    if Role.PROGRAM_MANAGER in roles_in(viewer, session.cohort) or (
        Role.INSTRUCTOR in roles_in(viewer, session.cohort)
        and session.instructors.filter(pk=viewer.pk).exists()
    ):
        return lambda candidate_id: True
    own = {viewer.pk} | set(
        Pairing.objects.filter(cohort=session.cohort, mentor=viewer).values_list("candidate_id", flat=True)
    )
    return own.__contains__


# Home page -------------------------------------------------------------------------------------------


def open_assignments(*, candidate, cohort: Cohort, now=None, limit: int = 5) -> list[Assignment]:
    """Assignments not yet due that the candidate has not handed in, soonest first."""
    now = now or timezone.now()
    return list(
        Assignment.objects.for_candidate(candidate)
        .filter(session__cohort=cohort, due_at__gt=now)
        .exclude(submissions__candidate=candidate)
        .select_related("session")
        .order_by("due_at")[:limit]
    )


def sessions_taught(*, instructor, cohort: Cohort) -> list[ClassSession]:
    return list(ClassSession.objects.filter(cohort=cohort, instructors=instructor).in_schedule_order())


def ungraded_since(*, cohort: Cohort, before) -> QuerySet[Submission]:
    """The newest versions of the cohort's submissions handed in before `before` that still wait for a grade,
    the longest waiting first."""
    return (
        Submission.objects.latest_versions()
        .filter(grade="", assignment__session__cohort=cohort, submitted_at__lt=before)
        .select_related("candidate", "assignment__session")
        .order_by("submitted_at", "pk")
    )


def work_to_grade(*, instructor, cohort: Cohort) -> list[Assignment]:
    """Assignments of the sessions `instructor` teaches whose newest versions wait for a grade, each with
    `.waiting` (how many), oldest due first: the instructor's home panel."""
    waiting = dict(
        Submission.objects.latest_versions()
        .filter(grade="", assignment__session__cohort=cohort, assignment__session__instructors=instructor)
        .values_list("assignment")
        .annotate(n=models.Count("pk"))
    )
    assignments = list(
        Assignment.objects.filter(pk__in=waiting).select_related("session").order_by("due_at", "pk")
    )
    for assignment in assignments:
        assignment.waiting = waiting[assignment.pk]
    return assignments


def attendance_to_take(*, instructor, cohort: Cohort, now=None) -> list[Meeting]:
    """Meetings of the sessions `instructor` teaches that have begun and have no attendance recorded yet."""
    now = now or timezone.now()
    recorded = Attendance.objects.filter(meeting=models.OuterRef("pk"))
    return list(
        Meeting.objects.filter(session__cohort=cohort, session__instructors=instructor, starts_at__lte=now)
        .filter(~models.Exists(recorded))
        .select_related("session")
        .order_by("starts_at")
    )


@dataclass
class Standing:
    """A one-line summary of a candidate's progress, for their mentor's home panel."""

    candidate: object
    short_days: int  # class days with a late arrival, early departure or absence
    flagged_work: int  # assignments missing, failed or handed in late


def standings(*, cohort: Cohort, candidates, now=None) -> list[Standing]:
    """Each candidate's standing, counted as `progress` counts it, in three queries however many there are."""
    now = now or timezone.now()
    candidates = list(candidates)
    short = dict(
        Attendance.objects.filter(
            meeting__session__cohort=cohort, person__in=[c.pk for c in candidates], status__in=SHORT_OF_FULL
        )
        .values_list("person")
        .annotate(n=models.Count("meeting", distinct=True))
    )
    assignments = assignments_of(cohort=cohort, candidates=candidates)
    latest = latest_submissions(assignments=assignments, candidates=candidates)
    rows = []
    for candidate in candidates:
        cells = [
            WorkCell(
                a, latest.get((candidate.pk, a.pk)), work_state(a, latest.get((candidate.pk, a.pk)), now)
            )
            for a in assignments
            if a.applies_to(candidate)
        ]
        rows.append(Standing(candidate, short.get(candidate.pk, 0), sum(1 for c in cells if c.flagged)))
    return rows
