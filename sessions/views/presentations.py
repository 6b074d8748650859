"""Oral presentations and a candidate's progress against the requirements."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cohorts.models import Membership, Role
from cto_mentor.forms import bound, submitted
from cto_mentor.permissions import get_permitted_or_404

from .. import selectors, services
from ..forms import AssessmentForm, PresentationForm
from ._common import PRESENTATIONS, SESSIONS


@login_required
@require_http_methods(["GET", "POST"])
def presentation_create(request, pk):
    session = get_permitted_or_404(request.user, "class_sessions.schedule_presentation", SESSIONS, pk=pk)
    return _presentation_form(request, session=session, presentation=None)


@login_required
@require_http_methods(["GET", "POST"])
def presentation_edit(request, pk):
    presentation = get_permitted_or_404(
        request.user, "class_sessions.schedule_presentation", PRESENTATIONS, pk=pk
    )
    return _presentation_form(request, session=presentation.session, presentation=presentation)


def _presentation_form(request, *, session, presentation):
    cohort = session.cohort
    with timezone.override(cohort.tz):
        initial = None
        if presentation:
            initial = {
                "candidate": presentation.candidate,
                "topic": presentation.topic,
                "scheduled_at": presentation.scheduled_at,
            }
        form = PresentationForm(bound(request), cohort=cohort, initial=initial)
        if submitted(
            request,
            form,
            lambda data: services.schedule_presentation(session=session, presentation=presentation, **data),
        ):
            messages.success(request, "The presentation is on the session's list.")
            return redirect(session)
        context = {"cohort": cohort, "session": session, "presentation": presentation, "form": form}
        return render(request, "sessions/presentation_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def presentation_assess(request, pk):
    presentation = get_permitted_or_404(
        request.user, "class_sessions.assess_presentation", PRESENTATIONS, pk=pk
    )
    initial = (
        {"result": presentation.result, "comments": presentation.comments} if presentation.result else None
    )
    # Before the presentation has happened the page says so instead of offering the form.
    refusal = services.assessment_refusal(presentation=presentation)
    form = AssessmentForm(bound(request), initial=initial)
    if submitted(
        request,
        form,
        lambda data: services.assess_presentation(presentation=presentation, actor=request.user, **data),
    ):
        messages.success(request, f"The presentation of {presentation.candidate} is assessed.")
        return redirect(presentation.session)
    context = {
        "presentation": presentation,
        "cohort": presentation.session.cohort,
        "form": form,
        "refusal": refusal,
    }
    return render(request, "sessions/presentation_assess.html", context)


@login_required
def progress(request, slug, user_id):
    membership = get_permitted_or_404(
        request.user,
        "class_sessions.view_progress",
        Membership.objects.select_related("cohort", "user"),
        cohort__slug=slug,
        user_id=user_id,
        role=Role.CANDIDATE,
    )
    record = selectors.progress(cohort=membership.cohort, candidate=membership.user)
    return render(request, "sessions/progress.html", {"cohort": membership.cohort, "record": record})
