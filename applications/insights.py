"""The program manager's cohort dashboard, its intake pictures: the application funnel and reviewer progress.

Each function reads one picture's numbers in a fixed number of queries, whatever the size of the cohort.
"""

from django.db.models import Count, Exists, F, Func, OuterRef, Q, Subquery

from cohorts.models import Cohort
from cto_mentor import charts, figures
from cto_mentor.users.models import User

from .models import Application, Decision, Review, ReviewStatus, Status
from .selectors import complete_q, with_scores


def application_funnel(*, cohort: Cohort) -> charts.Chart:
    """Started → complete → submitted → reviewed → decided, each stage counting those that reached it.

    One query of five counts, each a subquery over the cohort's applications filtered by its stage: an
    aggregate over the score annotations that `complete_q` reads would make Django wrap the whole query in a
    subquery, which the answers' test of `complete_q` cannot see out of."""
    submitted_q = Q(status=Status.SUBMITTED)
    applications = with_scores(
        Application.objects.filter(cohort=OuterRef("pk")).exclude(status=Status.WITHDRAWN).order_by(),
        "has_resume",
        "nomination_received",
    )
    reviewed_q = Q(Exists(Review.objects.filter(application=OuterRef("pk"), status=ReviewStatus.SUBMITTED)))

    def counted(stage: Q) -> Subquery:
        return Subquery(applications.filter(stage).values(n=Func(F("pk"), function="COUNT")))

    counts = (
        Cohort.objects.filter(pk=cohort.pk)
        .values(
            started=counted(Q()),
            complete=counted(submitted_q | complete_q()),
            submitted=counted(submitted_q),
            reviewed=counted(submitted_q & reviewed_q),
            decided=counted(submitted_q & ~Q(decision=Decision.UNDECIDED)),
        )
        .get()
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
    """Kept until a service changes the cohort's applications, their answers, reviews or decisions, or its
    questions (`figures.forget`), at most five minutes."""
    return figures.kept(
        cohort.pk,
        "intake-charts",
        lambda: [application_funnel(cohort=cohort), reviewer_progress(cohort=cohort)],
    )
