"""The home page is assembled from sections that each app contributes, so each app keeps its own rules.

An app's `dashboard.py`, found by name for every installed app, may define
- `panel_sections(*, panel, user, now) -> list[Section]` for a role panel (`panel.cohort`, `panel.role`),
- `todo_items(*, panel, now) -> list[Todo]` for the to-do list that leads a panel (the program manager's counts
  of what waits for them, each linking to the list of those things); items counting nothing are left out,
- `upcoming(*, panel, now) -> list[Upcoming]` for the meetings the person must attend next (a class, a kickoff,
  a mentor check-in, a meeting with their mentor or candidate); the earliest leads the panel,
- `home_sections(*, user, now) -> list[Section]` for what does not belong to a role (an applicant's drafts);
  a section with `after_panels` (an invitation to apply) comes after the person's own work,
- `timeline_sections(*, cohort) -> list[Section]` for the cohort's public timeline page, and
- `PLACE`, a number saying where its sections stand, lowest first (the next class meeting leads a panel).
"""

from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property
from types import ModuleType

from django.db.models import Exists, OuterRef
from django.utils.timesince import timeuntil

from cohorts.models import Cohort, Membership, Pairing, Role
from cto_mentor.discovery import app_modules


@dataclass
class Section:
    template: str
    data: dict = field(default_factory=dict)
    after_panels: bool = False


@dataclass(frozen=True)
class Upcoming:
    """A meeting the person is expected at: what it is, when, where, and the page about it."""

    starts_at: datetime
    title: str
    url: str = ""
    location: str = ""

    @property
    def starts_in(self) -> str:
        """ "3 days": how long until it starts, in the unit that matters."""
        return timeuntil(self.starts_at, depth=1)


@dataclass(frozen=True)
class Todo:
    """One line of a panel's to-do list: `text` says what waits (with its count), `url` opens the list of them."""

    count: int
    text: str
    url: str


@dataclass
class Panel:
    cohort: Cohort
    role: Role
    user: object
    sections: list[Section] = field(default_factory=list)
    todo: list[Todo] = field(default_factory=list)
    upcoming: list[Upcoming] = field(default_factory=list)

    @cached_property
    def pairings(self) -> list[Pairing]:
        """The user's pairings in the cohort as mentor or candidate, with both people and whether each still
        holds their role (`mentor_is_member`, `candidate_is_member`): several sections list them, and this
        asks once."""
        side = {Role.MENTOR: "mentor", Role.CANDIDATE: "candidate"}.get(self.role)
        if side is None:
            return []
        pairings = Pairing.objects.filter(cohort=self.cohort, **{side: self.user}).annotate(
            **{
                f"{name}_is_member": Exists(
                    Membership.objects.filter(cohort=OuterRef("cohort"), user=OuterRef(name), role=role)
                )
                for name, role in (("mentor", Role.MENTOR), ("candidate", Role.CANDIDATE))
            }
        )
        # In the candidates' order (a mentor's), not the model's, which joins the cohort for its dates.
        order = ("candidate__last_name", "candidate__first_name", "candidate__email")
        return list(pairings.select_related("mentor", "candidate").order_by(*order))


def _providers() -> list[ModuleType]:
    return sorted(app_modules("dashboard"), key=lambda module: getattr(module, "PLACE", 100))


def build_panel(*, membership, user, now) -> Panel:
    panel = Panel(cohort=membership.cohort, role=Role(membership.role), user=user)
    for provider in _providers():
        if hasattr(provider, "upcoming"):
            panel.upcoming += provider.upcoming(panel=panel, now=now)
        if hasattr(provider, "todo_items"):
            panel.todo += [item for item in provider.todo_items(panel=panel, now=now) if item.count]
        if hasattr(provider, "panel_sections"):
            panel.sections += provider.panel_sections(panel=panel, user=user, now=now)
    panel.upcoming.sort(key=lambda meeting: meeting.starts_at)
    return panel


def home_sections(*, user, now) -> list[Section]:
    sections = []
    for provider in _providers():
        if hasattr(provider, "home_sections"):
            sections += provider.home_sections(user=user, now=now)
    return sections


def timeline_sections(*, cohort) -> list[Section]:
    sections = []
    for provider in _providers():
        if hasattr(provider, "timeline_sections"):
            sections += provider.timeline_sections(cohort=cohort)
    return sections
