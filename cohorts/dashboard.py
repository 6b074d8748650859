from cto_mentor.dashboard import Section

from . import selectors
from .models import Role


def panel_sections(*, panel, user, now):
    cohort = panel.cohort
    if panel.role == Role.CANDIDATE:
        mentors = selectors.paired_contacts(pairings=panel.pairings, side="mentor")
        return [Section("dashboard/_my_mentor.html", {"mentors": mentors})]
    if panel.role == Role.MENTOR:
        candidates = selectors.paired_contacts(pairings=panel.pairings, side="candidate")
        return [Section("dashboard/_my_candidates.html", {"candidates": candidates})]
    if panel.role == Role.REVIEWER:
        return [Section("dashboard/_reviewer_dates.html")]
    if panel.role == Role.PROGRAM_MANAGER:
        return [Section("dashboard/_cohort_people.html", {"people": selectors.people_counts(cohort=cohort)})]
    return []
