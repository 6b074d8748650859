"""Who may do what to which cohort. Every predicate takes the user and the cohort (or an object of one)."""

import rules
from django.db import connection

from .models import Pairing, Role


def _roles_by_cohort(user) -> dict[int, set[str]]:
    """Every role of the user by cohort, loaded once per request and shared by all checks.
    Nearly every page asks, so the query is written out: the ORM takes several times longer to build this
    two-column read than the database takes to answer it."""
    cache = getattr(user, "_roles_by_cohort", None)
    if cache is None:
        cache = {}
        with connection.cursor() as cursor:
            cursor.execute("SELECT cohort_id, role FROM cohorts_membership WHERE user_id = %s", [user.pk])
            for cohort_id, role in cursor.fetchall():
                cache.setdefault(cohort_id, set()).add(role)
        user._roles_by_cohort = cache
    return cache


def roles_in(user, cohort) -> frozenset[str]:
    """The user's roles in the cohort."""
    if not user.is_authenticated or cohort is None:
        return frozenset()
    return frozenset(_roles_by_cohort(user).get(cohort.pk, ()))


def roles_anywhere(user) -> frozenset[str]:
    """The roles the user holds in any cohort."""
    if not user.is_authenticated:
        return frozenset()
    return frozenset().union(*_roles_by_cohort(user).values())


def remember_roles(user, memberships) -> None:
    """Take the user's roles for this request from all their memberships, already loaded."""
    cache = {}
    for membership in memberships:
        cache.setdefault(membership.cohort_id, set()).add(membership.role)
    user._roles_by_cohort = cache


def forget_roles(user):
    """Drop the cached roles after memberships of this user change."""
    user.__dict__.pop("_roles_by_cohort", None)


def _has_role(role):
    @rules.predicate(name=f"is_{role}")
    def predicate(user, cohort):
        return role in roles_in(user, cohort)

    return predicate


is_program_manager = _has_role(Role.PROGRAM_MANAGER)
is_reviewer = _has_role(Role.REVIEWER)
is_instructor = _has_role(Role.INSTRUCTOR)
is_mentor = _has_role(Role.MENTOR)
is_candidate = _has_role(Role.CANDIDATE)


@rules.predicate
def is_cohort_member(user, cohort):
    return bool(roles_in(user, cohort))


def mentors_candidate(user, candidate, cohort) -> bool:
    """True when `user` is the mentor paired with `candidate` (a user or an id) in `cohort`. Nobody mentors
    themselves (`services.pair_mentor` refuses it), so a candidate asking of their own pages costs no query."""
    if not user.is_authenticated or user.pk == getattr(candidate, "pk", candidate):
        return False
    return Pairing.objects.filter(cohort=cohort, mentor=user, candidate=candidate).exists()


rules.add_perm("cohorts.view_timeline", rules.always_allow)
rules.add_perm("cohorts.access_cohort", is_cohort_member)
rules.add_perm("cohorts.manage_cohort", is_program_manager)


@rules.predicate
def manages_a_cohort(user):
    return Role.PROGRAM_MANAGER in roles_anywhere(user)


# Adding a cohort, blank, is for anyone who manages a cohort (of the program it joins) and for the staff;
# copying one also needs `manage_cohort` on the cohort copied.
rules.add_perm("cohorts.create_cohort", manages_a_cohort | rules.is_staff)
