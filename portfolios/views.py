import csv

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from cohorts.models import Cohort
from cto_mentor.permissions import get_permitted_or_404
from cto_mentor.uploads import download_response

from . import selectors, services
from .forms import (
    ArtifactForm,
    CheckInRecordForm,
    FeedbackForm,
    FollowUpForm,
    MeetingFollowUpForm,
    MeetingForm,
    NotesForm,
    ProgramFeedbackForm,
    ReflectionForm,
    ReviewCommentForm,
    ScheduleForm,
)
from .models import (
    Artifact,
    CheckIn,
    FollowUp,
    MentorMeeting,
    MidYearEvaluation,
    Portfolio,
    PortfolioReview,
    ProgressReview,
    Reflection,
)

PORTFOLIOS = Portfolio.objects.select_related("cohort", "candidate")
ENTRY_MODELS = {"artifacts": Artifact, "reflections": Reflection}
QUIET_WEEKS = 4


def _posted(request):
    return request.POST if request.method == "POST" else None


def _form_errors_to(form, error: ValidationError):
    """Show a service's refusal next to the field it names, or above the form."""
    if hasattr(error, "error_dict"):
        for name, errors in error.error_dict.items():
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, error)


def _portfolio(request, perm, pk):
    return get_permitted_or_404(request.user, perm, PORTFOLIOS, pk=pk)


# The portfolio


@login_required
def portfolio(request, pk):
    """The candidate's portfolio and the record of their mentoring, as far as the viewer may see it."""
    portfolio = _portfolio(request, "portfolios.view_portfolio", pk)
    user = request.user
    can = {
        name: user.has_perm(f"portfolios.{name}", portfolio)
        for name in ("edit_portfolio", "manage_candidate", "comment_on_portfolio", "view_progress_review")
    }
    context = {
        "portfolio": portfolio,
        "cohort": portfolio.cohort,
        "pairing": selectors.pairing_of(portfolio),
        "artifacts": selectors.artifacts_of(portfolio),
        "reflections": selectors.reflections_of(portfolio),
        "evaluations": selectors.evaluations_of(portfolio),
        "progress_reviews": selectors.progress_reviews_of(portfolio) if can["view_progress_review"] else [],
        "review_comments": selectors.review_comments_of(portfolio),
        "comment_form": ReviewCommentForm(cohort=portfolio.cohort) if can["comment_on_portfolio"] else None,
        "can": can,
    }
    return render(request, "portfolios/portfolio.html", context)


@login_required
def print_portfolio(request, pk):
    """The whole portfolio on paper for the final presentation: entries only, no feedback or notes."""
    portfolio = _portfolio(request, "portfolios.view_portfolio", pk)
    context = {
        "portfolio": portfolio,
        "cohort": portfolio.cohort,
        "artifacts": selectors.artifacts_of(portfolio),
        "reflections": selectors.reflections_of(portfolio),
        "topics": selectors.topic_map(portfolio=portfolio),
        "printed_at": timezone.now(),
    }
    return render(request, "portfolios/print.html", context)


@login_required
def topic_map(request, pk):
    portfolio = _portfolio(request, "portfolios.view_portfolio", pk)
    rows = selectors.topic_map(portfolio=portfolio)
    context = {
        "portfolio": portfolio,
        "cohort": portfolio.cohort,
        "rows": rows,
        "missing": [row.topic for row in rows if not row.has_evidence],
    }
    return render(request, "portfolios/topic_map.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def artifact_form(request, pk=None, artifact_id=None):
    """Add an artifact (a file or a link) or change one; bad input is explained and what was typed kept."""
    artifact = None
    if artifact_id is not None:
        artifact = get_permitted_or_404(
            request.user,
            "portfolios.edit_entry",
            Artifact.objects.select_related("portfolio__cohort"),
            pk=artifact_id,
        )
        portfolio = artifact.portfolio
    else:
        portfolio = _portfolio(request, "portfolios.edit_portfolio", pk)
    form = ArtifactForm(_posted(request), request.FILES or None, portfolio=portfolio, artifact=artifact)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session, topic = data["tag"]
        try:
            services.save_artifact(
                portfolio=portfolio,
                artifact=artifact,
                title=data["title"],
                description=data["description"],
                link=data["link"],
                upload=data["upload"] or None,
                session=session,
                topic=topic,
            )
        except ValidationError as error:
            _form_errors_to(form, error)
        else:
            messages.success(request, f"“{data['title']}” is in your portfolio.")
            return redirect(portfolio)
    return render(
        request,
        "portfolios/entry_form.html",
        {"form": form, "portfolio": portfolio, "entry": artifact, "kind": "artifact", "multipart": True},
    )


@login_required
@require_http_methods(["GET", "POST"])
def reflection_form(request, pk=None, reflection_id=None):
    reflection = None
    if reflection_id is not None:
        reflection = get_permitted_or_404(
            request.user,
            "portfolios.edit_entry",
            Reflection.objects.select_related("portfolio__cohort"),
            pk=reflection_id,
        )
        portfolio = reflection.portfolio
    else:
        portfolio = _portfolio(request, "portfolios.edit_portfolio", pk)
    form = ReflectionForm(_posted(request), portfolio=portfolio, reflection=reflection)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        session, topic = data["tag"]
        try:
            services.save_reflection(
                portfolio=portfolio,
                reflection=reflection,
                title=data["title"],
                body=data["body"],
                artifact=data["artifact"],
                session=session,
                topic=topic,
            )
        except ValidationError as error:
            _form_errors_to(form, error)
        else:
            messages.success(request, f"Your reflection “{data['title']}” is saved.")
            return redirect(portfolio)
    return render(
        request,
        "portfolios/entry_form.html",
        {"form": form, "portfolio": portfolio, "entry": reflection, "kind": "reflection"},
    )


def _entry(request, kind, entry_id, perm="portfolios.edit_entry"):
    model = ENTRY_MODELS.get(kind)
    if model is None:
        raise Http404
    return get_permitted_or_404(request.user, perm, model.objects.select_related("portfolio"), pk=entry_id)


@login_required
def download_artifact(request, artifact_id):
    artifact = _entry(request, "artifacts", artifact_id, perm="portfolios.view_entry")
    if not artifact.is_file:
        raise Http404
    return download_response(artifact)


@login_required
@require_POST
def move_entry(request, kind, entry_id):
    entry = _entry(request, kind, entry_id)
    services.move_entry(entry=entry, direction=request.POST.get("direction", ""))
    return redirect(f"{entry.portfolio.get_absolute_url()}#{kind}")


@login_required
@require_POST
def mark_ready(request, kind, entry_id):
    entry = _entry(request, kind, entry_id)
    ready = request.POST.get("ready") == "1"
    services.mark_ready(entry=entry, ready=ready)
    state = "ready for review" if ready else "no longer marked ready for review"
    messages.success(request, f"“{entry.title}” is {state}.")
    return redirect(f"{entry.portfolio.get_absolute_url()}#{kind}")


@login_required
@require_POST
def delete_entry(request, kind, entry_id):
    entry = _entry(request, kind, entry_id)
    services.delete_entry(entry=entry)
    messages.success(request, f"“{entry.title}” is removed from your portfolio.")
    return redirect(entry.portfolio)


# Mentor meetings


@login_required
@require_http_methods(["GET", "POST"])
def meetings(request, pk):
    """The pair's meeting log; the mentor or the candidate logs a meeting here for the other to confirm."""
    portfolio = _portfolio(request, "portfolios.view_meetings", pk)
    pairing = selectors.pairing_of(portfolio)
    may_log = pairing is not None and request.user.has_perm("portfolios.log_meeting", portfolio)
    form = MeetingForm(_posted(request)) if may_log else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            data = form.cleaned_data
            try:
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
            except ValidationError as error:
                _form_errors_to(form, error)
            else:
                messages.success(request, "The meeting is logged; the other side is asked to confirm it.")
                return redirect("portfolios:meetings", pk=portfolio.pk)
    page = Paginator(selectors.meetings_of(portfolio), 20).get_page(request.GET.get("page"))
    context = {
        "portfolio": portfolio,
        "cohort": portfolio.cohort,
        "pairing": pairing,
        "form": form,
        "page": page,
        "follow_up_form": MeetingFollowUpForm(),
    }
    return render(request, "portfolios/meetings.html", context)


MEETINGS = MentorMeeting.objects.select_related("pairing__cohort")


@login_required
@require_POST
def confirm_meeting(request, meeting_id):
    meeting = get_permitted_or_404(request.user, "portfolios.confirm_meeting", MEETINGS, pk=meeting_id)
    try:
        services.confirm_meeting(meeting=meeting, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, f"You confirmed the meeting of {meeting.held_on:%B %-d, %Y}.")
    return redirect("portfolios:meetings", pk=_portfolio_pk(meeting))


def _portfolio_pk(meeting):
    return services.open_portfolio(cohort=meeting.pairing.cohort, candidate=meeting.pairing.candidate).pk


@login_required
@require_POST
def add_meeting_follow_up(request, meeting_id):
    meeting = get_permitted_or_404(request.user, "portfolios.add_meeting_follow_up", MEETINGS, pk=meeting_id)
    form = MeetingFollowUpForm(request.POST)
    if form.is_valid():
        services.add_follow_up(meeting=meeting, **form.cleaned_data)
        messages.success(request, "The follow-up is added.")
    else:
        messages.error(request, "A follow-up needs a description and a due date.")
    return redirect("portfolios:meetings", pk=_portfolio_pk(meeting))


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
    portfolio = _portfolio(request, "portfolios.view_portfolio", pk)
    form = None
    if request.user.has_perm("portfolios.give_feedback", portfolio):
        audiences = services.feedback_audiences(portfolio=portfolio, author=request.user)
        form = FeedbackForm(_posted(request), audiences=audiences)
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            try:
                services.give_feedback(portfolio=portfolio, author=request.user, **form.cleaned_data)
            except ValidationError as error:
                _form_errors_to(form, error)
            else:
                messages.success(request, "Your feedback is saved.")
                return redirect("portfolios:feedback", pk=portfolio.pk)
    page = Paginator(selectors.visible_feedback(portfolio=portfolio, user=request.user), 20).get_page(
        request.GET.get("page")
    )
    context = {"portfolio": portfolio, "cohort": portfolio.cohort, "form": form, "page": page}
    return render(request, "portfolios/feedback.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_evaluation(request, pk):
    portfolio = _portfolio(request, "portfolios.manage_candidate", pk)
    form = ScheduleForm(_posted(request), cohort=portfolio.cohort)
    if request.method == "POST" and form.is_valid():
        evaluation = services.schedule_evaluation(
            portfolio=portfolio, actor=request.user, **form.cleaned_data
        )
        messages.success(request, "The mid-year evaluation is scheduled; the candidate and mentor are told.")
        return redirect(evaluation)
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
    people = (
        get_user_model()
        .objects.filter(pk__in=[portfolio.candidate_id, evaluation.mentor_id, request.user.pk])
        .order_by("last_name", "first_name")
    )
    notes_form = NotesForm(initial={"notes": evaluation.notes}) if manages else None
    follow_up_form = FollowUpForm(people=people) if manages else None
    if request.method == "POST":
        if not manages:
            raise Http404
        if "notes" in request.POST:
            notes_form = NotesForm(request.POST)
            if notes_form.is_valid():
                services.record_evaluation_notes(evaluation=evaluation, **notes_form.cleaned_data)
                messages.success(request, "The notes are saved.")
                return redirect(evaluation)
        else:
            follow_up_form = FollowUpForm(request.POST, people=people)
            if follow_up_form.is_valid():
                try:
                    services.add_follow_up(evaluation=evaluation, **follow_up_form.cleaned_data)
                except ValidationError as error:
                    _form_errors_to(follow_up_form, error)
                else:
                    messages.success(request, "The follow-up item is added.")
                    return redirect(evaluation)
    context = {
        "evaluation": evaluation,
        "portfolio": portfolio,
        "cohort": portfolio.cohort,
        "follow_ups": evaluation.follow_ups.select_related("owner", "closed_by"),
        "notes_form": notes_form,
        "follow_up_form": follow_up_form,
        "manages": manages,
    }
    return render(request, "portfolios/evaluation.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def schedule_progress_review(request, pk):
    portfolio = _portfolio(request, "portfolios.manage_candidate", pk)
    form = ScheduleForm(_posted(request), cohort=portfolio.cohort, extra=["notes"])
    if request.method == "POST" and form.is_valid():
        services.schedule_progress_review(portfolio=portfolio, actor=request.user, **form.cleaned_data)
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
    form = NotesForm(_posted(request), initial={"notes": review.notes}) if manages else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            services.record_progress_notes(review=review, **form.cleaned_data)
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
    portfolio = _portfolio(request, "portfolios.comment_on_portfolio", pk)
    form = ReviewCommentForm(request.POST, cohort=portfolio.cohort)
    if form.is_valid():
        services.comment_on_portfolio(portfolio=portfolio, author=request.user, **form.cleaned_data)
        messages.success(request, "Your comment is saved.")
    else:
        messages.error(request, "Choose the portfolio review and write a comment.")
    return redirect(f"{portfolio.get_absolute_url()}#review-comments")


# The cohort as a whole


def _cohort(request, perm, slug):
    return get_permitted_or_404(request.user, perm, Cohort.objects.select_related("program"), slug=slug)


def _weeks(request) -> int:
    try:
        return min(max(int(request.GET.get("weeks", QUIET_WEEKS)), 1), 52)
    except ValueError:
        return QUIET_WEEKS


@login_required
def overview(request, slug):
    """The program manager's view of every candidate's portfolio and mentoring."""
    cohort = _cohort(request, "portfolios.manage_mentoring", slug)
    services.open_portfolios(cohort=cohort)
    page = Paginator(selectors.cohort_portfolios(cohort=cohort), 25).get_page(request.GET.get("page"))
    mentors = selectors.mentors_by_candidate(cohort=cohort, candidate_ids=[p.candidate_id for p in page])
    for portfolio in page:
        portfolio.mentor = mentors.get(portfolio.candidate_id)
    return render(request, "portfolios/overview.html", {"cohort": cohort, "page": page})


@login_required
def meeting_frequency(request, slug):
    cohort = _cohort(request, "portfolios.manage_mentoring", slug)
    weeks = _weeks(request)
    pairs = selectors.meeting_frequency(cohort=cohort, weeks=weeks, now=timezone.now())
    page = Paginator(pairs, 25).get_page(request.GET.get("page"))
    quiet = [pair for pair in pairs if pair.is_quiet]
    context = {"cohort": cohort, "page": page, "weeks": weeks, "quiet": quiet}
    return render(request, "portfolios/meeting_frequency.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_reviews(request, slug):
    cohort = _cohort(request, "portfolios.manage_mentoring", slug)
    form = ScheduleForm(_posted(request), cohort=cohort, extra=["number"])
    if request.method == "POST" and form.is_valid():
        review = services.schedule_portfolio_review(cohort=cohort, **form.cleaned_data)
        messages.success(request, f"{review} is scheduled.")
        return redirect("portfolios:portfolio_reviews", slug=cohort.slug)
    context = {"cohort": cohort, "form": form, "reviews": selectors.portfolio_reviews(cohort=cohort)}
    return render(request, "portfolios/portfolio_reviews.html", context)


@login_required
def portfolio_review(request, review_id):
    review = get_permitted_or_404(
        request.user,
        "portfolios.view_portfolio_review",
        PortfolioReview.objects.select_related("cohort"),
        pk=review_id,
    )
    page = Paginator(selectors.review_comments(review=review), 30).get_page(request.GET.get("page"))
    context = {"review": review, "cohort": review.cohort, "page": page}
    return render(request, "portfolios/portfolio_review.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def check_ins(request, slug):
    cohort = _cohort(request, "portfolios.view_check_ins", slug)
    manages = request.user.has_perm("portfolios.manage_mentoring", cohort)
    form = ScheduleForm(_posted(request), cohort=cohort, extra=["agenda"]) if manages else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            services.schedule_check_in(cohort=cohort, **form.cleaned_data)
            messages.success(request, "The check-in is scheduled; every mentor is told.")
            return redirect("portfolios:check_ins", slug=cohort.slug)
    page = Paginator(selectors.check_ins(cohort=cohort), 20).get_page(request.GET.get("page"))
    return render(request, "portfolios/check_ins.html", {"cohort": cohort, "form": form, "page": page})


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, pk):
    check_in = get_permitted_or_404(
        request.user, "portfolios.view_check_in", CheckIn.objects.select_related("cohort"), pk=pk
    )
    manages = request.user.has_perm("portfolios.manage_mentoring", check_in.cohort)
    form = CheckInRecordForm(_posted(request), check_in=check_in) if manages else None
    if request.method == "POST":
        if form is None:
            raise Http404
        if form.is_valid():
            services.record_check_in(check_in=check_in, **form.cleaned_data)
            messages.success(request, "Attendance and notes are saved.")
            return redirect(check_in)
    context = {
        "check_in": check_in,
        "cohort": check_in.cohort,
        "form": form,
        "attendees": check_in.attendees.order_by("last_name", "first_name"),
    }
    return render(request, "portfolios/check_in.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def program_feedback(request, slug):
    """A candidate's feedback on a session or the program, once each, optionally anonymous."""
    cohort = _cohort(request, "portfolios.give_program_feedback", slug)
    answered = selectors.answered_sessions(cohort=cohort, candidate=request.user)
    form = ProgramFeedbackForm(_posted(request), cohort=cohort, answered=answered)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.give_program_feedback(
                cohort=cohort,
                candidate=request.user,
                session=form.session,
                rating=data["rating"],
                comment=data["comment"],
                anonymous=data["anonymous"],
            )
        except ValidationError as error:
            _form_errors_to(form, error)
        else:
            messages.success(request, "Thank you: your feedback is recorded.")
            return redirect("portfolios:program_feedback", slug=cohort.slug)
    return render(
        request,
        "portfolios/program_feedback.html",
        {"cohort": cohort, "form": form, "answered_count": len(answered)},
    )


@login_required
def program_feedback_results(request, slug):
    cohort = _cohort(request, "portfolios.manage_mentoring", slug)
    page = Paginator(selectors.program_feedback_answers(cohort=cohort), 50).get_page(request.GET.get("page"))
    context = {"cohort": cohort, "summary": selectors.program_feedback_summary(cohort=cohort), "page": page}
    return render(request, "portfolios/program_feedback_results.html", context)


@login_required
def program_feedback_csv(request, slug):
    """Every answer with its session, rating and comment; the author only where the candidate gave it."""
    cohort = _cohort(request, "portfolios.manage_mentoring", slug)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="program-feedback-{cohort.slug}.csv"'
    writer = csv.writer(response)
    writer.writerow(["Session", "Rating", "Comment", "Author"])
    for answer in selectors.program_feedback_answers(cohort=cohort):
        about = (
            f"{answer.session.label} — {answer.session.title}" if answer.session else "The program as a whole"
        )
        author = "Anonymous" if answer.is_anonymous else str(answer.author)
        writer.writerow([_cell(about), answer.rating, _cell(answer.comment), _cell(author)])
    return response


def _cell(text: str) -> str:
    """Text that a spreadsheet shows as text, not as a formula."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
