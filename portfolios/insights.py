"""The program manager's cohort dashboard, its mentoring picture: meetings logged by each pair."""

from django.core.paginator import Paginator
from django.db.models import Count, Max, Q

from cohorts.insights import CHART_ROWS
from cohorts.models import Cohort, Pairing
from cohorts.selectors import Person
from cto_mentor import charts, figures
from cto_mentor.dates import day_text

from .models import MeetingStatus


def mentor_meetings(*, cohort: Cohort, now, page_number=1, per_page=CHART_ROWS) -> charts.Chart:
    """Meetings logged by each mentor–candidate pair, with the monthly rate and the last one in the table; a
    page of pairs at a time, by the candidate's name.

    The page's pairs are chosen before their meetings are counted, so only the page's pairs are grouped by
    the nine columns of their names."""
    held = Q(mentor_meetings__status=MeetingStatus.HELD)  # not those scheduled ahead
    pairings = Pairing.objects.filter(cohort=cohort).order_by(
        "candidate__last_name", "candidate__first_name", "pk"
    )
    page = Paginator(pairings.values_list("pk", flat=True), per_page).get_page(page_number)
    page.object_list = [
        (Person.from_row(*row[0:5]), Person.from_row(*row[5:10]), meeting_count, last_meeting)
        for *row, meeting_count, last_meeting in pairings.filter(pk__in=page.object_list)
        .values_list(*Person.columns("mentor"), *Person.columns("candidate"))
        .annotate(
            meeting_count=Count("mentor_meetings", filter=held),
            last_meeting=Max("mentor_meetings__held_on", filter=held),
        )
    ]
    months = cohort.months_of_classes(now)
    chart = charts.bar_chart(
        [(f"{mentor} & {candidate}", meeting_count) for mentor, candidate, meeting_count, _ in page],
        title="Mentor meetings per pair",
        unit="meetings",
    )
    chart.columns += ["Per month", "Last meeting"]
    for row, (*_, meeting_count, last_meeting) in zip(chart.rows, page, strict=True):
        row += [round(meeting_count / months, 1), day_text(last_meeting) or "none yet"]
    chart.page, chart.page_param = page, "pairs_page"
    return chart


def cohort_charts(*, cohort: Cohort, now, pages, per_page) -> list[charts.Chart]:
    """Kept until a service changes the cohort's pairs or their meetings (`figures.forget`) or the day ends
    (the monthly rate counts the months so far)."""
    page = pages.get("pairs_page")
    name = f"mentoring:{page if str(page).isdigit() else 1}:{per_page}:{now:%Y-%m-%d}"
    return figures.kept(
        cohort.pk,
        name,
        lambda: [mentor_meetings(cohort=cohort, now=now, page_number=page, per_page=per_page)],
    )
