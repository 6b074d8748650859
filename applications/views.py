"""Applicant, nominator, reviewer and program manager pages of the intake.

Each view parses the request, checks one permission on the object (404 outside the user's scope), calls one
service or selector and renders. Refusals from services come back as messages or as form errors.
"""

import csv

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cohorts.models import Cohort
from cto_mentor.notifications.services import absolute_url
from cto_mentor.notifications.services import render as render_notice
from cto_mentor.permissions import get_permitted_or_404
from cto_mentor.uploads import download_response

from . import forms, selectors, services
from .filters import QueueFilter
from .models import Application, Availability, Criterion, Decision, Extension, Nomination, Resume, Review

GET_POST = require_http_methods(["GET", "POST"])
PAGE_SIZE = 25


def _bound(request):
    return request.POST if request.method == "POST" else None


def _add_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _applications():
    return Application.objects.select_related("cohort", "applicant")


def _cohort(request, perm, slug):
    return get_permitted_or_404(request.user, perm, Cohort.objects.select_related("program"), slug=slug)


# The applicant ---------------------------------------------------------------------------------------------


@login_required
@GET_POST
def start(request, slug):
    """Choose candidate or mentor and start (or resume) the draft for an open cohort."""
    cohort = _cohort(request, "cohorts.view_timeline", slug)
    form = forms.StartForm(_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            application = services.start_application(
                cohort=cohort, applicant=request.user, kind=form.cleaned_data["kind"]
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            return redirect(application)
    context = {
        "cohort": cohort,
        "form": form,
        "deadline": selectors.deadline_for(cohort=cohort, applicant=request.user),
        "is_open": selectors.accepts_from(cohort=cohort, applicant=request.user),
        "mine": [a for a in selectors.my_applications(user=request.user) if a.cohort_id == cohort.pk],
    }
    return render(request, "applications/start.html", context)


@login_required
def detail(request, pk):
    """The application: checklist and actions for its applicant; the read-only record for the others."""
    application = get_permitted_or_404(request.user, "applications.view_application", _applications(), pk=pk)
    user = request.user
    can_manage = user.has_perm("applications.manage_application", application)
    context = {
        "application": application,
        "cohort": application.cohort,
        "checklist": selectors.checklist(application=application),
        "deadline": selectors.deadline_for(cohort=application.cohort, applicant=application.applicant),
        "is_open": selectors.accepts_from(cohort=application.cohort, applicant=application.applicant),
        "is_applicant": application.applicant_id == user.pk,
        "can_change": user.has_perm("applications.change_application", application),
        "can_manage": can_manage,
        "can_see_scores": user.has_perm("applications.see_scores", application),
        "nomination": Nomination.objects.filter(application=application).first(),
        "resume": getattr(application, "resume", None),
        "unavailable": Availability.objects.filter(application=application, available=False).select_related(
            "meeting__session"
        ),
        "reviews": application.reviews.select_related("reviewer").prefetch_related("scores__criterion"),
        "my_review": application.reviews.filter(reviewer=user).first(),
        "extension": Extension.objects.filter(
            cohort=application.cohort, applicant=application.applicant
        ).first(),
    }
    if can_manage:
        context["assign_form"] = forms.AssignForm(reviewers=selectors.reviewers_of(cohort=application.cohort))
        context["decision_form"] = forms.DecisionForm(
            initial={"decision": application.decision or None, "reason": application.decision_reason}
        )
        context["contract_form"] = forms.ContractForm(
            initial={"contract_status": application.contract_status}
        )
    return render(request, "applications/detail.html", context)


def _editable(request, pk):
    return get_permitted_or_404(request.user, "applications.change_application", _applications(), pk=pk)


@login_required
@GET_POST
def edit_form(request, pk):
    application = _editable(request, pk)
    form = forms.form_part_class(application)(_bound(request), instance=application)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_form(application=application, data=form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(
                request, "Your answers are saved. You can come back and change them until you submit."
            )
            return redirect(application)
    return render(request, "applications/part_form.html", {"application": application, "form": form})


@login_required
@GET_POST
def resume(request, pk):
    application = _editable(request, pk)
    form = forms.ResumeForm(_bound(request), request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.upload_resume(application=application, uploaded=form.cleaned_data["resume"])
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Your resume is uploaded.")
            return redirect(application)
    context = {"application": application, "form": form, "current": getattr(application, "resume", None)}
    return render(request, "applications/part_resume.html", context)


@login_required
def download_resume(request, pk):
    application = get_permitted_or_404(request.user, "applications.download_resume", _applications(), pk=pk)
    return download_response(get_object_or_404(Resume, application=application))


@login_required
@GET_POST
def nomination(request, pk):
    """Name the nominator (or another one) and see whether the nomination has arrived."""
    application = get_permitted_or_404(request.user, "applications.view_application", _applications(), pk=pk)
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
    form = forms.NominatorForm(_bound(request), initial=initial, applicant=request.user)
    if request.method == "POST":
        application = _editable(request, pk)
        if form.is_valid():
            try:
                services.request_nomination(application=application, **form.cleaned_data)
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(
                    request, f"We e-mailed the nomination request to {form.cleaned_data['email']}."
                )
                return redirect("applications:nomination", pk=application.pk)
    context = {"application": application, "form": form, "current": current}
    return render(request, "applications/part_nomination.html", context)


@login_required
@require_POST
def resend_nomination(request, pk):
    application = _editable(request, pk)
    try:
        nomination = services.resend_nomination_request(application=application)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"We sent the request again to {nomination.nominator_email}.")
    return redirect("applications:nomination", pk=application.pk)


@login_required
@GET_POST
def availability(request, pk):
    application = _editable(request, pk)
    meetings = selectors.meetings_to_confirm(application=application)
    answers = {a.meeting_id: a for a in Availability.objects.filter(application=application)}
    form = forms.AvailabilityForm(
        _bound(request), meetings=meetings, answers=answers, cohort=application.cohort
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_availability(application=application, answers=form.answers())
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "Your availability is saved.")
            return redirect(application)
    return render(request, "applications/part_availability.html", {"application": application, "form": form})


@login_required
@require_POST
def submit(request, pk):
    application = get_permitted_or_404(
        request.user, "applications.submit_application", _applications(), pk=pk
    )
    try:
        services.submit_application(application=application)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Your application is submitted. We e-mailed you a confirmation.")
    return redirect(application)


@login_required
@require_POST
def withdraw(request, pk):
    application = get_permitted_or_404(
        request.user, "applications.withdraw_application", _applications(), pk=pk
    )
    try:
        services.withdraw_application(application=application)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, "Your application is withdrawn.")
    return redirect(application)


@login_required
@GET_POST
def place(request, pk):
    """The accepted applicant confirms or declines the place offered in the decision e-mail."""
    application = get_permitted_or_404(request.user, "applications.answer_offer", _applications(), pk=pk)
    if request.method == "POST":
        choice = request.POST.get("answer")
        if choice not in ("confirm", "decline"):
            messages.error(request, "Choose to confirm or to decline the place.")
        else:
            try:
                services.answer_offer(application=application, accept=choice == "confirm")
            except ValidationError as error:
                messages.error(request, error.messages[0])
            else:
                messages.success(
                    request,
                    "Thank you: your place is confirmed."
                    if choice == "confirm"
                    else "You declined the place. Thank you for letting us know.",
                )
            return redirect("applications:place", pk=application.pk)
    return render(
        request, "applications/place.html", {"application": application, "cohort": application.cohort}
    )


# The nominator (no account) --------------------------------------------------------------------------------


@GET_POST
def nominate(request, token):
    """The nomination form behind the e-mailed link: no login; the link is checked on every request."""
    found = selectors.nomination_for_token(token)
    try:
        found = services.check_nomination_link(nomination=found)
    except ValidationError as error:
        return render(request, "applications/nominate_closed.html", {"reason": error.messages[0]}, status=410)
    form = forms.NominationForm(_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_nomination(nomination=found, **form.cleaned_data)
        except ValidationError as error:
            return render(
                request, "applications/nominate_closed.html", {"reason": error.messages[0]}, status=410
            )
        return render(request, "applications/nominate_thanks.html", {"nomination": found})
    context = {
        "nomination": found,
        "application": found.application,
        "cohort": found.application.cohort,
        "form": form,
    }
    return render(request, "applications/nominate.html", context)


# The reviewer ----------------------------------------------------------------------------------------------


@login_required
def my_reviews(request, slug):
    cohort = _cohort(request, "applications.review_in_cohort", slug)
    reviews = selectors.reviews_for(reviewer=request.user, cohort=cohort)
    page = Paginator(reviews, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "applications/my_reviews.html", {"cohort": cohort, "page": page})


@login_required
@GET_POST
def review(request, pk):
    """Score the rubric or declare a conflict; the others' scores show once one's own review is in."""
    review = get_permitted_or_404(
        request.user,
        "applications.write_review",
        Review.objects.select_related("application__cohort", "application__applicant"),
        pk=pk,
    )
    application = review.application
    criteria = Criterion.objects.filter(cohort=application.cohort)
    is_open = review.status == "assigned"
    action = request.POST.get("action") if request.method == "POST" else None
    score_form = forms.ScoreForm(request.POST if action == "score" else None, criteria=criteria)
    conflict_form = forms.ConflictForm(request.POST if action == "conflict" else None)
    if is_open and action in ("score", "conflict"):
        form = score_form if action == "score" else conflict_form
        if form.is_valid():
            try:
                if action == "score":
                    services.submit_review(
                        review=review,
                        scores=score_form.scores(),
                        comments=score_form.cleaned_data["comments"],
                    )
                else:
                    services.declare_conflict(
                        review=review, reason=conflict_form.cleaned_data["conflict_reason"]
                    )
            except ValidationError as error:
                _add_errors(form, error)
            else:
                messages.success(request, "Your review is recorded.")
                return redirect(review)
    context = {
        "review": review,
        "application": application,
        "cohort": application.cohort,
        "is_open": is_open,
        "criteria": criteria,
        "score_form": score_form,
        "conflict_form": conflict_form,
        "my_scores": review.scores.select_related("criterion"),
        "others": selectors.other_reviews(review=review)
        if request.user.has_perm("applications.see_scores", application)
        else None,
    }
    return render(request, "applications/review.html", context)


# The program manager ---------------------------------------------------------------------------------------


@login_required
def queue(request, slug):
    """Every application of the cohort with filters, sorting, weighted average and spread."""
    cohort = _cohort(request, "applications.manage_intake", slug)
    reviewers = selectors.reviewers_of(cohort=cohort)
    filterset = QueueFilter(
        request.GET or None,
        queryset=selectors.intake(cohort=cohort).order_by("-updated_at"),
        reviewers=reviewers,
    )
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {"cohort": cohort, "filter": filterset, "page": page, "query": query.urlencode()}
    return render(request, "applications/queue.html", context)


class _Echo:
    def write(self, value):
        return value


EXPORT_COLUMNS = [
    "Applicant",
    "E-mail",
    "Kind",
    "Status",
    "Submitted at",
    "Organization",
    "Reviews done",
    "Weighted average",
    "Spread",
    "Dates they cannot attend",
    "Decision",
    "Reason",
    "Decision e-mailed at",
    "Answer",
]


@login_required
def export(request, slug):
    """The queue, filtered as on the page, as CSV streamed row by row."""
    cohort = _cohort(request, "applications.manage_intake", slug)
    filterset = QueueFilter(
        request.GET or None,
        queryset=selectors.intake(cohort=cohort).order_by("applicant__last_name"),
        reviewers=selectors.reviewers_of(cohort=cohort),
    )
    zone = cohort.tz

    def moment(value):
        return timezone.localtime(value, zone).strftime("%Y-%m-%d %H:%M %Z") if value else ""

    def rows():
        writer = csv.writer(_Echo())
        yield writer.writerow(EXPORT_COLUMNS)
        for a in filterset.qs.iterator(chunk_size=500):
            yield writer.writerow(
                [
                    a.applicant.display_name,
                    a.applicant.email,
                    a.get_kind_display(),
                    a.get_status_display(),
                    moment(a.submitted_at),
                    a.organization,
                    a.reviews_done,
                    "" if a.average is None else f"{a.average:.2f}",
                    "" if a.spread is None else f"{a.spread:.2f}",
                    a.conflicts,
                    a.get_decision_display() if a.decision else "",
                    a.decision_reason,
                    moment(a.decision_sent_at),
                    a.get_response_display() if a.decision_sent_at else "",
                ]
            )

    response = StreamingHttpResponse(rows(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="applications-{cohort.slug}.csv"'
    return response


@login_required
@GET_POST
def rubric(request, slug):
    cohort = _cohort(request, "applications.manage_intake", slug)
    form = forms.CriterionForm(_bound(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.add_criterion(cohort=cohort, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"“{form.cleaned_data['name']}” is added to the rubric.")
            return redirect("applications:rubric", slug=cohort.slug)
    context = {"cohort": cohort, "form": form, "criteria": Criterion.objects.filter(cohort=cohort)}
    return render(request, "applications/rubric.html", context)


@login_required
@require_POST
def remove_criterion(request, slug, criterion_id):
    cohort = _cohort(request, "applications.manage_intake", slug)
    criterion = get_object_or_404(Criterion, cohort=cohort, pk=criterion_id)
    try:
        services.remove_criterion(criterion=criterion)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"“{criterion.name}” is removed from the rubric.")
    return redirect("applications:rubric", slug=cohort.slug)


@login_required
@GET_POST
def extensions(request, slug):
    cohort = _cohort(request, "applications.manage_intake", slug)
    form = forms.ExtensionForm(_bound(request), cohort=cohort)
    if request.method == "POST" and form.is_valid():
        try:
            services.grant_extension(
                cohort=cohort,
                applicant=form.applicant,
                until=form.cleaned_data["until"],
                reason=form.cleaned_data["reason"],
                granted_by=request.user,
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, f"{form.applicant} may now submit until the new deadline.")
            return redirect("applications:extensions", slug=cohort.slug)
    granted = Extension.objects.filter(cohort=cohort).select_related("applicant", "granted_by")
    return render(
        request, "applications/extensions.html", {"cohort": cohort, "form": form, "granted": granted}
    )


def _managed(request, pk):
    return get_permitted_or_404(request.user, "applications.manage_application", _applications(), pk=pk)


@login_required
@require_POST
def assign(request, pk):
    application = _managed(request, pk)
    form = forms.AssignForm(request.POST, reviewers=selectors.reviewers_of(cohort=application.cohort))
    if form.is_valid():
        try:
            services.assign_reviewer(
                application=application, reviewer=form.cleaned_data["reviewer"], actor=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"{form.cleaned_data['reviewer']} is asked to review this application.")
    else:
        messages.error(request, "Choose a reviewer of this cohort.")
    return redirect(application)


@login_required
@require_POST
def decide(request, pk):
    application = _managed(request, pk)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.decide(application=application, actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            _add_errors(form, error)
        else:
            messages.success(request, "The decision is recorded. Send it from the decisions page.")
            return redirect(application)
    return render(
        request, "applications/decide_again.html", {"application": application, "decision_form": form}
    )


@login_required
@require_POST
def contract(request, pk):
    application = _managed(request, pk)
    form = forms.ContractForm(request.POST)
    if form.is_valid():
        try:
            services.set_contract_status(application=application, status=form.cleaned_data["contract_status"])
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, f"Contract: {application.get_contract_status_display().lower()}.")
    return redirect("applications:decisions", slug=application.cohort.slug)


@login_required
@require_POST
def offer(request, pk):
    application = _managed(request, pk)
    try:
        services.offer_place(application=application, actor=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"The place is offered to {application.applicant}; we e-mailed them.")
    return redirect("applications:decisions", slug=application.cohort.slug)


@login_required
@GET_POST
def decisions(request, slug):
    """Who is accepted, waitlisted or declined, previews of the e-mails still to send, and the send button."""
    cohort = _cohort(request, "applications.manage_intake", slug)
    if request.method == "POST":
        sent = services.send_decisions(cohort=cohort)
        messages.success(
            request, f"{sent} decision e-mail(s) queued." if sent else "Every decision was already sent."
        )
        return redirect("applications:decisions", slug=cohort.slug)
    pending = list(
        Application.objects.decided_not_notified().filter(cohort=cohort).select_related("applicant", "cohort")
    )
    previews = []
    for application in pending:
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
    context = {
        "cohort": cohort,
        "previews": previews,
        "page": Paginator(selectors.selection(cohort=cohort), PAGE_SIZE * 2).get_page(
            request.GET.get("page")
        ),
        "open_places": {
            kind: selectors.open_places(cohort=cohort, kind=kind) for kind in ("candidate", "mentor")
        },
        "contract_form": forms.ContractForm,
        "Decision": Decision,
    }
    return render(request, "applications/decisions.html", context)
