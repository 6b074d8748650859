"""What a person must attend from mentoring, for their calendar feed (`sessions.calendar.person_feed`): mentor
meetings scheduled with their mentor or candidate, mid-year evaluations, progress reviews with the program
manager, the two portfolio reviews and the mentor check-ins."""

from collections.abc import Iterator
from datetime import timedelta

from django.db.models import Q

from cohorts.models import Role
from cohorts.rules import roles_in
from sessions.calendar import FeedEntry

from .models import CheckIn, MentorMeeting, MidYearEvaluation, PortfolioReview, ProgressReview
from .services import meetings_link

AN_HOUR = timedelta(hours=1)  # evaluations, reviews and check-ins have no end time of their own


def entries(user, cohort) -> Iterator[FeedEntry]:
    roles = roles_in(user, cohort)
    manages = Role.PROGRAM_MANAGER in roles
    yield from _mentor_meetings(user, cohort)
    yield from _evaluations(user, cohort, manages)
    yield from _progress_reviews(user, cohort, manages)
    if roles & {Role.CANDIDATE, Role.MENTOR, Role.PROGRAM_MANAGER}:
        yield from _portfolio_reviews(cohort)
    if roles & {Role.MENTOR, Role.PROGRAM_MANAGER}:
        yield from _check_ins(cohort)


def _mentor_meetings(user, cohort):
    meetings = (
        MentorMeeting.objects.filter(pairing__cohort=cohort, starts_at__isnull=False)
        .filter(Q(pairing__mentor=user) | Q(pairing__candidate=user))
        .select_related("pairing__mentor", "pairing__candidate", "pairing__cohort")
    )
    for meeting in meetings:
        pairing = meeting.pairing
        yield FeedEntry(
            uid=f"mentor-meeting-{meeting.pk}",
            cohort=cohort,
            starts_at=meeting.starts_at,
            ends_at=meeting.ends_at,
            summary=f"Mentor meeting: {pairing.mentor} and {pairing.candidate}",
            location=meeting.location,
            description=meeting.get_mode_display(),
            path=meetings_link(pairing),
        )


def _evaluations(user, cohort, manages):
    evaluations = MidYearEvaluation.objects.filter(portfolio__cohort=cohort).select_related(
        "portfolio__candidate"
    )
    if not manages:
        evaluations = evaluations.filter(Q(mentor=user) | Q(portfolio__candidate=user))
    for evaluation in evaluations:
        yield FeedEntry(
            uid=f"mid-year-evaluation-{evaluation.pk}",
            cohort=cohort,
            starts_at=evaluation.starts_at,
            ends_at=evaluation.starts_at + AN_HOUR,
            summary=f"Mid-year evaluation of {evaluation.portfolio.candidate}",
            location=evaluation.location,
            path=evaluation.get_absolute_url(),
        )


def _progress_reviews(user, cohort, manages):
    reviews = ProgressReview.objects.filter(portfolio__cohort=cohort).select_related("portfolio__candidate")
    if not manages:
        reviews = reviews.filter(portfolio__candidate=user)
    for review in reviews:
        yield FeedEntry(
            uid=f"progress-review-{review.pk}",
            cohort=cohort,
            starts_at=review.starts_at,
            ends_at=review.starts_at + AN_HOUR,
            summary=f"Progress review of {review.portfolio.candidate} with the program manager",
            path=review.get_absolute_url(),
        )


def _portfolio_reviews(cohort):
    for review in PortfolioReview.objects.filter(cohort=cohort):
        yield FeedEntry(
            uid=f"portfolio-review-{review.pk}",
            cohort=cohort,
            starts_at=review.starts_at,
            ends_at=review.starts_at + AN_HOUR,
            summary=f"Portfolio review {review.number}",
            location=review.location,
        )


def _check_ins(cohort):
    for check_in in CheckIn.objects.filter(cohort=cohort):
        yield FeedEntry(
            uid=f"mentor-check-in-{check_in.pk}",
            cohort=cohort,
            starts_at=check_in.starts_at,
            ends_at=check_in.starts_at + AN_HOUR,
            summary="Mentor check-in meeting",
            location=check_in.location,
            description=check_in.agenda,
            path=check_in.get_absolute_url(),
        )
