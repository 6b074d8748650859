"""Reminders of the class year: a class meeting coming up (with its calendar file), an assignment due."""

from collections.abc import Iterable
from datetime import datetime

from cohorts.models import Cohort
from cto_mentor.notifications.reminders import Kind, Target, register

from . import selectors
from .calendar import meeting_ics
from .models import Meeting


def meeting_targets(cohort: Cohort, start: datetime, end: datetime) -> Iterable[Target]:
    meetings = Meeting.objects.filter(session__cohort=cohort, starts_at__gt=start, starts_at__lte=end)
    for meeting in meetings.select_related("session__cohort"):
        yield Target(
            about=meeting,
            moment=meeting.starts_at,
            recipients=selectors.expected_attendees(meeting=meeting),
            context=lambda meeting=meeting: {"meeting": meeting, "cohort": cohort},
            link=cohort.get_absolute_url(),
            attachments=lambda meeting=meeting: [
                {
                    "filename": "meeting.ics",
                    "content": meeting_ics(meeting).decode(),
                    "mimetype": "text/calendar",
                }
            ],
        )


def assignment_targets(cohort: Cohort, start: datetime, end: datetime) -> Iterable[Target]:
    for assignment in selectors.assignments_due_between(start=start, end=end).filter(session__cohort=cohort):
        yield Target(
            about=assignment,
            moment=assignment.due_at,
            recipients=list(selectors.candidates_missing_submission(assignment=assignment)),
            context=lambda assignment=assignment: {"assignment": assignment, "cohort": cohort},
            link=assignment.get_absolute_url(),
        )


register(
    Kind(
        "assignment_due", "Assignment due soon", "assignment_due_reminder", (48,), targets=assignment_targets
    ),
    Kind("meeting", "Class meeting coming up", "meeting_reminder", (48,), targets=meeting_targets),
)
