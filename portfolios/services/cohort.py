"""What the program manager schedules for the whole cohort: portfolio reviews and mentor check-ins."""

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cohorts.models import Cohort, Membership, Role
from cto_mentor import figures
from cto_mentor.notifications.services import queue

from ..models import CheckIn, Portfolio, PortfolioReview, ReviewComment


def schedule_portfolio_review(
    *, cohort: Cohort, number: int, starts_at: datetime, location: str = ""
) -> PortfolioReview:
    """Set the date of the cohort's first or second portfolio review (moving it if already set).

    Side effects: the PortfolioReview; a notice to each candidate and mentor of the cohort (again, if moved).
    """
    if number not in (1, 2):
        raise ValidationError({"number": "A cohort has two portfolio reviews: the first and the second."})
    with transaction.atomic():
        review, _ = PortfolioReview.objects.update_or_create(
            cohort=cohort, number=number, defaults={"starts_at": starts_at, "location": location}
        )
        figures.forget(cohort.pk)
        if starts_at > timezone.now():
            people = Membership.objects.filter(cohort=cohort, role__in=[Role.CANDIDATE, Role.MENTOR])
            for person in dict.fromkeys(m.user for m in people.select_related("user").order_by("user_id")):
                queue(
                    notice="portfolio_review_scheduled",
                    to=person,
                    about=review,
                    occasion=starts_at.isoformat(),
                    context={"review": review, "cohort": cohort},
                    link="/",
                    cohort=cohort,
                )
    return review


def comment_on_portfolio(
    *, review: PortfolioReview, portfolio: Portfolio, author, body: str
) -> ReviewComment:
    """A reviewer's comment on a portfolio at one of the cohort's portfolio reviews. Side effects: the row."""
    if review.cohort_id != portfolio.cohort_id:
        raise ValidationError({"review": "Choose a portfolio review of this cohort."})
    return ReviewComment.objects.create(review=review, portfolio=portfolio, author=author, body=body)


def schedule_check_in(
    *, cohort: Cohort, starts_at: datetime, location: str = "", agenda: str = ""
) -> CheckIn:
    """Schedule a mentor check-in meeting. Side effects: the CheckIn row; an e-mail to each mentor."""
    with transaction.atomic():
        check_in = CheckIn.objects.create(
            cohort=cohort, starts_at=starts_at, location=location, agenda=agenda
        )
        for membership in Membership.objects.filter(cohort=cohort, role=Role.MENTOR).select_related("user"):
            queue(
                notice="check_in_scheduled",
                to=membership.user,
                about=check_in,
                occasion=starts_at.isoformat(),
                context={"check_in": check_in, "cohort": cohort},
                link=check_in.get_absolute_url(),
                cohort=cohort,
            )
    return check_in


def record_check_in(*, check_in: CheckIn, attendees, notes: str) -> CheckIn:
    """Record which mentors attended the check-in and its notes. Side effects: attendance and notes."""
    mentor_ids = set(
        Membership.objects.filter(cohort=check_in.cohort, role=Role.MENTOR).values_list("user_id", flat=True)
    )
    if any(person.pk not in mentor_ids for person in attendees):
        raise ValidationError({"attendees": "Only mentors of the cohort attend a mentor check-in."})
    with transaction.atomic():
        check_in.notes = notes
        check_in.save(update_fields=["notes"])
        check_in.attendees.set(attendees)
    return check_in
