"""The program manager's cohort dashboard, its class-year pictures: attendance and assignments handed in.

Each function reads one picture's numbers in a fixed number of queries, whatever the size of the cohort.
"""

from django.db.models import Count, Min, Q

from cohorts import hooks
from cohorts.insights import CHART_ROWS
from cohorts.models import Cohort
from cto_mentor import charts, figures
from cto_mentor.dates import short_day_text

from .models import AttendanceStatus, ClassSession, Grade, Submission
from .selectors import attendance_page

ATTENDANCE_LEVEL = {
    AttendanceStatus.PRESENT: 1.0,
    AttendanceStatus.LATE: 0.75,
    AttendanceStatus.LEFT_EARLY: 0.5,
    AttendanceStatus.EXCUSED: 0.25,
    AttendanceStatus.ABSENT: 0.0,
}
# What a heat map cell shows for each status, its level and its word: looked up for each of a page's 400 cells.
ATTENDANCE_CELL = {status: (level, status.label) for status, level in ATTENDANCE_LEVEL.items()}


def attendance_heat_map(*, cohort: Cohort, page_number=1, per_page=CHART_ROWS) -> charts.Chart:
    """Candidates × class meetings, shaded from absent to present; unrecorded meetings stay white. A page of
    candidates at a time, as on the attendance grid."""
    meetings, page = attendance_page(cohort=cohort, page_number=page_number, per_page=per_page)
    columns = [f"{m.session.label}, {short_day_text(m.starts_at, cohort)}" for m in meetings]
    cells = [
        [None if cell is None else ATTENDANCE_CELL[cell.status] for cell in row.cells]
        for row in page.object_list
    ]
    at_risk = hooks.candidates_at_risk(
        cohort=cohort, candidate_ids=[row.person.pk for row in page.object_list]
    )
    chart = charts.heat_map(
        [
            f"At risk: {row.person}" if row.person.pk in at_risk else str(row.person)
            for row in page.object_list
        ],
        columns,
        cells,
        title="Attendance",
        description="Candidates by class day: dark green present, light red absent, white not recorded. "
        f"“At risk”: {cohort.absences_at_risk} or more unexcused absences (the cohort's settings), or a "
        "responsibility other than attendance behind (the progress table says which).",
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
        .filter(assignments__assigned_to=None)  # make-up work is one candidate's, not set to all
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
        .filter(assignment__session__cohort=cohort, assignment__assigned_to=None)
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


def cohort_charts(*, cohort: Cohort, now, pages, per_page) -> list[charts.Chart]:
    """Kept until a service changes the cohort's class year (`figures.forget`)."""
    page = pages.get("attendance_page")
    name = f"class-year:{page if str(page).isdigit() else 1}:{per_page}"
    return figures.kept(
        cohort.pk, name, lambda: _class_year_charts(cohort=cohort, pages=pages, per_page=per_page)
    )


def _class_year_charts(*, cohort: Cohort, pages, per_page) -> list[charts.Chart]:
    attendance = attendance_heat_map(
        cohort=cohort, page_number=pages.get("attendance_page"), per_page=per_page
    )
    # The heat map's pager has counted the cohort's candidates.
    return [
        attendance,
        assignment_completion(cohort=cohort, candidates=attendance.page.paginator.count),
    ]
