"""The mentor's duties beyond the meeting log: meetings scheduled ahead, the mid-year evaluation recorded,
instructors consulted, work study supervised."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Sum
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from cto_mentor.dates import day_text
from cto_mentor.forms import bound, carried_out, submitted
from cto_mentor.permissions import get_permitted_or_404

from .. import selectors, services
from ..forms import (
    ConsultForm,
    EvaluationRecordForm,
    HeldForm,
    MessageForm,
    ScheduleMeetingForm,
    WorkStudyForm,
)
from ..models import Consultation, MentorMeeting
from .common import portfolio_or_404

SCHEDULED = MentorMeeting.objects.scheduled().select_related("pairing__cohort", "pairing__candidate")


def _form_page(request, form, *, portfolio, heading, submit):
    context = {"form": form, "portfolio": portfolio, "heading": heading, "submit": submit}
    return render(request, "portfolios/schedule_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_meeting(request, pk):
    """The mentor or the candidate sets a meeting of the pair ahead of time."""
    portfolio = portfolio_or_404(request, "portfolios.log_meeting", pk)
    pairing = selectors.pairing_of(portfolio)
    if pairing is None:
        raise Http404
    form = ScheduleMeetingForm(bound(request), cohort=portfolio.cohort)
    if submitted(
        request,
        form,
        lambda data: services.schedule_meeting(pairing=pairing, scheduled_by=request.user, **data),
    ):
        messages.success(request, "The meeting is scheduled; it is in both your calendar feeds.")
        return redirect("portfolios:meetings", pk=portfolio.pk)
    other = pairing.candidate if request.user.pk == pairing.mentor_id else pairing.mentor
    return _form_page(
        request,
        form,
        portfolio=portfolio,
        heading=f"Schedule a meeting with {other}",
        submit="Schedule the meeting",
    )


def _scheduled_meeting(request, meeting_id):
    meeting = get_permitted_or_404(
        request.user, "portfolios.change_scheduled_meeting", SCHEDULED, pk=meeting_id
    )
    return meeting, services.open_portfolio(
        cohort=meeting.pairing.cohort, candidate=meeting.pairing.candidate
    )


@login_required
@require_http_methods(["GET", "POST"])
def confirm_held(request, meeting_id):
    """Either side confirms a scheduled meeting as held, with its notes."""
    meeting, portfolio = _scheduled_meeting(request, meeting_id)
    form = HeldForm(bound(request), initial={"duration_minutes": meeting.duration_minutes})
    if submitted(
        request, form, lambda data: services.confirm_held(meeting=meeting, user=request.user, **data)
    ):
        messages.success(request, "The meeting is confirmed as held.")
        return redirect("portfolios:meetings", pk=portfolio.pk)
    return _form_page(
        request,
        form,
        portfolio=portfolio,
        heading=f"Confirm the meeting of {day_text(meeting.held_on)} as held",
        submit="Confirm as held",
    )


@login_required
@require_http_methods(["GET", "POST"])
def cancel_meeting(request, meeting_id):
    """Asks first; then calls the scheduled meeting off for both people."""
    meeting, portfolio = _scheduled_meeting(request, meeting_id)
    if request.method == "POST":
        carried_out(
            request,
            lambda: services.cancel_meeting(meeting=meeting, user=request.user),
            "The meeting is called off and taken out of both calendar feeds.",
        )
        return redirect("portfolios:meetings", pk=portfolio.pk)
    context = {"meeting": meeting, "portfolio": portfolio, "cohort": portfolio.cohort}
    return render(request, "portfolios/cancel_meeting.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def record_evaluation(request, pk, evaluation_id=None):
    """The mentor records a mid-year evaluation meeting: the one scheduled (`evaluation_id`) or another."""
    portfolio = portfolio_or_404(request, "portfolios.record_evaluation", pk)
    evaluation = None
    if evaluation_id is not None:
        evaluation = get_permitted_or_404(
            request.user, "portfolios.view_evaluation", portfolio.evaluations.all(), pk=evaluation_id
        )
        evaluation.portfolio = portfolio
    initial = None
    if evaluation is not None:
        initial = {
            "starts_at": evaluation.starts_at.astimezone(portfolio.cohort.tz).replace(tzinfo=None),
            "location": evaluation.location,
            "mode": evaluation.mode,
            "areas_needing_improvement": evaluation.areas_needing_improvement,
        }
    form = EvaluationRecordForm(bound(request), cohort=portfolio.cohort, initial=initial)
    recorded = []

    def record(data):
        recorded.append(
            services.record_evaluation(
                portfolio=portfolio, mentor=request.user, evaluation=evaluation, **data
            )
        )

    if submitted(request, form, record):
        messages.success(request, "The evaluation meeting is recorded; add its follow-up items below.")
        return redirect(recorded[0])
    return _form_page(
        request,
        form,
        portfolio=portfolio,
        heading=f"Record the mid-year evaluation meeting with {portfolio.candidate}",
        submit="Record the meeting",
    )


@login_required
@require_http_methods(["GET", "POST"])
def consultations(request, pk):
    """The candidate's threads with instructors; the mentor starts or continues one here."""
    portfolio = portfolio_or_404(request, "portfolios.view_consultations", pk)
    form = None
    if request.user.has_perm("portfolios.consult_instructor", portfolio):
        form = ConsultForm(bound(request), instructors=selectors.instructors_of(portfolio.cohort))
    if request.method == "POST" and form is None:
        raise Http404
    sent = []

    def consult(data):
        sent.append(services.consult_instructor(portfolio=portfolio, mentor=request.user, **data))

    if form is not None and submitted(request, form, consult):
        messages.success(request, f"Your message is sent to {sent[0].consultation.instructor}.")
        return redirect(sent[0].consultation)
    context = {
        "portfolio": portfolio,
        "cohort": portfolio.cohort,
        "threads": selectors.consultations_of(portfolio),
        "form": form,
    }
    return render(request, "portfolios/consultations.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def consultation(request, pk):
    thread = get_permitted_or_404(
        request.user,
        "portfolios.read_consultation",
        Consultation.objects.select_related("portfolio__cohort", "portfolio__candidate", "instructor"),
        pk=pk,
    )
    may_write = request.user.has_perm("portfolios.write_in_consultation", thread)
    form = MessageForm(bound(request)) if may_write else None
    if request.method == "POST" and form is None:
        raise Http404
    if form is not None and submitted(
        request,
        form,
        lambda data: services.reply_to_consultation(consultation=thread, author=request.user, **data),
    ):
        messages.success(request, "Your message is sent.")
        return redirect(thread)
    context = {
        "thread": thread,
        "portfolio": thread.portfolio,
        "cohort": thread.portfolio.cohort,
        "thread_messages": thread.messages.select_related("author"),
        "form": form,
        "may_see_portfolio": request.user.has_perm("portfolios.view_portfolio", thread.portfolio),
    }
    return render(request, "portfolios/consultation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def work_study(request, pk):
    portfolio = portfolio_or_404(request, "portfolios.view_work_study", pk)
    form = (
        WorkStudyForm(bound(request))
        if request.user.has_perm("portfolios.record_work_study", portfolio)
        else None
    )
    if request.method == "POST" and form is None:
        raise Http404
    if form is not None and submitted(
        request,
        form,
        lambda data: services.record_work_study(portfolio=portfolio, mentor=request.user, **data),
    ):
        messages.success(request, "The work-study supervision is recorded.")
        return redirect("portfolios:work_study", pk=portfolio.pk)
    records = selectors.work_study_of(portfolio)
    context = {
        "portfolio": portfolio,
        "cohort": portfolio.cohort,
        "page": Paginator(records, 25).get_page(request.GET.get("page")),
        "total_hours": records.aggregate(total=Sum("hours"))["total"] or 0,
        "form": form,
    }
    return render(request, "portfolios/work_study.html", context)
