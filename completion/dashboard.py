from cohorts.models import Role
from cto_mentor.dashboard import Section

from . import selectors

PLACE = 40


def panel_sections(*, panel, user, now):
    if panel.role != Role.PROGRAM_MANAGER:
        return []
    at_risk = selectors.at_risk(cohort=panel.cohort, now=now)
    return [Section("completion/_manager_panel.html", {"at_risk": at_risk})]
