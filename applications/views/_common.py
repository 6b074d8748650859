"""What the intake's pages share: parsing helpers and the querysets their permission checks load."""

from django.core.exceptions import ValidationError
from django.views.decorators.http import require_http_methods

from cohorts.models import Cohort
from cto_mentor.permissions import get_permitted_or_404

from ..models import Application

GET_POST = require_http_methods(["GET", "POST"])
PAGE_SIZE = 25


def bound(request):
    return request.POST if request.method == "POST" else None


def add_form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def application_rows():
    return Application.objects.select_related("cohort", "applicant")


def cohort_for(request, perm, slug):
    return get_permitted_or_404(request.user, perm, Cohort.objects.all(), slug=slug)
