"""What the intake's pages share: the querysets their permission checks load, the applicant's part pages, the
decision form."""

from django.shortcuts import render
from django.views.decorators.http import require_http_methods

from cohorts.models import Cohort
from cto_mentor.permissions import get_permitted_or_404

from .. import forms, selectors, services
from ..models import Application, Decision

GET_POST = require_http_methods(["GET", "POST"])
PAGE_SIZE = 25


def application_rows():
    return Application.objects.select_related("cohort", "applicant")


def own_part(request, pk) -> tuple[Application, str]:
    """The applicant's own application for one of its part pages, and why it cannot change now ("" if it can)."""
    application = get_permitted_or_404(
        request.user, "applications.change_application", application_rows(), pk=pk
    )
    return application, services.read_only_reason(application=application)


def read_only_part(request, application, part: str, reason: str):
    """A part page of an application that cannot change now: it says why, rather than a 404 or a dead form."""
    context = {"application": application, "part": part, "reason": reason}
    return render(request, "applications/part_read_only.html", context)


def cohort_for(request, perm, slug):
    return get_permitted_or_404(request.user, perm, Cohort.objects.all(), slug=slug)


def decision_places(application):
    """The kind's places while the decision is still to be e-mailed (the page shows them), else None."""
    if application.decision_sent_at is not None:
        return None
    return selectors.places(cohort=application.cohort)[application.kind]


def decision_form(application, places, data=None, **kwargs):
    """The decision form; it asks to confirm an acceptance past the places only where accepting takes one."""
    takes_a_place = application.decision != Decision.ACCEPTED
    return forms.DecisionForm(data, places=places if takes_a_place else None, **kwargs)
