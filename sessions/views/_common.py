"""What the class-year views share: the querysets they look objects up in."""

from ..models import Assignment, ClassSession, Meeting, Presentation, Submission

SESSIONS = ClassSession.objects.select_related("cohort")
MEETINGS = Meeting.objects.select_related("session__cohort")
ASSIGNMENTS = Assignment.objects.select_related("session__cohort")
PRESENTATIONS = Presentation.objects.select_related("session__cohort", "candidate")
SUBMISSIONS = Submission.objects.select_related("assignment__session__cohort", "candidate", "graded_by")
