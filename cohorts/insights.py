"""The numbers behind the program manager's cohort dashboard, each turned into a chart with its table.

Each function reads one picture's numbers in a fixed number of queries, whatever the size of the cohort.
"""

from django.core.paginator import Paginator
from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from applications.models import Application, Decision, Review, ReviewStatus, Status
from applications.selectors import complete_q, with_scores
from cto_mentor import charts
from cto_mentor.users.models import User
from sessions.models import AttendanceStatus, ClassSession, Grade, Submission
from sessions.selectors import attendance_page

from .models import Cohort, Pairing
from .selectors import Person

CHART_ROWS = 25  # candidates or pairs pictured at a time, as on the attendance grid: a large cohort has 200
ATTENDANCE_LEVEL = {
    AttendanceStatus.PRESENT: 1.0,
    AttendanceStatus.LATE: 0.75,
    AttendanceStatus.LEFT_EARLY: 0.5,
    AttendanceStatus.EXCUSED: 0.25,
    AttendanceStatus.ABSENT: 0.0,
}
# What a heat map cell shows for each status, its level and its word: looked up for each of a page's 400 cells.
ATTENDANCE_CELL = {status: (level, status.label) for status, level in ATTENDANCE_LEVEL.items()}


def application_funnel(*, cohort: Cohort) -> charts.Chart:
    """Started → complete → submitted → reviewed → decided, each stage counting those that reached it."""
    submitted_q = Q(status=Status.SUBMITTED)
    counts = (
        with_scores(
            Application.objects.filter(cohort=cohort), "reviews_done", "has_resume", "nomination_received"
        )
        .exclude(status=Status.WITHDRAWN)
        .aggregate(
            started=Count("pk"),
            complete=Count("pk", filter=submitted_q | complete_q()),
            submitted=Count("pk", filter=submitted_q),
            reviewed=Count("pk", filter=submitted_q & Q(reviews_done__gt=0)),
            decided=Count("pk", filter=submitted_q & ~Q(decision=Decision.UNDECIDED)),
        )
    )
    started, complete, submitted, reviewed, decided = (
        counts[stage] for stage in ("started", "complete", "submitted", "reviewed", "decided")
    )
    rows = [
        ("Started", started),
        ("Complete", complete),
        ("Submitted", submitted),
        ("Reviewed", reviewed),
        ("Decided", decided),
    ]
    return charts.bar_chart(
        rows,
        title="Application funnel",
        unit="applications",
        description=", ".join(f"{label} {n}" for label, n in rows),
    )


def reviewer_progress(*, cohort: Cohort) -> charts.Chart:
    """Each reviewer's submitted reviews out of those assigned to them (drafts are not reviewed)."""
    rows = (
        Review.objects.filter(application__cohort=cohort)
        .exclude(application__status=Status.DRAFT)
        .values("reviewer__first_name", "reviewer__last_name", "reviewer__email")
        .annotate(
            done=Count("pk", filter=Q(status=ReviewStatus.SUBMITTED)),
            conflicts=Count("pk", filter=Q(status=ReviewStatus.CONFLICT)),
            total=Count("pk"),
        )
        .order_by("reviewer__last_name", "reviewer__first_name", "reviewer__email")
    )
    data = [
        (
            User.name_of(row["reviewer__first_name"], row["reviewer__last_name"], row["reviewer__email"]),
            row["done"],
            row["total"] - row["conflicts"],
        )
        for row in rows
    ]
    return charts.progress_chart(data, title="Reviewer progress", done_label="Reviews submitted")


def attendance_heat_map(*, cohort: Cohort, page_number=1) -> charts.Chart:
    """Candidates × class meetings, shaded from absent to present; unrecorded meetings stay white. A page of
    candidates at a time, as on the attendance grid."""
    meetings, page = attendance_page(cohort=cohort, page_number=page_number, per_page=CHART_ROWS)
    zone = cohort.tz
    columns = [f"{m.session.label}, {timezone.localtime(m.starts_at, zone):%b %-d}" for m in meetings]
    cells = [
        [None if cell is None else ATTENDANCE_CELL[cell.status] for cell in row.cells]
        for row in page.object_list
    ]
    chart = charts.heat_map(
        [str(row.person) for row in page.object_list],
        columns,
        cells,
        title="Attendance",
        description="Candidates by class day: dark green present, light red absent, white not recorded.",
        legend=[*ATTENDANCE_CELL.values(), (None, "Not recorded")],
    )
    chart.page, chart.page_param = page, "attendance_page"
    return chart


def assignment_completion(*, cohort: Cohort, candidates: int) -> charts.Chart:
    """Per session with assignments, in the order of their first due time: the candidates' assignments handed
    in (newest version) out of all that were set (each assignment once for each of the cohort's `candidates`),
    and how many of those passed."""
    sessions = list(
        ClassSession.objects.filter(cohort=cohort)
        .annotate(
            assignment_count=Count("assignments"),
            first_due=Min("assignments__due_at"),
            first_assignment=Min("assignments__pk"),
        )
        .filter(assignment_count__gt=0)
        .order_by("first_due", "first_assignment")
        .only("kind", "number")
    )
    handed_in, passed = {}, {}
    for session_id, n, n_passed in (
        Submission.objects.latest_versions()
        .filter(assignment__session__cohort=cohort)
        .order_by()
        .values_list("assignment__session")
        .annotate(n=Count("pk"), passed=Count("pk", filter=Q(grade=Grade.PASS)))
    ):
        handed_in[session_id], passed[session_id] = n, n_passed
    rows = [
        (str(session), handed_in.get(session.pk, 0), session.assignment_count * candidates)
        for session in sessions
    ]
    chart = charts.progress_chart(rows, title="Assignments handed in per session", done_label="Handed in")
    chart.columns.append("Passed")
    for row, session in zip(chart.rows, sessions, strict=True):
        row.append(passed.get(session.pk, 0))
    return chart


def mentor_meetings(*, cohort: Cohort, now, page_number=1) -> charts.Chart:
    """Meetings logged by each mentor–candidate pair, with the monthly rate and the last one in the table; a
    page of pairs at a time, by the candidate's name.

    The page's pairs are chosen before their meetings are counted: grouping every pair of a cohort of 200 by
    the nine columns of their names, to show 25, took PostgreSQL 2.9 ms."""
    pairings = Pairing.objects.filter(cohort=cohort).order_by(
        "candidate__last_name", "candidate__first_name", "pk"
    )
    page = Paginator(pairings.values_list("pk", flat=True), CHART_ROWS).get_page(page_number)
    page.object_list = [
        (Person.from_row(*row[0:5]), Person.from_row(*row[5:10]), meeting_count, last_meeting)
        for *row, meeting_count, last_meeting in pairings.filter(pk__in=page.object_list)
        .values_list(*Person.columns("mentor"), *Person.columns("candidate"))
        .annotate(meeting_count=Count("mentor_meetings"), last_meeting=Max("mentor_meetings__held_on"))
    ]
    months = cohort.months_of_classes(now)
    chart = charts.bar_chart(
        [(f"{mentor} & {candidate}", meeting_count) for mentor, candidate, meeting_count, _ in page],
        title="Mentor meetings per pair",
        unit="meetings",
    )
    chart.columns += ["Per month", "Last meeting"]
    for row, (*_, meeting_count, last_meeting) in zip(chart.rows, page, strict=True):
        row += [round(meeting_count / months, 1), last_meeting.isoformat() if last_meeting else "none yet"]
    chart.page, chart.page_param = page, "pairs_page"
    return chart


def cohort_dashboard(*, cohort: Cohort, now=None, pages=None) -> list[charts.Chart]:
    """Every picture of the cohort; `pages` (the request's GET) chooses the page of the long ones."""
    now = now or timezone.now()
    pages = pages or {}
    attendance = attendance_heat_map(cohort=cohort, page_number=pages.get("attendance_page"))
    return [
        application_funnel(cohort=cohort),
        reviewer_progress(cohort=cohort),
        attendance,
        # The heat map's pager has counted the cohort's candidates.
        assignment_completion(cohort=cohort, candidates=attendance.page.paginator.count),
        mentor_meetings(cohort=cohort, now=now, page_number=pages.get("pairs_page")),
    ]
