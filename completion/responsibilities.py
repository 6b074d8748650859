"""The candidates' ten responsibilities, as the program lists them, each with its evidence and its state.

`records` computes them for any number of candidates of one cohort in the same few grouped queries: the
progress page, the cohort table and its CSV, and commencement all read a candidate's state here and nowhere
else. Each responsibility is judged by a small function of the evidence, so a rule can change in one place.

A responsibility is met when the record shows it done; behind when something it needs is missed (a class
short of full attendance, work late, missing or failed, a month without a meeting with the mentor) or when
commencement has passed without it; otherwise on track. An excused absence whose make-up work has passed
counts as attended.

A candidate is at risk (`Record.risks`) when their unexcused absences reach the cohort's limit
(`Cohort.absences_put_at_risk`), or when any responsibility other than attendance is behind: one absence puts
attendance behind, not the candidate at risk. This is the one "at risk" rule: the progress page, the cohort
table and its sort, commencement, the manager's home and the dashboard's heat map (through
`cohorts.hooks.risk_judge`) all read it here.
"""

from calendar import monthrange
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date

from django.db import models
from django.db.models import Count, F, Q, Value
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone

from cohorts.models import Cohort, Pairing
from cto_mentor.dates import day_text, month_text
from portfolios.models import (
    Artifact,
    FeedbackReceipt,
    MeetingStatus,
    PortfolioReview,
    ProgressReview,
    Reflection,
)
from sessions.models import (
    SHORT_OF_FULL,
    Attendance,
    AttendanceStatus,
    Presentation,
    PresentationKind,
    PresentationResult,
    SessionKind,
    Submission,
)
from sessions.selectors import (
    RecordedMark,
    Work,
    WorkCell,
    WorkState,
    assignments_of,
    meetings_of,
    work_state,
)

from .models import Completion, CompletionSettings


class State(models.TextChoices):
    MET = "met", "Met"
    ON_TRACK = "on_track", "On track"
    BEHIND = "behind", "Behind"


# The program's wording, shortened; 1 and 4 are both judged by attendance.
TITLES = {
    1: "Attend all classes",
    2: "Communicate consistently with the mentor",
    3: "Complete the prerequisite assignments before each session",
    4: "Attend all classes and take part in class activities and discussions",
    5: "Complete all assignments on time with a passing grade",
    6: "Complete the class oral presentation",
    7: "Build a professional portfolio of artifacts and reflections",
    8: "Take part in review meetings with the program manager and the two portfolio reviews",
    9: "Complete the final oral presentation",
    10: "Give constructive feedback to the program",
}
FINAL_PRESENTATION = 9  # what commencement itself brings: the rest must be met before
ATTENDANCE = {1, 4}  # at risk by the cohort's absence limit, not by being behind


@dataclass(slots=True)
class Responsibility:
    number: int
    state: State
    evidence: str  # what the record shows
    missing: list[str] = field(default_factory=list)  # what keeps it from being met

    @property
    def title(self) -> str:
        return TITLES[self.number]


@dataclass
class Record:
    """One candidate's ten responsibilities, with the details the progress page lists."""

    candidate: object
    responsibilities: list[Responsibility]
    completed_on: date | None = None
    attendance: list = field(default_factory=list)  # (meeting, RecordedMark or None, has begun)
    work: list[WorkCell] = field(default_factory=list)
    presentations: list[Presentation] = field(default_factory=list)
    meetings_by_month: list[tuple[date, int]] = field(default_factory=list)
    risks: list[str] = field(default_factory=list)  # what puts the candidate at risk, if anything

    @property
    def behind(self) -> list[Responsibility]:
        return [r for r in self.responsibilities if r.state == State.BEHIND]

    @property
    def at_risk(self) -> bool:
        return bool(self.risks)

    @property
    def met(self) -> list[Responsibility]:
        return [r for r in self.responsibilities if r.state == State.MET]

    @property
    def unmet(self) -> list[Responsibility]:
        return [r for r in self.responsibilities if r.state != State.MET]

    @property
    def ready_for_final(self) -> bool:
        """Every responsibility met but the final presentation, which commencement brings."""
        return all(r.number == FINAL_PRESENTATION for r in self.unmet)

    @property
    def complete(self) -> bool:
        return not self.unmet


@dataclass
class CohortFacts:
    """What is the same for every candidate of the cohort: read once however many candidates are counted."""

    cohort: Cohort
    now: object
    today: date
    meetings_per_month: int
    class_meetings: list

    @property
    def commencement_passed(self) -> bool:
        return self.today > self.cohort.commencement

    @property
    def class_sessions(self) -> list:
        """The numbered class sessions in schedule order, each with whether its first meeting has begun."""
        held = {}
        for meeting in self.class_meetings:
            if meeting.session.kind == SessionKind.CLASS:
                held[meeting.session] = held.get(meeting.session, False) or meeting.starts_at <= self.now
        return list(held.items())

    @property
    def program_months(self) -> list[date]:
        """The first day of each month from the kickoff's to the one before commencement's."""
        start = self.cohort.classes_start.replace(day=1)
        end = max(start, _previous_month(self.cohort.commencement.replace(day=1)))
        months, month = [], start
        while month <= end:
            months.append(month)
            month = _next_month(month)
        return months


def _next_month(month: date) -> date:
    return month.replace(year=month.year + month.month // 12, month=month.month % 12 + 1)


def _previous_month(month: date) -> date:
    return month.replace(year=month.year - (month.month == 1), month=(month.month - 2) % 12 + 1)


def _month_over(month: date, today: date) -> bool:
    return date(month.year, month.month, monthrange(month.year, month.month)[1]) < today


def _plural(count: int, word: str) -> str:
    return f"{count} {word}{'' if count == 1 else 's'}"


def cohort_facts(*, cohort: Cohort, now=None) -> CohortFacts:
    now = now or timezone.now()
    try:
        per_month = cohort.completion_settings.mentor_meetings_per_month
    except CompletionSettings.DoesNotExist:
        per_month = CompletionSettings._meta.get_field("mentor_meetings_per_month").default
    return CohortFacts(
        cohort=cohort,
        now=now,
        today=timezone.localdate(now, cohort.tz),
        meetings_per_month=per_month,
        # the final presentations are responsibility 9, not a class to attend
        class_meetings=[m for m in meetings_of(cohort=cohort) if m.session.kind != SessionKind.FINAL],
    )


# Evidence, read for all the candidates at once --------------------------------------------------------


def _marks(facts: CohortFacts, ids) -> dict:
    rows = Attendance.objects.filter(meeting__in=[m.pk for m in facts.class_meetings], person__in=ids)
    return {
        (person, meeting): RecordedMark(status, note)
        for meeting, person, status, note in rows.order_by().values_list(
            "meeting_id", "person_id", "status", "note"
        )
    }


def _work(assignments, ids) -> tuple[dict, set]:
    """The newest version of each piece of work, and the (candidate, assignment) whose first was on time."""
    newest, on_time = {}, set()
    versions = Submission.objects.filter(assignment__in=[a.pk for a in assignments], candidate__in=ids)
    for pk, assignment, candidate, version, is_late, grade in versions.order_by("version").values_list(
        "pk", "assignment_id", "candidate_id", "version", "is_late", "grade"
    ):
        if version == 1 and not is_late:
            on_time.add((candidate, assignment))
        newest[candidate, assignment] = Work(pk, version, is_late, grade)
    return newest, on_time


def _presentations(facts: CohortFacts, ids) -> dict:
    by_candidate = defaultdict(list)
    for presentation in (
        Presentation.objects.filter(session__cohort=facts.cohort, candidate__in=ids)
        .select_related("session")
        .order_by("scheduled_at", "pk")
    ):
        by_candidate[presentation.candidate_id].append(presentation)
    return by_candidate


def _mentor_months(facts: CohortFacts, ids) -> tuple[set, dict]:
    """Who has a mentor, and {candidate: Counter(month: meetings held and confirmed by both)}."""
    paired, months = set(), defaultdict(Counter)
    held = Q(
        mentor_meetings__status=MeetingStatus.HELD,
        mentor_meetings__confirmed_at__isnull=False,
        mentor_meetings__held_on__lte=facts.today,
    )
    rows = (
        Pairing.objects.filter(cohort=facts.cohort, candidate__in=ids)
        .annotate(month=TruncMonth("mentor_meetings__held_on"))
        .order_by()
        .values_list("candidate_id", "month")
        .annotate(n=Count("mentor_meetings", filter=held))
    )
    for candidate, month, n in rows:
        paired.add(candidate)
        if month is not None:
            months[candidate][month] += n
    return paired, months


@dataclass
class Counts:
    """What one query counts: {(candidate, kind, session id or None): how many} of portfolio entries by
    session, progress reviews held and feedback given (on a session or the program); each completion's day;
    and the cohort's portfolio reviews scheduled, by number, each with whether it was held."""

    counts: dict
    completed_on: dict
    portfolio_reviews: dict[int, bool]


def _counts(facts: CohortFacts, ids) -> Counts:
    # typed, so that a column empty in the first part of the union still matches the others on PostgreSQL
    no_id = Cast(Value(None), models.IntegerField())
    no_day = Cast(Value(None), models.DateField())

    def grouped(queryset, kind, candidate, session, day=no_day, n=None):
        return (
            queryset.order_by()
            .annotate(c=candidate, kind=Value(kind), s=session, on=day)
            .values_list("c", "kind", "s", "on")
            .annotate(n=n or Count("pk"))
        )

    entry_session = Coalesce("session_id", "topic__session_id")
    in_cohort = {"portfolio__cohort": facts.cohort, "portfolio__candidate__in": ids}
    ready = {**in_cohort, "ready_for_review": True}  # drafts are the candidate's alone: not evidence yet
    owner = F("portfolio__candidate_id")
    parts = [
        grouped(Artifact.objects.filter(**ready), "artifact", owner, entry_session),
        grouped(Reflection.objects.filter(**ready), "reflection", owner, entry_session),
        grouped(
            ProgressReview.objects.filter(**in_cohort, starts_at__lte=facts.now),
            "progress_review",
            owner,
            no_id,
        ),
        grouped(
            FeedbackReceipt.objects.filter(cohort=facts.cohort, candidate__in=ids),
            "feedback",
            F("candidate_id"),
            F("session_id"),
        ),
        grouped(
            Completion.objects.filter(cohort=facts.cohort, candidate__in=ids),
            "completion",
            F("candidate_id"),
            no_id,
            day=F("completed_on"),
        ),
        grouped(
            PortfolioReview.objects.filter(cohort=facts.cohort),
            "portfolio_review",
            no_id,
            F("number"),
            n=Count("pk", filter=Q(starts_at__lte=facts.now)),
        ),
    ]
    found = Counts({}, {}, {})
    for c, kind, s, on, n in parts[0].union(*parts[1:], all=True):
        if kind == "completion":
            found.completed_on[c] = on
        elif kind == "portfolio_review":
            found.portfolio_reviews[s] = n > 0
        else:
            found.counts[c, kind, s] = n
    return found


# Each responsibility, judged from the evidence ---------------------------------------------------------


def _settle(facts: CohortFacts, number: int, done: bool, missed: bool, evidence: str, missing: list[str]):
    if done:
        return Responsibility(number, State.MET, evidence)
    behind = missed or facts.commencement_passed
    return Responsibility(number, State.BEHIND if behind else State.ON_TRACK, evidence, missing)


def attendance(facts: CohortFacts, rows, made_up: set) -> Responsibility:
    """`made_up`: the meetings whose excused absence is made up by make-up work passed."""
    held = [(m, mark) for m, mark, begun in rows if begun]

    def attended(m, mark) -> bool:
        return mark.status == AttendanceStatus.PRESENT or (
            mark.status == AttendanceStatus.EXCUSED and m.pk in made_up
        )

    recorded = [(m, mark) for m, mark in held if mark is not None]
    short = [(m, mark) for m, mark in recorded if mark.status in SHORT_OF_FULL and not attended(m, mark)]
    full = sum(1 for m, mark in recorded if attended(m, mark))
    unrecorded = len(held) - len(recorded)
    missing = [
        f"{m.session}, {day_text(m.starts_at, facts.cohort)}: {mark.status_label.lower()}"
        for m, mark in short
    ]
    if unrecorded:
        missing.append(f"Attendance not recorded for {_plural(unrecorded, 'meeting')} held")
    if len(held) < len(rows):
        missing.append(f"{_plural(len(rows) - len(held), 'meeting')} still to attend")
    evidence = f"Full attendance at {full} of {_plural(len(held), 'meeting')} held ({len(rows)} in the year)"
    if made_up:
        evidence += f"; {_plural(len(made_up), 'excused absence')} made up"
    done = bool(rows) and full == len(rows)
    return _settle(facts, 1, done, bool(short), evidence, missing)


def risks(facts: CohortFacts, rows, responsibilities: list[Responsibility]) -> list[str]:
    """What puts the candidate at risk: the cohort's limit of unexcused absences reached, and each
    responsibility other than attendance that is behind."""
    absences = sum(1 for _, mark, _ in rows if mark is not None and mark.status == AttendanceStatus.ABSENT)
    found = []
    if facts.cohort.absences_put_at_risk(absences):
        found.append(
            f"{_plural(absences, 'unexcused absence')}"
            f" (the cohort's limit is {facts.cohort.absences_at_risk})"
        )
    return found + [
        f"{r.number}. {r.title}: behind"
        for r in responsibilities
        if r.state == State.BEHIND and r.number not in ATTENDANCE
    ]


def mentor_communication(facts: CohortFacts, paired: bool, months: Counter) -> Responsibility:
    expected = facts.meetings_per_month
    over = [month for month in facts.program_months if _month_over(month, facts.today)]
    short = [month for month in over if months[month] < expected]
    held = sum(months.values())
    evidence = (
        f"{_plural(held, 'meeting')} held and confirmed in {_plural(len(over), 'month')} past"
        f" ({expected} expected each month)"
    )
    missing = [f"{month_text(month)}: {months[month]} of {expected}" for month in short]
    if not paired:
        missing.insert(0, "No mentor is paired yet")
    done = paired and not short and len(over) == len(facts.program_months)
    return _settle(facts, 2, done, bool(short), evidence, missing)


def assignments_on_time(facts: CohortFacts, candidate_id, assignments, on_time: set) -> Responsibility:
    due = [a for a in assignments if a.due_at <= facts.now]
    late = [a for a in due if (candidate_id, a.pk) not in on_time]
    evidence = f"{len(due) - len(late)} of {_plural(len(due), 'assignment')} due handed in on time"
    missing = [f"“{a.title}” ({a.session}) not handed in on time" for a in late]
    if len(due) < len(assignments):
        missing.append(f"{_plural(len(assignments) - len(due), 'assignment')} not due yet")
    done = bool(assignments) and not late and len(due) == len(assignments)
    return _settle(facts, 3, done, bool(late), evidence, missing)


def assignments_passed(facts: CohortFacts, cells: list[WorkCell]) -> Responsibility:
    passed = [c for c in cells if c.state == WorkState.PASS]
    failing = [c for c in cells if c.state in (WorkState.MISSING, WorkState.FAIL, WorkState.NEEDS_REVISION)]
    evidence = f"{len(passed)} of {_plural(len(cells), 'assignment')} passed"
    missing = [
        f"“{c.assignment.title}” ({c.assignment.session}): {c.state.label.lower()}"
        for c in cells
        if c.state != WorkState.PASS
    ]
    done = bool(cells) and len(passed) == len(cells)
    return _settle(facts, 5, done, bool(failing), evidence, missing)


def presentation(facts: CohortFacts, number: int, kind: PresentationKind, presentations) -> Responsibility:
    mine = [p for p in presentations if p.kind == kind]
    passed = [p for p in mine if p.result == PresentationResult.PASS]
    failed = [p for p in mine if p.result == PresentationResult.FAIL]
    if passed:
        evidence = f"Passed: “{passed[0].topic}” ({passed[0].session})"
    elif mine:
        evidence = f"“{mine[-1].topic}” ({mine[-1].session}): {'failed' if failed else 'not assessed yet'}"
    else:
        evidence = "Not scheduled yet"
    missing = [] if passed else [f"{kind.label}: {'not passed yet' if mine else 'not scheduled'}"]
    return _settle(facts, number, bool(passed), bool(failed) and not passed, evidence, missing)


def portfolio(facts: CohortFacts, candidate_id, counts: dict) -> Responsibility:
    def entries(session_id):
        return sum(counts.get((candidate_id, kind, session_id), 0) for kind in ("artifact", "reflection"))

    artifacts = sum(n for (c, kind, _), n in counts.items() if c == candidate_id and kind == "artifact")
    reflections = sum(n for (c, kind, _), n in counts.items() if c == candidate_id and kind == "reflection")
    sessions = facts.class_sessions
    held = [session for session, begun in sessions if begun]
    bare = [session for session in held if not entries(session.pk)]
    evidence = (
        f"{_plural(artifacts, 'artifact')} and {_plural(reflections, 'reflection')};"
        f" evidence for {len(held) - len(bare)} of {_plural(len(held), 'session')} held"
    )
    missing = [f"No artifact or reflection for {session}" for session in bare]
    if not artifacts:
        missing.append("No artifact yet")
    if not reflections:
        missing.append("No reflection yet")
    # the latest session held may still be written up: only those before it are overdue
    overdue = [session for session in bare if held and session != held[-1]]
    done = bool(sessions) and len(held) == len(sessions) and not bare and artifacts > 0 and reflections > 0
    return _settle(facts, 7, done, bool(overdue), evidence, missing)


def reviews(facts: CohortFacts, candidate_id, found: Counts) -> Responsibility:
    progress_reviews = found.counts.get((candidate_id, "progress_review", None), 0)
    parts, missing = [f"{_plural(progress_reviews, 'progress review')} with the program manager held"], []
    if not progress_reviews:
        missing.append("No progress review with the program manager held yet")
    for number in (1, 2):
        held = found.portfolio_reviews.get(number)
        if held:
            parts.append(f"portfolio review {number} held")
        else:
            state = "not scheduled yet" if held is None else "still to come"
            parts.append(f"portfolio review {number} {state}")
            missing.append(f"Portfolio review {number} {state}")
    return _settle(facts, 8, not missing, False, "; ".join(parts), missing)


def program_feedback(facts: CohortFacts, candidate_id, counts: dict) -> Responsibility:
    held = [session for session, begun in facts.class_sessions if begun]
    answered = sum(1 for session in held if counts.get((candidate_id, "feedback", session.pk)))
    overall = bool(counts.get((candidate_id, "feedback", None)))
    evidence = (
        f"Feedback on {answered} of {_plural(len(held), 'session')} held;"
        f" on the program as a whole: {'given' if overall else 'not yet'}"
    )
    missing = [] if overall else ["Feedback on the program as a whole"]
    return _settle(facts, 10, overall, False, evidence, missing)


# The records -------------------------------------------------------------------------------------------


def records(*, cohort: Cohort, candidates, now=None, facts: CohortFacts | None = None) -> list[Record]:
    """Each candidate's Record, in the order given; `candidates` are users or Person rows of the cohort."""
    facts = facts or cohort_facts(cohort=cohort, now=now)
    candidates = list(candidates)
    ids = [c.pk for c in candidates]
    marks = _marks(facts, ids)
    assignments = assignments_of(cohort=cohort, candidates=candidates)  # with these candidates' make-up work
    newest, on_time = _work(assignments, ids)
    presentations = _presentations(facts, ids)
    paired, months = _mentor_months(facts, ids)
    found = _counts(facts, ids)
    counts = found.counts
    result = []
    for candidate in candidates:
        rows = [(m, marks.get((candidate.pk, m.pk)), m.starts_at <= facts.now) for m in facts.class_meetings]
        theirs = [a for a in assignments if a.applies_to(candidate)]
        cells = [
            WorkCell(
                a,
                newest.get((candidate.pk, a.pk)),
                work_state(a, newest.get((candidate.pk, a.pk)), facts.now),
            )
            for a in theirs
        ]
        mine = presentations[candidate.pk]
        made_up = {
            cell.assignment.makes_up.meeting_id
            for cell in cells
            if cell.assignment.makes_up_id and cell.state == WorkState.PASS
        }
        attended = attendance(facts, rows, made_up)
        responsibilities = [
            attended,
            mentor_communication(facts, candidate.pk in paired, months[candidate.pk]),
            assignments_on_time(facts, candidate.pk, theirs, on_time),
            Responsibility(4, attended.state, attended.evidence, attended.missing),
            assignments_passed(facts, cells),
            presentation(facts, 6, PresentationKind.CLASS, mine),
            portfolio(facts, candidate.pk, counts),
            reviews(facts, candidate.pk, found),
            presentation(facts, 9, PresentationKind.FINAL, mine),
            program_feedback(facts, candidate.pk, counts),
        ]
        result.append(
            Record(
                candidate=candidate,
                responsibilities=responsibilities,
                completed_on=found.completed_on.get(candidate.pk),
                attendance=rows,
                work=cells,
                presentations=mine,
                meetings_by_month=[(month, months[candidate.pk][month]) for month in facts.program_months],
                risks=risks(facts, rows, responsibilities),
            )
        )
    return result


def record_of(*, cohort: Cohort, candidate, now=None) -> Record:
    """One candidate's Record; each class meeting they were excused from carries its make-up work
    (`meeting.make_up`), which their page links to."""
    [record] = records(cohort=cohort, candidates=[candidate], now=now)
    make_ups = {
        cell.assignment.makes_up.meeting_id: cell.assignment
        for cell in record.work
        if cell.assignment.makes_up_id
    }
    for meeting, _, _ in record.attendance:
        meeting.make_up = make_ups.get(meeting.pk)
    return record
