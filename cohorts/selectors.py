from dataclasses import dataclass
from datetime import timedelta

from django.core.paginator import Page, Paginator
from django.db.models import Case, Count, IntegerField, Q, Value, When
from django.utils import timezone

from cto_mentor.users.models import User

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


def members_page(*, cohort: Cohort, page_number, per_page: int) -> Page:
    """A page of the cohort's memberships with their users, by role in Role's order, then name; pk breaks ties
    so that no one shows on two pages."""
    members = (
        Membership.objects.filter(cohort=cohort)
        .select_related("user")
        .order_by(ROLE_ORDER, "user__last_name", "user__first_name", "pk")
    )
    return Paginator(members, per_page).get_page(page_number)


def pairs_page(*, cohort: Cohort, page_number, per_page: int) -> Page:
    """A page of the cohort's pairings with both people, by the candidate's name, then pk; the page's
    `paginator.count` is the number of pairs."""
    pairs = (
        Pairing.objects.filter(cohort=cohort)
        .select_related("mentor", "candidate")
        .order_by("candidate__last_name", "candidate__first_name", "pk")
    )
    return Paginator(pairs, per_page).get_page(page_number)


def unpaired_candidates_page(*, cohort: Cohort, page_number, per_page: int) -> Page:
    """A page of the cohort's candidates who have no mentor in it yet, by name."""
    candidates = (
        User.objects.filter(memberships__cohort=cohort, memberships__role=Role.CANDIDATE)
        .exclude(mentors__cohort=cohort)
        .order_by("last_name", "first_name", "pk")
    )
    return Paginator(candidates, per_page).get_page(page_number)


def mentor_load_page(*, cohort: Cohort, page_number, per_page: int) -> Page:
    """A page of the cohort's mentors, each with `candidate_count` (their pairs in this cohort), fewest first:
    the next candidate usually goes to one of the first."""
    mentors = (
        User.objects.filter(memberships__cohort=cohort, memberships__role=Role.MENTOR)
        .annotate(candidate_count=Count("mentees", filter=Q(mentees__cohort=cohort)))
        .order_by("candidate_count", "last_name", "first_name", "pk")
    )
    return Paginator(mentors, per_page).get_page(page_number)


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
