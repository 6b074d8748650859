"""A past cohort's archive lists its graduates: the candidates marked as having completed the program; and
completion judges who is at risk (the one rule of `responsibilities`) for the dashboard's heat map."""

from cohorts.hooks import archive_section, risk_judge
from cohorts.models import Role
from cto_mentor.dashboard import Section

from . import selectors


@archive_section
def graduates(*, cohort) -> list[Section]:
    data = {
        "cohort": cohort,
        "graduates": selectors.graduates(cohort=cohort),
        "candidates": cohort.memberships.filter(role=Role.CANDIDATE).count(),
    }
    return [Section("completion/_archive_graduates.html", data)]


@risk_judge
def at_risk(*, cohort, candidate_ids) -> set[int]:
    return {record.candidate.pk for record in selectors.at_risk(cohort=cohort, candidate_ids=candidate_ids)}
