"""The home page is assembled from sections that each app contributes, so each app keeps its own rules.

A provider module may define
- `panel_sections(*, panel, user, now) -> list[Section]` for a role panel (`panel.cohort`, `panel.role`), and
- `home_sections(*, user, now) -> list[Section]` for what does not belong to a role (an applicant's drafts).
"""

from dataclasses import dataclass, field
from importlib import import_module

from cohorts.models import Cohort, Role

PROVIDERS = [
    "sessions.dashboard",
    "cohorts.dashboard",
    "applications.dashboard",
    "portfolios.dashboard",
]


@dataclass
class Section:
    template: str
    data: dict = field(default_factory=dict)


@dataclass
class Panel:
    cohort: Cohort
    role: Role
    sections: list[Section] = field(default_factory=list)


def _providers():
    return [import_module(name) for name in PROVIDERS]


def build_panel(*, membership, user, now) -> Panel:
    panel = Panel(cohort=membership.cohort, role=Role(membership.role))
    for provider in _providers():
        if hasattr(provider, "panel_sections"):
            panel.sections += provider.panel_sections(panel=panel, user=user, now=now)
    return panel


def home_sections(*, user, now) -> list[Section]:
    sections = []
    for provider in _providers():
        if hasattr(provider, "home_sections"):
            sections += provider.home_sections(user=user, now=now)
    return sections
