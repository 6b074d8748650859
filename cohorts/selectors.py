from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.db.models import Case, CharField, Count, IntegerField, QuerySet, Value, When
from django.utils import timezone

from cto_mentor.notifications import reminders
from cto_mentor.users.models import User

from .models import Cohort, Membership, MentorContract, Pairing, Program, Role
from .rules import remember_roles

# Roles in the order Role declares them (program manager first), not alphabetically by their stored value.
ROLE_ORDER = Case(
    *(When(role=role, then=Value(position)) for position, role in enumerate(Role)),
    output_field=IntegerField(),
)


def active_memberships(*, user, now=None) -> list[Membership]:
    """The user's roles in cohorts not yet more than two months past commencement, soonest first.

    All their memberships are read (a person holds a few), so the menu's and permissions' roles come with them.
    """
    since = timezone.localdate(now or timezone.now()) - timedelta(days=60)
    memberships = list(
        Membership.objects.filter(user=user)
        .select_related("cohort")
        .order_by("cohort__classes_start", "role")
    )
    remember_roles(user, memberships)
    return [membership for membership in memberships if membership.cohort.commencement >= since]


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
    sort_name: str = field(default="", repr=False, compare=False)  # last name first, as lists sort people

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
        sort_name = f"{last_name} {first_name}".strip() or email
        return cls(pk, User.name_of(first_name, last_name, email), email, organization, sort_name)


@dataclass(slots=True)
class Member:
    pk: int  # the membership's
    role: Role
    person: Person


def cohort_memberships(*, cohort: Cohort) -> QuerySet[Membership]:
    """The cohort's memberships by role in Role's order (`role_order`, to sort by), then name, then pk."""
    return (
        Membership.objects.filter(cohort=cohort)
        .annotate(role_order=ROLE_ORDER)
        .order_by("role_order", "user__last_name", "user__first_name", "pk")
    )


def members(*, memberships: QuerySet[Membership]) -> list[Member]:
    """`memberships` (from `cohort_memberships`) as Member rows: one query of short rows (a cohort has a few
    hundred members), from which a page and the count of each role are taken."""
    rows = memberships.values_list("pk", "role", *Person.columns("user"))
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


def cohort_pairings(*, cohort: Cohort) -> QuerySet[Pairing]:
    """The cohort's pairings by the candidate's name, then pk."""
    return Pairing.objects.filter(cohort=cohort).order_by(
        "candidate__last_name", "candidate__first_name", "pk"
    )


def pairs(*, pairings: QuerySet[Pairing]) -> list[Pair]:
    """`pairings` (from `cohort_pairings`) with both people: one query of short rows (a cohort has a few hundred
    pairs at most), which a page of pairs and the candidates' and mentors' counts share."""
    rows = pairings.values_list("pk", *Person.columns("candidate"), *Person.columns("mentor"))
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
    return PairingBoard(
        people[Role.CANDIDATE], people[Role.MENTOR], pairs(pairings=cohort_pairings(cohort=cohort))
    )


def contracts_by_mentor(*, cohort: Cohort) -> dict[int, MentorContract]:
    """Every recorded mentor contract of the cohort by the mentor's id, with whether a signed copy is kept."""
    contracts = MentorContract.objects.filter(cohort=cohort).select_related("document").order_by()
    return {contract.mentor_id: contract for contract in contracts}


@dataclass(slots=True)
class Contact:
    """A person paired with the viewer. The e-mail address and phone are empty unless both hold their roles in
    the cohort (a membership is made only for a confirmed address and a confirmed place)."""

    name: str
    organization: str
    email: str
    phone: str


def paired_contacts(*, pairings, side: str) -> list[Contact]:
    """The `side` ("mentor" or "candidate") of each of the viewer's `pairings` (a home panel's, which say
    whether each person still holds their role: `mentor_is_member`, `candidate_is_member`), as contacts."""
    contacts = []
    for pairing in pairings:
        person = getattr(pairing, side)
        confirmed = pairing.mentor_is_member and pairing.candidate_is_member
        email, phone = (person.email, person.phone) if confirmed else ("", "")
        contacts.append(Contact(person.display_name, person.organization, email, phone))
    return contacts


def _members_by_role(cohort: Cohort) -> QuerySet:
    """(role, how many hold it) rows of the cohort."""
    return Membership.objects.filter(cohort=cohort).order_by().values_list("role").annotate(n=Count("pk"))


def role_counts(*, cohort: Cohort) -> dict[Role, int]:
    """How many people hold each role, counted in the database."""
    counts = dict(_members_by_role(cohort))
    return {role: counts.get(role.value, 0) for role in Role}


def people_counts(*, cohort: Cohort) -> dict:
    """How many people hold each role and how many pairs there are, in one query (the home panel shows numbers
    only, so it need not load every member of a large cohort)."""
    pairs = (
        Pairing.objects.filter(cohort=cohort)
        .order_by()
        .values_list(Value(PAIRS, output_field=CharField()))
        .annotate(n=Count("pk"))
    )
    counts = dict(_members_by_role(cohort).union(pairs, all=True))
    return {"by_role": {role: counts.get(role.value, 0) for role in Role}, "pairs": counts.get(PAIRS, 0)}


PAIRS = "pairs"  # the row of `people_counts`' query that counts pairs, not a role's members


# The cohorts page --------------------------------------------------------------------------------------


@dataclass
class CohortRow:
    cohort: Cohort
    is_past: bool
    manages: bool  # the viewer is its program manager: people, dashboard, settings, archive, copy
    sizes: dict[Role, int] | None  # members by role, for a cohort the viewer manages


def cohort_list(*, user, now=None) -> tuple[list[CohortRow], list[CohortRow]]:
    """The cohorts the viewer may see listed, as (current and upcoming, soonest first; past, latest first).

    A program manager sees every cohort of the programs they manage a cohort of (past ones included), with its
    size for those they manage; anyone else sees the cohorts whose year is not over, whose timelines are public.
    Two queries whatever the number of cohorts: the cohorts, and the members counted by cohort and role.
    """
    now = now or timezone.now()
    managed = set(
        Membership.objects.filter(user=user, role=Role.PROGRAM_MANAGER).values_list("cohort_id", flat=True)
    )
    cohorts = Cohort.objects.select_related("program").order_by("classes_start", "pk")
    if managed:
        cohorts = cohorts.filter(program__cohorts__in=managed).distinct()
    else:
        cohorts = cohorts.filter(commencement__gte=timezone.localdate(now) - timedelta(days=1))
    cohorts = list(cohorts)
    counts = Counter()
    rows = (
        Membership.objects.filter(cohort__in=[c.pk for c in cohorts if c.pk in managed])
        .order_by()
        .values_list("cohort_id", "role")
        .annotate(n=Count("pk"))
    )
    for cohort_id, role, n in rows:
        counts[cohort_id, role] = n
    current, past = [], []
    for cohort in cohorts:
        is_past = cohort.commencement < timezone.localdate(now, cohort.tz)
        manages = cohort.pk in managed
        sizes = {role: counts[cohort.pk, role.value] for role in Role} if manages else None
        (past if is_past else current).append(CohortRow(cohort, is_past, manages, sizes))
    return current, past[::-1]


def managed_programs(*, user) -> list[Program]:
    """The programs a person may add a cohort to: those they manage a cohort of; every one for the staff."""
    programs = Program.objects.order_by("name")
    if not user.is_staff:
        programs = programs.filter(
            cohorts__memberships__user=user, cohorts__memberships__role=Role.PROGRAM_MANAGER
        ).distinct()
    return list(programs)


def managed_cohorts(*, user) -> list[Cohort]:
    """The cohorts a person manages, latest first: the ones they may copy."""
    return list(
        Cohort.objects.filter(memberships__user=user, memberships__role=Role.PROGRAM_MANAGER)
        .distinct()
        .order_by("-classes_start")
    )


def deadline_history(*, cohort: Cohort, limit: int = 10) -> list:
    """The cohort's recorded changes, newest first, with who made them: the settings page lists them."""
    return list(cohort.history.select_related("history_user").order_by("-history_date")[:limit])


@dataclass
class UpcomingReminder:
    when: datetime
    about: str
    recipients: list[str]  # names or addresses, the first few
    more: int  # how many recipients beyond those


@dataclass
class ReminderPreview:
    label: str
    enabled: bool
    offsets: list[int]
    upcoming: list[UpcomingReminder]
    counts_from_last_meeting: bool  # a kind whose offsets count from something else (quiet pairs)


def reminder_preview(*, cohort: Cohort, now=None, per_kind: int = 3, days_ahead: int = 120) -> list:
    """Per kind of reminder, the next few it will send with the cohort's saved times: when, about what, to
    whom. Read from the reminders registry, so a kind a feature adds shows here too."""
    now = now or timezone.now()
    previews = []
    for name, (enabled, offsets) in reminders.current_settings(cohort).items():
        kind = reminders.all_kinds()[name]
        upcoming = []
        if enabled and offsets and kind.targets is not None:
            end = now + timedelta(days=days_ahead) + timedelta(hours=max(offsets))
            for target in kind.targets(cohort, now, end):
                for hours in offsets:
                    point = reminders.reminder_point(target.moment, hours, cohort.tz)
                    if now < point <= now + timedelta(days=days_ahead):
                        names = [str(getattr(p, "display_name", p)) for p in target.recipients]
                        upcoming.append(UpcomingReminder(point, str(target.about), names[:3], len(names[3:])))
        upcoming.sort(key=lambda reminder: reminder.when)
        previews.append(
            ReminderPreview(kind.label, enabled, offsets, upcoming[:per_kind], kind.targets is None)
        )
    return previews
