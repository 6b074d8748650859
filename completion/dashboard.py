from cohorts.models import Role
from cto_mentor.dashboard import Section

PLACE = 40


def panel_sections(*, panel, user, now):
    if panel.role != Role.PROGRAM_MANAGER:
        return []
    return [Section("completion/_manager_panel.html")]
