from cohorts.models import Role
from cto_mentor.dashboard import Section

from . import selectors

PLACE = 10  # the next class meeting leads every panel


def panel_sections(*, panel, user, now):
    if panel.role == Role.REVIEWER:
        return []
    cohort = panel.cohort
    meeting = selectors.next_meeting(user=user, cohort=cohort, now=now)
    sections = [Section("dashboard/_next_meeting.html", {"meeting": meeting})]
    data = {"role": panel.role}
    if panel.role == Role.CANDIDATE:
        data["assignments"] = selectors.open_assignments(candidate=user, cohort=cohort, now=now)
    elif panel.role == Role.MENTOR:
        data["candidates"] = [pairing.candidate for pairing in panel.pairings]
        data["standing"] = selectors.standings(cohort=cohort, candidates=data["candidates"], now=now)
    elif panel.role == Role.INSTRUCTOR:
        data["sessions"] = selectors.sessions_taught(instructor=user, cohort=cohort)
        data["meeting"] = meeting if meeting and meeting.starts_at <= now else None  # attendance is open
        data["to_grade"] = selectors.work_to_grade(instructor=user, cohort=cohort)
        data["to_take"] = selectors.attendance_to_take(instructor=user, cohort=cohort, now=now)
    sections.append(Section("sessions/_panel.html", data))
    return sections


def timeline_sections(*, cohort):
    return [Section("sessions/_timeline_schedule.html", {"sessions": selectors.schedule(cohort=cohort)})]
