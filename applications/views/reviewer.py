"""The reviewer's list and review page: scores, or a conflict of interest declared after a confirm page; others'
scores afterwards."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render

from cto_mentor.forms import submitted
from cto_mentor.listing import Listing
from cto_mentor.permissions import get_permitted_or_404

from .. import forms, questions, selectors, services
from ..models import Review
from ._common import GET_POST, cohort_for

REVIEW_SEARCH = (
    "application__applicant__first_name",
    "application__applicant__last_name",
    "application__organization",
)
REVIEW_SORTS = {
    "applicant": ("application__applicant__last_name", "application__applicant__first_name"),
    "kind": ("application__kind",),
    "status": ("status",),
    "due": ("assignment__due_at",),
}


@login_required
def my_reviews(request, slug):
    cohort = cohort_for(request, "applications.review_in_cohort", slug)
    listing = Listing(
        request, sorts=REVIEW_SORTS, search=REVIEW_SEARCH, search_label="Search by applicant or organization"
    )
    page = listing.page(listing.apply(selectors.reviews_for(reviewer=request.user, cohort=cohort)))
    context = {"cohort": cohort, "listing": listing, "page": page}
    return render(request, "applications/my_reviews.html", context)


@login_required
@GET_POST
def review(request, pk):
    """Score the rubric of the application's kind (or go to declare a conflict); the others' scores show once
    one's own review is in."""
    review = get_permitted_or_404(
        request.user,
        "applications.write_review",
        Review.objects.select_related("application__cohort", "application__applicant", "assignment"),
        pk=pk,
    )
    application = review.application
    criteria = selectors.rubric_for(application=application)
    is_open = review.status == "assigned"
    action = request.POST.get("action") if request.method == "POST" else None
    score_form = forms.ScoreForm(request.POST if action == "score" else None, criteria=criteria)
    if (
        is_open
        and action == "score"
        and submitted(
            request,
            score_form,
            lambda data: services.submit_review(
                review=review, scores=score_form.scores(), comments=data["comments"]
            ),
        )
    ):
        messages.success(request, "Your review is recorded.")
        return redirect(review)
    context = {
        "review": review,
        "application": application,
        "cohort": application.cohort,
        "is_open": is_open,
        "criteria": criteria,
        "score_form": score_form,
        "my_scores": review.scores.select_related("criterion"),
        "questions": questions.answers_shown(
            answered=questions.Answered.of(application),
            reviewer_only=not request.user.has_perm("applications.manage_application", application),
        ),
        "others": selectors.other_reviews(review=review)
        if request.user.has_perm("applications.see_scores", application)
        else None,
    }
    return render(request, "applications/review.html", context)


@login_required
@GET_POST
def declare_conflict(request, pk):
    """Ask first, saying the review is given up and the reviewer no longer offered for the application; then
    declare the conflict with its reason."""
    review = get_permitted_or_404(
        request.user,
        "applications.write_review",
        Review.objects.select_related("application__cohort", "application__applicant"),
        pk=pk,
    )
    form = forms.ConflictForm(request.POST if request.method == "POST" else None)
    if submitted(
        request, form, lambda data: services.declare_conflict(review=review, reason=data["conflict_reason"])
    ):
        messages.success(
            request, "Your conflict of interest is recorded; this review is no longer yours to do."
        )
        return redirect(review)
    context = {
        "review": review,
        "application": review.application,
        "form": form,
        "heading": f"Declare a conflict of interest with {review.application.applicant}?",
        "refusal": services.declare_conflict_refusal(review=review),
        "action_label": "Declare the conflict",
        "back_url": review.get_absolute_url(),
        "back_label": "Back to the review",
    }
    return render(request, "applications/confirm_conflict.html", context)
