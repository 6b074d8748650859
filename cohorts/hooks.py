"""What the feature apps add to setting up and closing a cohort year, without cohorts importing any of them.

An app's `cohort_setup.py` module, found by name for every installed app, registers
- copy steps (`copy_steps.register(CopyStep(...))`): what a new cohort takes over from the one it is copied
  from (sessions and meetings, the rubric, reminder times), and the moments of it that the program manager
  reviews before the copy is made (each meeting's start and end);
- archive sections (`@archive_section`): what the archive page of a past cohort shows (who completed);
- deadline announcers (`@deadline_announcer`): who is told when the application deadline moves later;
- pairing profilers (`@pairing_profiler`): what is known of the cohort's candidates and mentors for pairing
  suggestions (their county, topics, a mentor's capacity, the class days they can attend).
- risk judges (`@risk_judge`): which candidates are at risk of not completing the program, by the one rule
  of the app that judges it (the dashboard's attendance heat map marks them).

Nothing about people is ever copied: a step copies the year's plan, not memberships, applications or pairs.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta, tzinfo

from cto_mentor.discovery import Step, Steps, app_modules

MODULE = "cohort_setup"


@dataclass(frozen=True)
class Moment:
    """A stretch of time of the source cohort, proposed for the new one on the same weekday at the same local
    wall-clock time: naive datetimes on the cohort's clock, so 5:30 p.m. stays 5:30 p.m. across daylight
    saving. `after` names a moment this one must start after (a Saturday meeting after its Friday).

    The form shows `key` as the start's field and `<key>_ends` as the end's; a refusal names the same."""

    key: str
    label: str
    starts: datetime
    ends: datetime
    group: str = ""
    after: str = ""


@dataclass(frozen=True)
class CopyStep(Step):
    """`run(*, source, target, moments)` copies the step's part; `moments` maps each Moment's key to the
    (start, end) the manager chose, as aware datetimes. `propose(*, source, weeks)` gives the step's moments
    shifted by whole weeks; a step without moments leaves it None."""

    propose: Callable | None = None


copy_steps = Steps(MODULE)

_archive_sections: list[Callable] = []
_deadline_announcers: list[Callable] = []
_pairing_profilers: list[Callable] = []
_risk_judges: list[Callable] = []


def archive_section(function: Callable) -> Callable:
    """Register `function(*, cohort) -> list[Section]` for the archive page."""
    _archive_sections.append(function)
    return function


def deadline_announcer(function: Callable) -> Callable:
    """Register `function(*, cohort, old, new) -> int`, returning how many people it told."""
    _deadline_announcers.append(function)
    return function


def pairing_profiler(function: Callable) -> Callable:
    """Register `function(*, cohort, user_ids) -> dict[user_id, PairingProfile]`."""
    _pairing_profilers.append(function)
    return function


def risk_judge(function: Callable) -> Callable:
    """Register `function(*, cohort, candidate_ids) -> set[int]`: the ids of those candidates at risk."""
    _risk_judges.append(function)
    return function


@dataclass(frozen=True)
class PairingProfile:
    """What a feature knows of a candidate or a mentor for pairing them: the county they work in, the topics
    they seek (a candidate) or bring (a mentor), how many candidates a mentor can take, and the class
    meetings they said they can attend (`available_days`) among those they answered for."""

    county: str = ""
    topics: tuple[str, ...] = ()
    capacity: int | None = None
    available_days: frozenset[int] = frozenset()
    answered_days: frozenset[int] = frozenset()


def pairing_profiles(*, cohort, user_ids) -> dict[int, PairingProfile]:
    """Each person's profile from the registered profilers; the first that knows someone speaks for them."""
    app_modules(MODULE)
    profiles = {}
    for function in _pairing_profilers:
        for user_id, profile in function(cohort=cohort, user_ids=user_ids).items():
            profiles.setdefault(user_id, profile)
    return profiles


def candidates_at_risk(*, cohort, candidate_ids) -> set[int]:
    """The ids of those of `candidate_ids` whom a registered judge finds at risk."""
    app_modules(MODULE)
    return {pk for function in _risk_judges for pk in function(cohort=cohort, candidate_ids=candidate_ids)}


def archive_sections(*, cohort) -> list:
    app_modules(MODULE)
    return [section for function in _archive_sections for section in function(cohort=cohort)]


def announce_deadline_moved(*, cohort, old: datetime, new: datetime) -> int:
    app_modules(MODULE)
    return sum(function(cohort=cohort, old=old, new=new) for function in _deadline_announcers)


def proposed_moments(*, source, weeks: int) -> list[Moment]:
    return [
        moment
        for step in copy_steps.in_order()
        if step.propose is not None
        for moment in step.propose(source=source, weeks=weeks)
    ]


def shifted(moment: datetime, weeks: int, zone: tzinfo) -> datetime:
    """`moment` moved by whole weeks on the clock of `zone`: the same weekday and local time, as a naive
    datetime (a wall-clock time a form shows and the manager may change before it is made aware)."""
    return moment.astimezone(zone).replace(tzinfo=None) + timedelta(weeks=weeks)
