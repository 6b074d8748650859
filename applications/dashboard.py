"""What the home page shows about applications: the applicant's own, the reviewer's and manager's work."""

from cohorts.models import Role
from cto_mentor.dashboard import Section

from . import selectors
from .models import ReviewStatus


def home_sections(*, user, now):
    applications = selectors.my_applications(user=user)
    if not applications:
        return []
    for application in applications:
        parts = selectors.checklist(application=application) if application.is_draft else []
        application.missing_parts = [part for part in parts if not part.done]
    return [Section("applications/_home_mine.html", {"applications": applications})]


def panel_sections(*, panel, user, now):
    cohort = panel.cohort
    if panel.role == Role.PROGRAM_MANAGER:
        counts, places = selectors.intake_counts(cohort=cohort), selectors.places(cohort=cohort, now=now)
        to_offer = [
            kind_places for kind_places in places.values() if kind_places.can_offer and kind_places.waitlisted
        ]
        return [Section("applications/_panel_manager.html", {"counts": counts, "to_offer": to_offer})]
    if panel.role == Role.REVIEWER:
        to_do = (
            selectors.reviews_for(reviewer=user, cohort=cohort).filter(status=ReviewStatus.ASSIGNED).count()
        )
        return [Section("applications/_panel_reviewer.html", {"to_do": to_do})]
    return []
