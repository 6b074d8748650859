"""The program manager's actions on the applications checked in the review queue (assign reviewers, decide,
export), and the cohort's reviewers with the kind each reviews and their work."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from cto_mentor.csv_export import streamed_csv
from cto_mentor.forms import bound, submitted
from cto_mentor.listing import Listing

from .. import forms, selectors, services
from ..forms import BulkAssignForm
from ..models import Application
from ._common import GET_POST, cohort_for

REVIEWER_SEARCH = ("first_name", "last_name", "email")
REVIEWER_SORTS = {
    "name": ("last_name", "first_name"),
    "to_do": ("to_do",),
    "done": ("done",),
    "conflicts": ("stepped_back",),
}


def _checked(request, cohort):
    """The cohort's applications whose ids the request names (the queue's checked rows), ids of other cohorts
    and anything not a number left out."""
    data = request.POST if request.method == "POST" else request.GET
    ids = [int(value) for value in data.getlist("applications") if value.isdigit() and len(value) < 19]
    return (
        Application.objects.filter(cohort=cohort, pk__in=ids)
        .select_related("applicant")
        .order_by("applicant__last_name", "applicant__first_name", "pk")
    )


def _back_to_queue(request, cohort):
    messages.error(request, "Check at least one application in the queue first.")
    return redirect("applications:queue", slug=cohort.slug)


@login_required
@GET_POST
def bulk_assign(request, slug):
    """The checked applications given to the chosen reviewers, each one e-mailed once with what they got."""
    cohort = cohort_for(request, "applications.manage_intake", slug)
    checked = _checked(request, cohort)
    if not checked:
        return _back_to_queue(request, cohort)
    form = BulkAssignForm(
        bound(request),
        cohort=cohort,
        applications=checked,
        reviewers=selectors.reviewer_workload(cohort=cohort),
        conflicts=selectors.conflicts_declared(applications=checked),
        initial={"applications": list(checked)},
    )
    done = []

    def assign(data):
        common = {
            "cohort": cohort,
            "applications": list(data["applications"]),
            "reviewers": list(data["reviewers"]),
            "due_at": data["due_at"],
            "actor": request.user,
        }
        if data["how"] == BulkAssignForm.SPREAD:
            done.append(services.distribute_reviews(per_application=data["per_application"], **common))
        else:
            done.append(services.assign_reviews(**common))

    if submitted(request, form, assign):
        _say_what_was_assigned(request, done[0])
        return redirect("applications:queue", slug=cohort.slug)
    return render(request, "applications/bulk_assign.html", {"cohort": cohort, "form": form})


def _say_what_was_assigned(request, assigned: services.Assigned) -> None:
    if not assigned.reviews:
        messages.info(request, "Nothing new to assign: those reviewers already hold those applications.")
    else:
        messages.success(
            request,
            f"{len(assigned.reviews)} review{'s' if len(assigned.reviews) != 1 else ''} assigned to "
            f"{assigned.reviewers} reviewer{'s' if assigned.reviewers != 1 else ''}; each is e-mailed the list.",
        )
    for application, reviews in assigned.short:
        messages.warning(
            request,
            f"{application.applicant} has only {reviews} review{'s' if reviews != 1 else ''}: not enough of the "
            "chosen reviewers may review it (conflicts, the kind they review, their own application).",
        )


@login_required
@GET_POST
def bulk_decide(request, slug):
    """One decision and reason for the checked applications, after the manager sees the list and confirms."""
    cohort = cohort_for(request, "applications.manage_intake", slug)
    checked = _checked(request, cohort)
    if not checked:
        return _back_to_queue(request, cohort)
    form = forms.BulkDecisionForm(
        bound(request), applications=checked, initial={"applications": list(checked)}
    )
    if submitted(
        request,
        form,
        lambda data: services.decide_many(
            applications=list(data["applications"]),
            decision=data["decision"],
            reason=data["reason"],
            actor=request.user,
            past_places=data["past_places"],
        ),
    ):
        count = len(form.cleaned_data["applications"])
        messages.success(
            request,
            f"The decision is recorded for {count} application{'s' if count != 1 else ''}. "
            "Send it from the decisions page.",
        )
        return redirect("applications:queue", slug=cohort.slug)
    return render(request, "applications/bulk_decide.html", {"cohort": cohort, "form": form})


@login_required
def export_checked(request, slug):
    """The checked applications as CSV, with the columns of the queue's export."""
    cohort = cohort_for(request, "applications.manage_intake", slug)
    checked = _checked(request, cohort)
    if not checked:
        return _back_to_queue(request, cohort)
    applications = selectors.intake(cohort=cohort).filter(pk__in=checked.values("pk"))
    rows = selectors.export_rows(applications=applications.order_by("applicant__last_name"), zone=cohort.tz)
    return streamed_csv(rows, filename=f"applications-{cohort.slug}-checked.csv")


@login_required
@GET_POST
def reviewers(request, slug):
    """The cohort's reviewers with their work, and the kind of application each reviews."""
    cohort = cohort_for(request, "applications.manage_intake", slug)
    workload = selectors.reviewer_workload(cohort=cohort)
    form = forms.ReviewerScopeForm(bound(request), reviewers=workload)
    if submitted(
        request,
        form,
        lambda data: services.set_reviewer_scope(cohort=cohort, reviewer=data["reviewer"], kind=data["kind"]),
    ):
        scope = dict(forms.SCOPES)[form.cleaned_data["kind"]].lower()
        messages.success(request, f"{form.cleaned_data['reviewer']} reviews {scope}.")
        return redirect("applications:reviewers", slug=cohort.slug)
    if form.is_bound:
        messages.error(request, " ".join(message for errors in form.errors.values() for message in errors))
    listing = Listing(
        request, sorts=REVIEWER_SORTS, search=REVIEWER_SEARCH, search_label="Search by name or e-mail"
    )
    page = listing.page(listing.apply(workload))
    rows = [
        (
            reviewer,
            forms.ReviewerScopeForm(
                initial={"reviewer": reviewer.pk, "kind": reviewer.scope},
                reviewers=workload,
                auto_id=f"scope-{reviewer.pk}-%s",
            ),
        )
        for reviewer in page
    ]
    context = {"cohort": cohort, "listing": listing, "page": page, "rows": rows}
    return render(request, "applications/reviewers.html", context)
