from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.timesince import timeuntil

from cohorts import hooks
from cohorts.models import Role
from cto_mentor import figures
from cto_mentor.dashboard import Section, Todo, Upcoming
from cto_mentor.dates import in_zone

from . import selectors

PLACE = 10  # the next class meeting leads every panel


def todo_items(*, panel, now):
    """The instructor's work to grade and attendance to take; the program manager's candidates at risk and
    work left ungraded for more than a week."""
    if panel.role == Role.INSTRUCTOR:
        return _instructor_todo(panel, now)
    if panel.role != Role.PROGRAM_MANAGER:
        return []
    cohort = panel.cohort
    at_risk = len(hooks.candidates_at_risk(cohort=cohort, candidate_ids=None))  # the one rule, completion's
    ungraded = figures.kept(  # until work is handed in or graded (`figures.forget`), at most five minutes
        cohort.pk,
        "ungraded-a-week",
        lambda: selectors.ungraded_since(cohort=cohort, before=now - selectors.UNGRADED_WAIT).count(),
    )
    return [
        Todo(
            at_risk,
            f"{at_risk} candidate{pluralize(at_risk)} at risk ({cohort.absences_at_risk} or more unexcused "
            "absences, or another responsibility behind)",
            f"{reverse('completion:cohort_table', args=[cohort.slug])}?sort=risk",
        ),
        Todo(
            ungraded,
            f"{ungraded} assignment{pluralize(ungraded)} handed in more than a week ago, not graded yet",
            f"{reverse('class_sessions:assignment_grid', args=[cohort.slug])}?waiting=week",
        ),
    ]


def _instructor_todo(panel, now):
    """Kept until the cohort's sessions, attendance or work change (`figures.forget`), at most five minutes (a
    meeting that begins shows by then)."""
    return figures.kept(
        panel.cohort.pk, f"instructor-todo:{panel.user.pk}", lambda: _instructor_todo_counted(panel, now)
    )


def _instructor_todo_counted(panel, now):
    to_grade = selectors.work_to_grade(instructor=panel.user, cohort=panel.cohort)
    to_take = selectors.attendance_to_take(instructor=panel.user, cohort=panel.cohort, now=now)
    return [
        *(
            Todo(
                assignment.waiting,
                f"Grade {assignment.title} ({assignment.session}): {assignment.waiting} waiting",
                assignment.get_absolute_url(),
            )
            for assignment in to_grade
        ),
        *(
            Todo(
                1,
                f"Take attendance: {held.session}, {in_zone(held.starts_at, panel.cohort)}",
                reverse("class_sessions:attendance", args=[held.pk]),
            )
            for held in to_take
        ),
    ]


def upcoming(*, panel, now):
    """The next class meeting the person is expected at (a mentor: the kickoff and sessions that expect them)."""
    if panel.role == Role.REVIEWER:
        return []
    meeting = selectors.next_meeting(user=panel.user, cohort=panel.cohort, now=now)
    if meeting is None:
        return []
    session = meeting.session
    return [Upcoming(meeting.starts_at, session.full_name, session.get_absolute_url(), meeting.location)]


def panel_sections(*, panel, user, now):
    if panel.role == Role.REVIEWER:
        return []
    cohort = panel.cohort
    sections = []
    data = {"role": panel.role}
    if panel.role == Role.CANDIDATE:
        data["assignments"] = selectors.open_assignments(candidate=user, cohort=cohort, now=now)
        for assignment in data["assignments"]:
            assignment.due_in = timeuntil(
                assignment.due_at, now, depth=1
            )  # "21 hours": the unit that matters
    elif panel.role == Role.MENTOR:
        data["candidates"] = [pairing.candidate for pairing in panel.pairings]
        data["standing"] = _standings(cohort, data["candidates"], now)
    elif panel.role == Role.INSTRUCTOR:
        data["sessions"] = selectors.sessions_taught(instructor=user, cohort=cohort)
        meeting = selectors.next_meeting(user=user, cohort=cohort, now=now)
        data["meeting"] = meeting if meeting and meeting.starts_at <= now else None  # attendance is open
    sections.append(Section("sessions/_panel.html", data))
    return sections


def _standings(cohort, candidates, now) -> list[selectors.Standing]:
    """The mentor's candidates' standings, kept until the class year's records change (`figures.forget`:
    attendance, assignments, work handed in or graded), at most five minutes (work falling due shows by then)."""
    counts = figures.kept(
        cohort.pk,
        "standings:" + ",".join(str(candidate.pk) for candidate in candidates),
        lambda: [
            (standing.short_days, standing.flagged_work)
            for standing in selectors.standings(cohort=cohort, candidates=candidates, now=now)
        ],
    )
    return [selectors.Standing(candidate, *kept) for candidate, kept in zip(candidates, counts, strict=True)]


def timeline_sections(*, cohort):
    return [Section("sessions/_timeline_schedule.html", {"sessions": selectors.schedule_rows(cohort=cohort)})]
