"""Reads the completion pages share: the cohort's candidates with their ten responsibilities."""

from cohorts.models import Cohort, Membership, Role
from cohorts.selectors import Person
from cto_mentor import figures

from . import responsibilities
from .models import Completion
from .responsibilities import Record

SORTS = {"name": "Name", "risk": "At risk first"}


def candidates_of(*, cohort: Cohort, ids=None) -> list[Person]:
    """The cohort's candidates by name, or those of them whose user ids are in `ids`."""
    memberships = Membership.objects.filter(cohort=cohort, role=Role.CANDIDATE)
    if ids is not None:
        memberships = memberships.filter(user__in=ids)
    rows = memberships.order_by("user__last_name", "user__first_name", "user__email").values_list(
        *Person.columns("user")
    )
    return [Person.from_row(*row) for row in rows]


def cohort_records(*, cohort: Cohort, sort: str = "name", now=None) -> list[Record]:
    """Every candidate's record, by name or with those at risk first (the most reasons first, then the
    most responsibilities behind): a sort on what is computed, so every candidate is counted, in the same
    few queries."""
    records = responsibilities.records(cohort=cohort, candidates=candidates_of(cohort=cohort), now=now)
    if sort == "risk":
        records.sort(key=lambda record: (-len(record.risks), -len(record.behind)))  # stable: by name within
    return records


def progress_of(*, cohort: Cohort, candidate) -> Record:
    """The candidate's record (`responsibilities.record_of`) as their progress page shows it, kept with the
    cohort's figures: counted afresh once a service changes what it reads (`figures.forget`), and kept no
    longer than `figures.KEEP_SECONDS`, so that a meeting that begins or work that falls due shows within
    minutes. The candidate's user is not kept with it."""
    record = figures.kept(cohort.pk, f"progress:{candidate.pk}", lambda: _record_to_keep(cohort, candidate))
    record.candidate = candidate
    return record


def _record_to_keep(cohort: Cohort, candidate) -> Record:
    record = responsibilities.record_of(cohort=cohort, candidate=candidate)
    record.candidate = None
    return record


def graduates(*, cohort: Cohort) -> list[Completion]:
    return list(Completion.objects.filter(cohort=cohort).select_related("candidate"))


def at_risk(*, cohort: Cohort, candidate_ids=None, now=None) -> list[Record]:
    """The records of the candidates at risk, of `candidate_ids` or of the whole cohort, the most reasons
    first."""
    candidates = candidates_of(cohort=cohort, ids=candidate_ids)
    found = [r for r in responsibilities.records(cohort=cohort, candidates=candidates, now=now) if r.at_risk]
    return sorted(found, key=lambda record: -len(record.risks))
