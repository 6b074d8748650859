"""A past cohort's archive lists its graduates: the candidates marked as having completed the program; and
completion judges who is at risk (the one rule of `responsibilities`) for the dashboard and the manager's home."""

from cohorts.hooks import archive_section, risk_judge
from cohorts.models import Role
from cto_mentor import figures
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
    """The whole cohort's (`candidate_ids` None, the manager's home) is kept until a service changes the
    evidence of a responsibility (`figures.forget`), at most five minutes."""

    def judged():
        return {
            record.candidate.pk for record in selectors.at_risk(cohort=cohort, candidate_ids=candidate_ids)
        }

    return judged() if candidate_ids is not None else figures.kept(cohort.pk, "at-risk", judged)
