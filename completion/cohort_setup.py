"""A past cohort's archive lists its graduates: the candidates marked as having completed the program."""

from cohorts.hooks import archive_section
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
