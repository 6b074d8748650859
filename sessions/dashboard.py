from cohorts.models import Role
from cto_mentor.dashboard import Section

from . import selectors


def panel_sections(*, panel, user, now):
    if panel.role == Role.REVIEWER:
        return []
    meeting = selectors.next_meeting(user=user, cohort=panel.cohort, now=now)
    return [Section("dashboard/_next_meeting.html", {"meeting": meeting})]
