"""The program manager's pages: queue, CSV export, rubric, extensions, assignment, decisions, places, offers."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cohorts.models import MentorContract
from cohorts.selectors import contracts_by_mentor
from cto_mentor.csv_export import streamed_csv
from cto_mentor.forms import bound, carried_out, submitted
from cto_mentor.jobs.services import start_job
from cto_mentor.listing import Listing, sort_links
from cto_mentor.notifications.services import absolute_url
from cto_mentor.notifications.services import render as render_notice
from cto_mentor.permissions import get_permitted_or_404

from .. import forms, jobs, selectors, services
from ..filters import QueueFilter
from ..models import Application, Criterion, Decision, Extension, Kind
from ..questions import filterable_questions
from ._common import GET_POST, PAGE_SIZE, application_rows, cohort_for, decision_form, decision_places

APPLICANT_SEARCH = ("applicant__first_name", "applicant__last_name", "applicant__email", "organization")
DECISION_SORTS = {
    "name": ("applicant__last_name", "applicant__first_name"),
    "kind": ("kind",),
    "average": ("average",),
    "decision": ("decision",),
    "notified": ("decision_sent_at",),
}
EXTENSION_SEARCH = ("applicant__first_name", "applicant__last_name", "applicant__email", "reason")
EXTENSION_SORTS = {
    "applicant": ("applicant__last_name", "applicant__first_name"),
    "until": ("until",),
    "granted": ("granted_at",),
}


@login_required
def queue(request, slug):
    """Every application of the cohort with filters, sorting, weighted average and spread."""
    cohort = cohort_for(request, "applications.manage_intake", slug)
    filterset = QueueFilter(
        request.GET or None,
        queryset=selectors.review_queue(cohort=cohort),
        reviewers=selectors.reviewers_of(cohort=cohort).only("first_name", "last_name", "email"),
        questions=filterable_questions(cohort=cohort),
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "cohort": cohort,
        "filter": filterset,
        "page": page,
        "rows": [selectors.QueueRow.of(application) for application in page],
        "query": query.urlencode(),
        "sort_links": sort_links(query, forms.QueueFilterForm.SORTS),
    }
    return render(request, "applications/queue.html", context)


@login_required
def export(request, slug):
    """The queue, filtered as on the page, as CSV streamed a chunk of rows at a time."""
    cohort = cohort_for(request, "applications.manage_intake", slug)
    filterset = QueueFilter(
        request.GET or None,
        queryset=selectors.intake(cohort=cohort).order_by("applicant__last_name"),
        reviewers=selectors.reviewers_of(cohort=cohort),
        questions=filterable_questions(cohort=cohort),
    )
    rows = selectors.export_rows(applications=filterset.qs, zone=cohort.tz)
    return streamed_csv(rows, filename=f"applications-{cohort.slug}.csv")


@login_required
@GET_POST
def rubric(request, slug):
    """The cohort's two rubrics, candidates' and mentors', and the form adding a criterion to either."""
    cohort = cohort_for(request, "applications.manage_intake", slug)
    form = forms.CriterionForm(bound(request))
    if submitted(request, form, lambda data: services.add_criterion(cohort=cohort, **data)):
        rubric_name = Kind(form.cleaned_data["kind"]).label.lower()
        messages.success(request, f"“{form.cleaned_data['name']}” is added to the {rubric_name}s' rubric.")
        return redirect("applications:rubric", slug=cohort.slug)
    criteria = Criterion.objects.filter(cohort=cohort)
    rubrics = [(kind, [c for c in criteria if c.kind == kind]) for kind in Kind]
    return render(request, "applications/rubric.html", {"cohort": cohort, "form": form, "rubrics": rubrics})


@login_required
@GET_POST
def change_criterion(request, slug, criterion_id):
    cohort = cohort_for(request, "applications.manage_intake", slug)
    criterion = get_object_or_404(Criterion, cohort=cohort, pk=criterion_id)
    form = forms.CriterionChangeForm(bound(request), instance=criterion)
    if submitted(
        request,
        form,
        lambda data: services.change_criterion(criterion=Criterion.objects.get(pk=criterion.pk), **data),
    ):
        messages.success(request, f"“{form.cleaned_data['name']}” is saved.")
        return redirect("applications:rubric", slug=cohort.slug)
    return render(
        request, "applications/criterion_edit.html", {"cohort": cohort, "form": form, "criterion": criterion}
    )


@login_required
@GET_POST
def remove_criterion(request, slug, criterion_id):
    """Ask first, saying its scores go with it; then take the criterion off the rubric."""
    cohort = cohort_for(request, "applications.manage_intake", slug)
    criterion = get_object_or_404(Criterion, cohort=cohort, pk=criterion_id)
    if request.method == "GET":
        context = {
            "criterion": criterion,
            "heading": f"Remove “{criterion.name}” from the rubric?",
            "refusal": services.remove_criterion_refusal(criterion=criterion),
            "action_label": "Remove the criterion",
            "back_url": reverse("applications:rubric", args=[cohort.slug]),
            "back_label": "Keep it",
        }
        return render(request, "applications/confirm_remove_criterion.html", context)
    carried_out(
        request,
        lambda: services.remove_criterion(criterion=criterion),
        f"“{criterion.name}” is removed from the rubric.",
    )
    return redirect("applications:rubric", slug=cohort.slug)


@login_required
@GET_POST
def extensions(request, slug):
    cohort = cohort_for(request, "applications.manage_intake", slug)
    form = forms.ExtensionForm(bound(request), cohort=cohort)
    if submitted(
        request,
        form,
        lambda data: services.grant_extension(
            cohort=cohort,
            applicant=form.applicant,
            until=data["until"],
            reason=data["reason"],
            granted_by=request.user,
        ),
    ):
        messages.success(request, f"{form.applicant} may now submit until the new deadline.")
        return redirect("applications:extensions", slug=cohort.slug)
    listing = Listing(
        request, sorts=EXTENSION_SORTS, search=EXTENSION_SEARCH, search_label="Search by applicant or grounds"
    )
    granted = Extension.objects.filter(cohort=cohort).select_related("applicant", "granted_by")
    context = {
        "cohort": cohort,
        "form": form,
        "listing": listing,
        "page": listing.page(listing.apply(granted)),
    }
    return render(request, "applications/extensions.html", context)


def _managed(request, pk):
    return get_permitted_or_404(request.user, "applications.manage_application", application_rows(), pk=pk)


@login_required
@require_POST
def assign(request, pk):
    """One reviewer for this application by a due date; they are e-mailed."""
    application = _managed(request, pk)
    form = forms.AssignForm(
        request.POST,
        cohort=application.cohort,
        reviewers=selectors.reviewers_offered(application=application),
    )
    if submitted(
        request,
        form,
        lambda data: services.assign_reviews(
            cohort=application.cohort,
            applications=[application],
            reviewers=[data["reviewer"]],
            due_at=data["due_at"],
            actor=request.user,
        ),
    ):
        messages.success(
            request, f"{form.cleaned_data['reviewer']} is asked to review this application; we e-mailed them."
        )
        return redirect(application)
    return render(
        request, "applications/assign_again.html", {"application": application, "assign_form": form}
    )


@login_required
@require_POST
def decide(request, pk):
    application = _managed(request, pk)
    places = decision_places(application)
    form = decision_form(application, places, request.POST)
    if submitted(
        request, form, lambda data: services.decide(application=application, actor=request.user, **data)
    ):
        messages.success(request, "The decision is recorded. Send it from the decisions page.")
        return redirect(application)
    context = {"application": application, "decision_form": form, "places": places}
    return render(request, "applications/decide_again.html", context)


@login_required
@GET_POST
def answer_by(request, pk):
    """Move one offer's answer-by time (the cohort's days to answer set the first one)."""
    application = _managed(request, pk)
    cohort = application.cohort
    form = forms.AnswerByForm(bound(request), cohort=cohort)
    if submitted(
        request,
        form,
        lambda data: services.change_answer_by(application=application, answer_by=data["answer_by"]),
    ):
        messages.success(request, f"{application.applicant} now has until the new time to answer.")
        return redirect("applications:decisions", slug=cohort.slug)
    return render(
        request, "applications/answer_by.html", {"application": application, "cohort": cohort, "form": form}
    )


@login_required
@require_POST
def offer(request, pk):
    application = _managed(request, pk)
    carried_out(
        request,
        lambda: services.offer_place(application=application, actor=request.user),
        f"The place is offered to {application.applicant}; we e-mailed them.",
    )
    return redirect("applications:decisions", slug=application.cohort.slug)


@login_required
@GET_POST
def decisions(request, slug):
    """Who is accepted, waitlisted or declined, previews of the e-mails still to send, and the send button
    (which sends them in the background and shows the progress)."""
    cohort = cohort_for(request, "applications.manage_intake", slug)
    if request.method == "POST":
        job = start_job(kind=jobs.SEND_DECISIONS, cohort=cohort, requested_by=request.user)
        return redirect(job)
    # The e-mails to send, previewed a page at a time: after a round of decisions hundreds wait.
    pending = (
        Application.objects.decided_not_notified().filter(cohort=cohort).select_related("applicant", "cohort")
    )
    to_send = Paginator(pending, PAGE_SIZE).get_page(request.GET.get("previews"))
    previews = []
    for application in to_send:
        email = services.decision_email(application)
        rendered = render_notice(
            email["notice"],
            {
                **email["context"],
                "recipient": application.applicant,
                "to_email": application.applicant.email,
                "link": absolute_url(email["link"]),
            },
        )
        previews.append((application, rendered))
    listing = Listing(request, sorts=DECISION_SORTS, search=APPLICANT_SEARCH)
    page = listing.page(listing.apply(selectors.selection(cohort=cohort)))
    contracts = contracts_by_mentor(cohort=cohort)
    places = selectors.places(cohort=cohort)
    context = {
        "cohort": cohort,
        "previews": previews,
        "to_send": to_send,
        "listing": listing,
        "page": page,
        "rows": [(application, _contract(application, contracts)) for application in page],
        "places": [(kind_places, _next_on_waitlist(cohort, kind_places)) for kind_places in places.values()],
        "can_offer": {kind: kind_places.can_offer for kind, kind_places in places.items()},
    }
    return render(request, "applications/decisions.html", context)


def _next_on_waitlist(cohort, places):
    """The best-ranked waitlisted applicant, when a place can be offered to them."""
    if not (places.can_offer and places.waitlisted):
        return None
    return selectors.waitlist(cohort=cohort, kind=places.kind).first()


def _contract(application, contracts) -> MentorContract | None:
    """An accepted mentor's contract (recorded on the pairings page), not sent until recorded."""
    if application.kind != Kind.MENTOR or application.decision != Decision.ACCEPTED:
        return None
    return contracts.get(application.applicant_id) or MentorContract()


@login_required
@require_POST
def export_in_background(request, slug):
    """Prepare the review queue's CSV (filtered as on the page) in the background."""
    cohort = cohort_for(request, "applications.manage_intake", slug)
    job = start_job(
        kind=jobs.EXPORT_APPLICATIONS,
        cohort=cohort,
        requested_by=request.user,
        parameters={"query": request.POST.get("query", "")},
    )
    return redirect(job)
