"""The applicant's pages: start, the checklist, each part, submit, withdraw and the answer to an offer."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from cto_mentor.forms import bound, carried_out, submitted, uploaded
from cto_mentor.permissions import get_permitted_or_404
from cto_mentor.undo import success_with_undo
from cto_mentor.uploads import download_response

from .. import forms, questions, selectors, services
from ..models import Availability, Extension, Nomination, Resume, Status
from ._common import (
    GET_POST,
    application_rows,
    cohort_for,
    decision_form,
    decision_places,
    own_part,
    read_only_part,
)


@login_required
@GET_POST
def start(request, slug):
    """Choose candidate or mentor and start (or resume) the draft for an open cohort."""
    cohort = cohort_for(request, "cohorts.view_timeline", slug)
    form = forms.StartForm(bound(request))
    started = []

    def start_draft(data):
        started.append(services.start_application(cohort=cohort, applicant=request.user, kind=data["kind"]))

    if submitted(request, form, start_draft):
        return redirect(started[0])
    is_open = selectors.accepts_from(cohort=cohort, applicant=request.user)
    if not is_open:
        # A closed cohort's page has no form: its refusal is said above the page.
        for refusal in form.non_field_errors():
            messages.error(request, refusal)
    context = {
        "cohort": cohort,
        "form": form,
        "deadline": selectors.deadline_for(cohort=cohort, applicant=request.user),
        "is_open": is_open,
        "mine": [a for a in selectors.my_applications(user=request.user) if a.cohort_id == cohort.pk],
    }
    return render(request, "applications/start.html", context)


@login_required
def detail(request, pk):
    """The application: checklist and actions for its applicant; the read-only record for the others."""
    application = get_permitted_or_404(
        request.user,
        "applications.view_application",
        application_rows().select_related("resume", "nomination"),
        pk=pk,
    )
    user = request.user
    can_manage = user.has_perm("applications.manage_application", application)
    can_see_scores = user.has_perm("applications.see_scores", application)
    reviews = list(selectors.reviews_of(application=application)) if can_see_scores else []
    # One's own review is among them when they show; otherwise it is asked for alone.
    my_review = (
        next((review for review in reviews if review.reviewer_id == user.pk), None)
        if can_see_scores
        else application.reviews.filter(reviewer=user).first()
    )
    extension = (
        Extension.objects.filter(cohort=application.cohort, applicant=application.applicant)
        .order_by()
        .first()
    )
    deadline = selectors.deadline_with(cohort=application.cohort, extension=extension)
    is_applicant = application.applicant_id == user.pk
    read_only = services.read_only_reason(application=application) if is_applicant else ""
    answered = questions.Answered.of(application)
    context = {
        "application": application,
        "cohort": application.cohort,
        "checklist": selectors.checklist(application=application, answered=answered),
        "deadline": deadline,
        "is_open": selectors.accepts_from(
            cohort=application.cohort, applicant=application.applicant, deadline=deadline
        ),
        "is_applicant": is_applicant,
        "can_change": is_applicant and not read_only,
        "read_only": read_only,
        "can_reopen": is_applicant and not services.reopen_refusal(application=application),
        "can_withdraw": is_applicant and not services.withdraw_refusal(application=application),
        "can_undo_withdrawal": is_applicant
        and application.status == Status.WITHDRAWN
        and not services.undo_refusal(application=application),
        "can_manage": can_manage,
        "can_see_scores": can_see_scores,
        "nomination": getattr(application, "nomination", None),
        "resume": getattr(application, "resume", None),
        "unavailable": Availability.objects.filter(application=application, available=False).select_related(
            "meeting__session"
        ),
        "reviews": reviews,
        "questions": questions.answers_shown(
            answered=answered, reviewer_only=not (is_applicant or can_manage)
        ),
        "my_review": my_review,
        "extension": extension,
    }
    if can_manage:
        context["assign_form"] = forms.AssignForm(
            cohort=application.cohort, reviewers=selectors.reviewers_offered(application=application)
        )
        context["places"] = decision_places(application)
        context["decision_form"] = decision_form(
            application,
            context["places"],
            initial={"decision": application.decision or None, "reason": application.decision_reason},
        )
    return render(request, "applications/detail.html", context)


@login_required
@GET_POST
def edit_form(request, pk):
    application, read_only = own_part(request, pk)
    if read_only:
        return read_only_part(request, application, "Application form", read_only)
    form = forms.form_part_class(application)(bound(request), instance=application)
    if submitted(request, form, lambda data: services.save_form(application=application, data=data)):
        messages.success(
            request, "Your answers are saved. You can come back and change them until you submit."
        )
        return redirect(application)
    return render(request, "applications/part_form.html", {"application": application, "form": form})


@login_required
@GET_POST
def resume(request, pk):
    application, read_only = own_part(request, pk)
    if read_only:
        return read_only_part(request, application, "Resume", read_only)
    form = forms.ResumeForm(bound(request), uploaded(request))
    if submitted(
        request, form, lambda data: services.upload_resume(application=application, uploaded=data["resume"])
    ):
        messages.success(request, "Your resume is uploaded.")
        return redirect(application)
    context = {"application": application, "form": form, "current": getattr(application, "resume", None)}
    return render(request, "applications/part_resume.html", context)


@login_required
def download_resume(request, pk):
    application = get_permitted_or_404(
        request.user, "applications.download_resume", application_rows(), pk=pk
    )
    return download_response(request, get_object_or_404(Resume, application=application))


@login_required
@GET_POST
def nomination(request, pk):
    """Name the nominator (or another one) and see whether the nomination has arrived."""
    application = get_permitted_or_404(
        request.user, "applications.view_application", application_rows(), pk=pk
    )
    if application.applicant_id != request.user.pk:
        return redirect(application)
    current = Nomination.objects.filter(application=application).first()
    initial = (
        {
            "name": current.nominator_name,
            "title": current.nominator_title,
            "organization": current.nominator_organization,
            "email": current.nominator_email,
        }
        if current
        else {}
    )
    form = forms.NominatorForm(bound(request), initial=initial)
    read_only = services.read_only_reason(application=application)
    if request.method == "POST" and read_only:
        messages.error(request, read_only)
        return redirect("applications:nomination", pk=application.pk)
    if submitted(request, form, lambda data: services.request_nomination(application=application, **data)):
        messages.success(request, f"We e-mailed the nomination request to {form.cleaned_data['email']}.")
        return redirect("applications:nomination", pk=application.pk)
    context = {"application": application, "form": form, "current": current, "read_only": read_only}
    return render(request, "applications/part_nomination.html", context)


@login_required
@require_POST
def resend_nomination(request, pk):
    application, _ = own_part(request, pk)
    carried_out(
        request,
        lambda: services.resend_nomination_request(application=application),
        lambda nomination: f"We sent the request again to {nomination.nominator_email}.",
    )
    return redirect("applications:nomination", pk=application.pk)


@login_required
@GET_POST
def availability(request, pk):
    application, read_only = own_part(request, pk)
    if read_only:
        return read_only_part(request, application, "Availability", read_only)
    meetings = selectors.meetings_to_confirm(application=application)
    answers = {a.meeting_id: a for a in Availability.objects.filter(application=application)}
    form = forms.AvailabilityForm(
        bound(request), meetings=meetings, answers=answers, cohort=application.cohort
    )
    if submitted(
        request,
        form,
        lambda data: services.save_availability(application=application, answers=form.answers()),
    ):
        messages.success(request, "Your availability is saved.")
        return redirect(application)
    return render(request, "applications/part_availability.html", {"application": application, "form": form})


@login_required
@require_POST
def submit(request, pk):
    application = get_permitted_or_404(
        request.user, "applications.submit_application", application_rows(), pk=pk
    )
    carried_out(
        request,
        lambda: services.submit_application(application=application),
        "Your application is submitted. We e-mailed you a confirmation.",
    )
    return redirect(application)


@login_required
@GET_POST
def reopen(request, pk):
    """Ask first, then take the submitted application back to change it (it must be submitted again)."""
    application = get_permitted_or_404(
        request.user, "applications.reopen_application", application_rows(), pk=pk
    )
    if request.method == "POST":
        carried_out(
            request,
            lambda: services.reopen_application(application=application, actor=request.user),
            "Your application is reopened. Change what you need, then submit it again.",
        )
        return redirect(application)
    refusal = services.reopen_refusal(application=application)
    return _confirm(request, application, "applications/confirm_reopen.html", refusal)


@login_required
@GET_POST
def withdraw(request, pk):
    """Ask first, saying what withdrawing means; then withdraw."""
    application = get_permitted_or_404(
        request.user, "applications.withdraw_application", application_rows(), pk=pk
    )
    if request.method == "POST":
        try:
            application = services.withdraw_application(application=application, actor=request.user)
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            _withdrawn_message(request, application)
        return redirect(application)
    refusal = services.withdraw_refusal(application=application)
    return _confirm(request, application, "applications/confirm_withdraw.html", refusal)


def _withdrawn_message(request, application):
    """Say it is done, with an undo button while the withdrawal can still be undone."""
    if services.undo_refusal(application=application):
        messages.success(request, "Your application is withdrawn.")
        return
    success_with_undo(
        request,
        "Your application is withdrawn. You can undo this until the deadline.",
        undo_url=reverse("applications:undo_withdrawal", args=[application.pk]),
        label="Undo: put your application back as it was",
    )


def _confirm(request, application, template, refusal: str):
    """The page that says what the action means and asks to confirm it, or why it is not possible."""
    deadline = selectors.deadline_for(cohort=application.cohort, applicant=application.applicant)
    context = {
        "application": application,
        "cohort": application.cohort,
        "deadline": deadline,
        "is_open": selectors.accepts_from(
            cohort=application.cohort, applicant=application.applicant, deadline=deadline
        ),
        "refusal": refusal,
    }
    return render(request, template, context)


@login_required
@require_POST
def undo_withdrawal(request, pk):
    application = get_permitted_or_404(
        request.user, "applications.withdraw_application", application_rows(), pk=pk
    )
    carried_out(
        request,
        lambda: services.undo_withdrawal(application=application, actor=request.user),
        lambda undone: (
            "The withdrawal is undone: your application is submitted, as before."
            if undone.status == Status.SUBMITTED
            else "The withdrawal is undone: your application is a draft again; submit it before the deadline."
        ),
    )
    return redirect(application)


@login_required
@GET_POST
def place(request, pk):
    """The accepted applicant confirms or declines the place offered in the decision e-mail; declining asks
    first, as it cannot be undone."""
    application = get_permitted_or_404(request.user, "applications.answer_offer", application_rows(), pk=pk)
    context = {"application": application, "cohort": application.cohort}
    if request.method == "POST":
        choice = request.POST.get("answer")
        if choice not in ("confirm", "decline"):
            messages.error(request, "Choose to confirm or to decline the place.")
        elif choice == "decline" and not request.POST.get("sure"):
            return render(request, "applications/place.html", {**context, "confirm_decline": True})
        else:
            carried_out(
                request,
                lambda: services.answer_offer(application=application, accept=choice == "confirm"),
                "Thank you: your place is confirmed. You are a member of the cohort now: your home page "
                "shows what comes next."
                if choice == "confirm"
                else "You declined the place; it goes to someone on the waitlist. Thank you for letting us know.",
            )
            return redirect("applications:place", pk=application.pk)
    return render(request, "applications/place.html", context)
