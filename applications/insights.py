"""The program manager's cohort dashboard, its intake pictures: the application funnel and reviewer progress.

Each function reads one picture's numbers in a fixed number of queries, whatever the size of the cohort.
"""

from django.db.models import Count, Q

from cohorts.models import Cohort
from cto_mentor import charts
from cto_mentor.users.models import User

from .models import Application, Decision, Review, ReviewStatus, Status
from .selectors import complete_q, with_scores


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


def cohort_charts(*, cohort: Cohort, now, pages, per_page) -> list[charts.Chart]:
    return [application_funnel(cohort=cohort), reviewer_progress(cohort=cohort)]
