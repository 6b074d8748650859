"""What the class-year views share: the querysets they look objects up in and form helpers."""

from django.core.exceptions import ValidationError

from ..models import Assignment, ClassSession, Meeting, Presentation, Submission

SESSIONS = ClassSession.objects.select_related("cohort")
MEETINGS = Meeting.objects.select_related("session__cohort")
ASSIGNMENTS = Assignment.objects.select_related("session__cohort")
PRESENTATIONS = Presentation.objects.select_related("session__cohort", "candidate")
SUBMISSIONS = Submission.objects.select_related("assignment__session__cohort", "candidate", "graded_by")


def bound(request):
    """The POST data for a bound form (an empty POST still validates), or None on GET."""
    return request.POST if request.method == "POST" else None


def add_errors(form, error: ValidationError):
    """Show a service's refusal next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
