"""The cohort as a whole: the program manager's overviews, check-ins, reviews and program feedback."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from cohorts.models import Cohort
from cto_mentor.csv_export import streamed_csv
from cto_mentor.forms import bound, submitted
from cto_mentor.listing import PER_PAGE, Listing
from cto_mentor.permissions import get_permitted_or_404

from .. import selectors, services
from ..forms import CheckInRecordForm, ProgramFeedbackForm, ScheduleForm
from ..models import ANONYMITY_THRESHOLD, NOT_ENOUGH_ANSWERS, CheckIn, PortfolioReview


def _cohort(request, perm, slug):
    return get_permitted_or_404(request.user, perm, Cohort.objects.select_related("program"), slug=slug)


CANDIDATE_SEARCH = (
    "candidate__first_name",
    "candidate__last_name",
    "candidate__email",
    "candidate__organization",
)
OVERVIEW_SORTS = {
    "candidate": ("candidate__last_name", "candidate__first_name"),
    "mentor": ("mentor_last_name", "mentor_first_name"),
    "last_meeting": ("last_held_on",),
}
# The meeting frequency's pairs, read in memory (selectors.PairMeetings rows).
PAIR_SEARCH = tuple(f"{side}.{field}" for side in ("candidate", "mentor") for field in ("name", "email"))
FREQUENCY_SORTS = {
    "candidate": ("candidate.sort_name",),
    "mentor": ("mentor.sort_name",),
    "meetings": ("meeting_count",),
    "last_meeting": ("last_meeting",),
}

CHECK_IN_SORTS = {"when": ("starts_at",), "attended": ("attendee_count",)}


def _weeks(request) -> int:
    try:
        return min(max(int(request.GET.get("weeks", selectors.QUIET_WEEKS)), 1), 52)
    except ValueError:
        return selectors.QUIET_WEEKS


@login_required
def overview(request, slug):
    """The program manager's view of every candidate's portfolio and mentoring; with ?unread=private, only the
    portfolios with private notes from mentors not read yet (the program manager's to-do item)."""
    cohort = _cohort(request, "portfolios.manage_mentoring", slug)
    services.open_portfolios(cohort=cohort)
    listing = Listing(request, sorts=OVERVIEW_SORTS, search=CANDIDATE_SEARCH)
    unread_only = request.GET.get("unread") == "private"
    page = selectors.cohort_portfolios_page(
        portfolios=listing.apply(selectors.cohort_portfolios(cohort=cohort, unread_only=unread_only)),
        cohort=cohort,
        page_number=listing.page_number,
        per_page=PER_PAGE,
    )
    context = {"cohort": cohort, "page": page, "listing": listing, "unread_only": unread_only}
    return render(request, "portfolios/overview.html", context)


@login_required
def meeting_frequency(request, slug):
    """Each pair's meetings, the table searched, sorted and paged; the quiet pairs listed above it are always
    all the cohort's, whatever the search."""
    cohort = _cohort(request, "portfolios.manage_mentoring", slug)
    weeks, now = _weeks(request), timezone.now()
    listing = Listing(
        request, sorts=FREQUENCY_SORTS, search=PAIR_SEARCH, search_label="Search by candidate or mentor"
    )
    everyone = selectors.meeting_frequency(cohort=cohort, weeks=weeks, now=now)
    context = {
        "cohort": cohort,
        "listing": listing,
        "page": listing.page_of_rows(everyone),
        "weeks": weeks,
        "quiet": [pair for pair in everyone if pair.is_quiet],
    }
    return render(request, "portfolios/meeting_frequency.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def portfolio_reviews(request, slug):
    cohort = _cohort(request, "portfolios.manage_mentoring", slug)
    form = ScheduleForm(bound(request), cohort=cohort, extra=["number"])
    scheduled = []
    if submitted(
        request,
        form,
        lambda data: scheduled.append(services.schedule_portfolio_review(cohort=cohort, **data)),
    ):
        messages.success(request, f"{scheduled[0]} is scheduled.")
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
    form = ScheduleForm(bound(request), cohort=cohort, extra=["agenda"]) if manages else None
    if request.method == "POST" and form is None:
        raise Http404
    if form is not None and submitted(
        request, form, lambda data: services.schedule_check_in(cohort=cohort, **data)
    ):
        messages.success(request, "The check-in is scheduled; every mentor is told.")
        return redirect("portfolios:check_ins", slug=cohort.slug)
    # Soonest first; the attendee count's GROUP BY drops the model's default ordering, so it is given here.
    listing = Listing(
        request,
        sorts=CHECK_IN_SORTS,
        search=("location", "agenda"),
        default=("starts_at", "pk"),
        search_label="Search by place or topic",
    )
    page = listing.page(listing.apply(selectors.check_ins(cohort=cohort)))
    context = {"cohort": cohort, "form": form, "listing": listing, "page": page}
    return render(request, "portfolios/check_ins.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def check_in(request, pk):
    check_in = get_permitted_or_404(
        request.user, "portfolios.view_check_in", CheckIn.objects.select_related("cohort"), pk=pk
    )
    manages = request.user.has_perm("portfolios.manage_mentoring", check_in.cohort)
    form = CheckInRecordForm(bound(request), check_in=check_in) if manages else None
    if request.method == "POST" and form is None:
        raise Http404
    if form is not None and submitted(
        request, form, lambda data: services.record_check_in(check_in=check_in, **data)
    ):
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
    """A candidate's anonymous feedback on a session or the program, once each."""
    cohort = _cohort(request, "portfolios.give_program_feedback", slug)
    answered = selectors.answered_sessions(cohort=cohort, candidate=request.user)
    form = ProgramFeedbackForm(bound(request), cohort=cohort, answered=answered)

    def give(data):
        services.give_program_feedback(
            cohort=cohort,
            candidate=request.user,
            session=form.session,
            rating=data["rating"],
            comment=data["comment"],
        )

    if submitted(request, form, give):
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
    context = {
        "cohort": cohort,
        "summary": selectors.program_feedback_summary(cohort=cohort),
        "page": page,
        "threshold": ANONYMITY_THRESHOLD,
    }
    return render(request, "portfolios/program_feedback_results.html", context)


@login_required
def program_feedback_csv(request, slug):
    """The answers to each question enough people answered (session, rating, comment); a question with fewer
    answers has one row that says so."""
    cohort = _cohort(request, "portfolios.manage_mentoring", slug)

    def rows():
        yield ["Session", "Rating", "Comment"]
        for answer in selectors.program_feedback_answers(cohort=cohort).iterator(chunk_size=500):
            yield [_about(answer.session), answer.rating, answer.comment]
        for question in selectors.program_feedback_summary(cohort=cohort):
            if not question.enough:
                yield [_about(question.session), "", NOT_ENOUGH_ANSWERS]

    return streamed_csv(rows(), filename=f"program-feedback-{cohort.slug}.csv")


def _about(session):
    return f"{session.label} — {session.title}" if session else "The program as a whole"
