"""One candidate's mentoring record: meetings, feedback, the mid-year evaluation, reviews."""

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cto_mentor.dates import day_text
from cto_mentor.forms import bound, carried_out, submitted
from cto_mentor.permissions import get_permitted_or_404

from .. import selectors, services
from ..forms import (
    EVALUATION_NOTES_READERS,
    PROGRESS_REVIEW_NOTES_READERS,
    FeedbackForm,
    FollowUpForm,
    MeetingFollowUpForm,
    MeetingForm,
    NotesForm,
    ReviewCommentForm,
    ScheduleForm,
)
from ..models import FollowUp, MentorMeeting, MidYearEvaluation, ProgressReview
from .common import portfolio_or_404
from .portfolio import render_portfolio


@login_required
@require_http_methods(["GET", "POST"])
def meetings(request, pk):
    """The pair's meeting log; the mentor or the candidate logs a meeting here for the other to confirm."""
    portfolio = portfolio_or_404(request, "portfolios.view_meetings", pk)
    pairing = selectors.pairing_of(portfolio)
    may_log = pairing is not None and request.user.has_perm("portfolios.log_meeting", portfolio)
    form = MeetingForm(bound(request)) if may_log else None
    if request.method == "POST" and form is None:
        raise Http404

    def log(data):
        services.log_meeting(
            pairing=pairing,
            logged_by=request.user,
            held_on=data["held_on"],
            duration_minutes=data["duration_minutes"],
            mode=data["mode"],
            notes=data["notes"],
            reviewed_progress=data["reviewed_progress"],
            reviewed_assignments=data["reviewed_assignments"],
            reviewed_portfolio=data["reviewed_portfolio"],
            follow_ups=form.follow_ups,
        )

    if form is not None and submitted(request, form, log):
        messages.success(request, "The meeting is logged; the other side is asked to confirm it.")
        return redirect("portfolios:meetings", pk=portfolio.pk)
    held, scheduled = selectors.meetings_of(portfolio)
    context = {
        "portfolio": portfolio,
        "cohort": portfolio.cohort,
        "pairing": pairing,
        "form": form,
        "page": Paginator(held, 20).get_page(request.GET.get("page")),
        "scheduled": scheduled,
        "in_the_pair": pairing is not None and request.user.pk in (pairing.mentor_id, pairing.candidate_id),
        "now": timezone.now(),
    }
    return render(request, "portfolios/meetings.html", context)


MEETINGS = MentorMeeting.objects.select_related("pairing__cohort")


@login_required
@require_POST
def confirm_meeting(request, meeting_id):
    meeting = get_permitted_or_404(request.user, "portfolios.confirm_meeting", MEETINGS, pk=meeting_id)
    carried_out(
        request,
        lambda: services.confirm_meeting(meeting=meeting, user=request.user),
        f"You confirmed the meeting of {day_text(meeting.held_on)}.",
    )
    return redirect("portfolios:meetings", pk=_portfolio_pk(meeting))


def _portfolio_pk(meeting):
    return services.open_portfolio(cohort=meeting.pairing.cohort, candidate=meeting.pairing.candidate).pk


@login_required
@require_http_methods(["GET", "POST"])
def add_meeting_follow_up(request, meeting_id):
    """Adds a follow-up item to a meeting of the log, on a page of its own."""
    meeting = get_permitted_or_404(request.user, "portfolios.add_meeting_follow_up", MEETINGS, pk=meeting_id)
    form = MeetingFollowUpForm(bound(request))
    log = _log_page(request, meeting)
    if submitted(request, form, lambda data: services.add_follow_up(meeting=meeting, **data)):
        messages.success(request, "The follow-up is added.")
        return redirect(log)
    return render(
        request, "portfolios/meeting_follow_up.html", {"meeting": meeting, "form": form, "log": log}
    )


def _log_page(request, meeting) -> str:
    """The page of the meeting log the person came from (`?page=`), where the meeting's card is."""
    log = reverse("portfolios:meetings", args=[_portfolio_pk(meeting)])
    page = request.GET.get("page", "")
    return f"{log}?page={page}" if page.isdigit() else log


@login_required
@require_POST
def close_follow_up(request, follow_up_id):
    follow_up = get_permitted_or_404(
        request.user,
        "portfolios.close_follow_up",
        FollowUp.objects.select_related("meeting__pairing__cohort", "evaluation__portfolio__cohort"),
        pk=follow_up_id,
    )
    try:
        if request.POST.get("reopen") == "1":
            services.reopen_follow_up(follow_up=follow_up)
        else:
            services.close_follow_up(follow_up=follow_up, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    if follow_up.evaluation_id:
        return redirect(follow_up.evaluation)
    return redirect("portfolios:meetings", pk=_portfolio_pk(follow_up.meeting))


# Feedback and evaluations


@login_required
@require_http_methods(["GET", "POST"])
def feedback(request, pk):
    """The feedback on a candidate that the viewer may read, and a form for those who give it."""
    portfolio = portfolio_or_404(request, "portfolios.view_portfolio", pk)
    form = None
    if request.user.has_perm("portfolios.give_feedback", portfolio):
        audiences = services.feedback_audiences(portfolio=portfolio, author=request.user)
        form = FeedbackForm(bound(request), audiences=audiences)
    if request.method == "POST" and form is None:
        raise Http404
    if form is not None and submitted(
        request, form, lambda data: services.give_feedback(portfolio=portfolio, author=request.user, **data)
    ):
        messages.success(request, "Your feedback is saved.")
        return redirect("portfolios:feedback", pk=portfolio.pk)
    page = Paginator(selectors.visible_feedback(portfolio=portfolio, user=request.user), 20).get_page(
        request.GET.get("page")
    )
    context = {
        "portfolio": portfolio,
        "cohort": portfolio.cohort,
        "form": form,
        "page": page,
        "manages": request.user.has_perm("portfolios.manage_candidate", portfolio),
    }
    # Rendered before the private feedback is marked read, so what was new shows as new.
    response = render(request, "portfolios/feedback.html", context)
    services.mark_private_feedback_read(portfolio=portfolio, user=request.user)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def schedule_evaluation(request, pk):
    portfolio = portfolio_or_404(request, "portfolios.manage_candidate", pk)
    form = ScheduleForm(bound(request), cohort=portfolio.cohort)
    scheduled = []

    def schedule(data):
        scheduled.append(services.schedule_evaluation(portfolio=portfolio, actor=request.user, **data))

    if submitted(request, form, schedule):
        messages.success(request, "The mid-year evaluation is scheduled; the candidate and mentor are told.")
        return redirect(scheduled[0])
    context = {
        "form": form,
        "portfolio": portfolio,
        "heading": f"Schedule the mid-year evaluation of {portfolio.candidate}",
        "submit": "Schedule",
    }
    return render(request, "portfolios/schedule_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation(request, pk):
    """The mid-year evaluation: the program manager's notes and the follow-up items, tracked until closed."""
    evaluation = get_permitted_or_404(
        request.user,
        "portfolios.view_evaluation",
        MidYearEvaluation.objects.select_related("portfolio__cohort", "portfolio__candidate", "mentor"),
        pk=pk,
    )
    portfolio = evaluation.portfolio
    manages = request.user.has_perm("portfolios.manage_candidate", portfolio)
    adds_follow_ups = request.user.has_perm("portfolios.add_evaluation_follow_up", evaluation)
    owners = [portfolio.candidate_id, evaluation.mentor_id] + ([request.user.pk] if manages else [])
    people = get_user_model().objects.filter(pk__in=owners).order_by("last_name", "first_name")
    notes_form = (
        NotesForm(initial={"notes": evaluation.notes}, read_by=EVALUATION_NOTES_READERS) if manages else None
    )
    follow_up_form = FollowUpForm(people=people) if adds_follow_ups else None
    if request.method == "POST":
        if "notes" in request.POST and manages:
            notes_form = NotesForm(request.POST, read_by=EVALUATION_NOTES_READERS)
            if submitted(
                request,
                notes_form,
                lambda data: services.record_evaluation_notes(evaluation=evaluation, **data),
            ):
                messages.success(request, "The notes are saved.")
                return redirect(evaluation)
        elif adds_follow_ups:
            follow_up_form = FollowUpForm(request.POST, people=people)
            if submitted(
                request,
                follow_up_form,
                lambda data: services.add_follow_up(evaluation=evaluation, actor=request.user, **data),
            ):
                messages.success(request, "The follow-up item is added.")
                return redirect(evaluation)
        else:
            raise Http404
    context = {
        "evaluation": evaluation,
        "portfolio": portfolio,
        "cohort": portfolio.cohort,
        "follow_ups": evaluation.follow_ups.select_related("owner", "closed_by"),
        "notes_form": notes_form,
        "follow_up_form": follow_up_form,
        "manages": manages,
        "records": request.user.has_perm("portfolios.record_evaluation", portfolio),
    }
    return render(request, "portfolios/evaluation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_progress_review(request, pk):
    portfolio = portfolio_or_404(request, "portfolios.manage_candidate", pk)
    form = ScheduleForm(
        bound(request), cohort=portfolio.cohort, extra=["notes"], notes_read_by=PROGRESS_REVIEW_NOTES_READERS
    )
    if submitted(
        request,
        form,
        lambda data: services.schedule_progress_review(portfolio=portfolio, actor=request.user, **data),
    ):
        messages.success(request, "The progress review is scheduled.")
        return redirect(portfolio)
    context = {
        "form": form,
        "portfolio": portfolio,
        "heading": f"Progress review with {portfolio.candidate}",
        "submit": "Save",
    }
    return render(request, "portfolios/schedule_form.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def progress_review(request, review_id):
    review = get_permitted_or_404(
        request.user,
        "portfolios.view_progress_review",
        ProgressReview.objects.select_related("portfolio__cohort", "portfolio__candidate"),
        pk=review_id,
    )
    manages = request.user.has_perm("portfolios.manage_candidate", review.portfolio)
    form = (
        NotesForm(bound(request), initial={"notes": review.notes}, read_by=PROGRESS_REVIEW_NOTES_READERS)
        if manages
        else None
    )
    if request.method == "POST" and form is None:
        raise Http404
    if form is not None and submitted(
        request, form, lambda data: services.record_progress_notes(review=review, **data)
    ):
        messages.success(request, "The notes are saved.")
        return redirect(review.portfolio)
    context = {
        "review": review,
        "portfolio": review.portfolio,
        "cohort": review.portfolio.cohort,
        "form": form,
    }
    return render(request, "portfolios/progress_review.html", context)


@login_required
@require_POST
def comment_on_portfolio(request, pk):
    portfolio = portfolio_or_404(request, "portfolios.comment_on_portfolio", pk)
    form = ReviewCommentForm(request.POST, cohort=portfolio.cohort)
    if submitted(
        request,
        form,
        lambda data: services.comment_on_portfolio(portfolio=portfolio, author=request.user, **data),
    ):
        messages.success(request, "Your comment is saved.")
        return redirect(f"{portfolio.get_absolute_url()}#review-comments")
    return render_portfolio(request, portfolio, comment_form=form)
