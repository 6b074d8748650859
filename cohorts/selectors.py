from collections import Counter
from dataclasses import dataclass
from datetime import timedelta

from django.db.models import Case, Count, IntegerField, Value, When
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


@dataclass(slots=True)
class Person:
    """A user as a list names them, read as a row of five columns rather than a User with all its fields."""

    pk: int
    name: str
    email: str
    organization: str

    def __str__(self):
        return self.name

    @staticmethod
    def columns(prefix: str) -> list[str]:
        """The columns to read through the foreign key `prefix` ("user", "mentor"...), for `from_row`."""
        return [
            f"{prefix}_id",
            *(f"{prefix}__{name}" for name in ("first_name", "last_name", "email", "organization")),
        ]

    @classmethod
    def from_row(cls, pk, first_name, last_name, email, organization) -> "Person":
        """The name is User.display_name's: the full name, else the e-mail address."""
        return cls(pk, User.name_of(first_name, last_name, email), email, organization)


@dataclass(slots=True)
class Member:
    pk: int  # the membership's
    role: Role
    person: Person


def members(*, cohort: Cohort) -> list[Member]:
    """The cohort's memberships as Member rows, by role in Role's order, then name, then pk: one query of short
    rows (a cohort has a few hundred members), from which a page and the count of each role are taken."""
    rows = (
        Membership.objects.filter(cohort=cohort)
        .order_by(ROLE_ORDER, "user__last_name", "user__first_name", "pk")
        .values_list("pk", "role", *Person.columns("user"))
    )
    return [Member(pk, Role(role), Person.from_row(*person)) for pk, role, *person in rows]


@dataclass(slots=True)
class Pair:
    pk: int
    candidate: Person
    mentor: Person


@dataclass(slots=True)
class MentorLoad:
    mentor: Person
    candidate_count: int


def pairs(*, cohort: Cohort) -> list[Pair]:
    """Every pairing of the cohort with both people, by the candidate's name, then pk: one query of short rows
    (a cohort has a few hundred pairs at most), which a page of pairs and the candidates' and mentors' counts
    share."""
    rows = (
        Pairing.objects.filter(cohort=cohort)
        .order_by("candidate__last_name", "candidate__first_name", "pk")
        .values_list("pk", *Person.columns("candidate"), *Person.columns("mentor"))
    )
    return [Pair(row[0], Person.from_row(*row[1:6]), Person.from_row(*row[6:11])) for row in rows]


@dataclass
class PairingBoard:
    """What the pairings page shows and offers: the cohort's candidates and mentors by name, and its pairs."""

    candidates: list[Person]
    mentors: list[Person]
    pairs: list[Pair]

    def unpaired_candidates(self) -> list[Person]:
        """The candidates who have no mentor yet, by name."""
        paired = {pair.candidate.pk for pair in self.pairs}
        return [candidate for candidate in self.candidates if candidate.pk not in paired]

    def mentor_loads(self) -> list[MentorLoad]:
        """Each mentor with their number of candidates, fewest first, then by name: the next candidate usually
        goes to one of the first."""
        counts = Counter(pair.mentor.pk for pair in self.pairs)
        loads = [MentorLoad(mentor, counts[mentor.pk]) for mentor in self.mentors]
        return sorted(loads, key=lambda load: load.candidate_count)  # stable: by name within a count


def pairing_board(*, cohort: Cohort) -> PairingBoard:
    """Two queries whatever the cohort's size: its candidates and mentors, and its pairs."""
    members = (
        Membership.objects.filter(cohort=cohort, role__in=[Role.CANDIDATE, Role.MENTOR])
        .order_by("user__last_name", "user__first_name", "user_id")
        .values_list("role", *Person.columns("user"))
    )
    people = {Role.CANDIDATE: [], Role.MENTOR: []}
    for role, *person in members:
        people[role].append(Person.from_row(*person))
    return PairingBoard(people[Role.CANDIDATE], people[Role.MENTOR], pairs(cohort=cohort))


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
