"""What the intake's pages share: the querysets their permission checks load."""

from django.views.decorators.http import require_http_methods

from cohorts.models import Cohort
from cto_mentor.permissions import get_permitted_or_404

from ..models import Application

GET_POST = require_http_methods(["GET", "POST"])
PAGE_SIZE = 25


def application_rows():
    return Application.objects.select_related("cohort", "applicant")


def cohort_for(request, perm, slug):
    return get_permitted_or_404(request.user, perm, Cohort.objects.all(), slug=slug)
