from dataclasses import dataclass, field
from datetime import timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Value, When
from django.utils import timezone

from .models import Cohort, Membership, Pairing, Role

# Roles in the order Role declares them (program manager first), not alphabetically by their stored value.
ROLE_ORDER = Case(
    *(When(role=role, then=Value(position)) for position, role in enumerate(Role)),
    output_field=IntegerField(),
)


def active_memberships(*, user, now=None) -> list[Membership]:
    """The user's roles in cohorts not yet more than two months past commencement, soonest first."""
    today = timezone.localdate(now or timezone.now())
    return list(
        Membership.objects.filter(user=user, cohort__commencement__gte=today - timedelta(days=60))
        .select_related("cohort")
        .order_by("cohort__classes_start", "role")
    )


def open_cohorts(*, now=None) -> list[Cohort]:
    return list(
        Cohort.objects.accepting_applications(now).select_related("program").order_by("applications_close")
    )


@dataclass
class Milestone:
    when: object
    label: str
    is_date: bool = False


def timeline(*, cohort: Cohort) -> list[Milestone]:
    """The cohort's own dates, before the class meetings that the schedule lists."""
    return [
        Milestone(cohort.applications_open, "Applications open"),
        Milestone(cohort.applications_close, "Application, resume and nomination form due"),
        Milestone(cohort.selection_date, "Selection of candidates", is_date=True),
        Milestone(cohort.notification_date, "Notification of selected candidates and mentors", is_date=True),
        Milestone(cohort.classes_start, "Classes begin", is_date=True),
        Milestone(cohort.commencement, "Final presentations and commencement", is_date=True),
    ]


@dataclass
class People:
    by_role: dict = field(default_factory=dict)
    pairings: list = field(default_factory=list)


def people(*, cohort: Cohort) -> People:
    result = People(by_role={role: [] for role in Role})
    for membership in (
        Membership.objects.filter(cohort=cohort)
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    ):
        result.by_role[Role(membership.role)].append(membership)
    result.pairings = list(
        Pairing.objects.filter(cohort=cohort)
        .select_related("mentor", "candidate")
        .order_by("candidate__last_name")
    )
    return result


def members_page(*, cohort: Cohort, page_number=1, per_page: int = 50) -> Page:
    """A page of the cohort's memberships with their users, by role in Role's order, then name; pk breaks ties
    so that no one shows on two pages."""
    members = (
        Membership.objects.filter(cohort=cohort)
        .select_related("user")
        .order_by(ROLE_ORDER, "user__last_name", "user__first_name", "pk")
    )
    return Paginator(members, per_page).get_page(page_number)


def pairs_page(*, cohort: Cohort, page_number=1, per_page: int = 50) -> Page:
    """A page of the cohort's pairings with both people, by the candidate's name, then pk; the page's
    `paginator.count` is the number of pairs."""
    pairs = (
        Pairing.objects.filter(cohort=cohort)
        .select_related("mentor", "candidate")
        .order_by("candidate__last_name", "candidate__first_name", "pk")
    )
    return Paginator(pairs, per_page).get_page(page_number)


def role_counts(*, cohort: Cohort) -> dict[Role, int]:
    """How many people hold each role, counted in the database."""
    counts = dict(
        Membership.objects.filter(cohort=cohort).order_by().values_list("role").annotate(n=Count("pk"))
    )
    return {role: counts.get(role.value, 0) for role in Role}


def people_counts(*, cohort: Cohort) -> dict:
    """How many people hold each role and how many pairs there are (the home panel shows numbers only, so it
    need not load every member of a large cohort)."""
    return {"by_role": role_counts(cohort=cohort), "pairs": Pairing.objects.filter(cohort=cohort).count()}
