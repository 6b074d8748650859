"""The rubric, reviewer assignments, conflicts of interest and scores."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cohorts.models import Cohort, Role
from cohorts.rules import roles_in

from ..models import (
    Application,
    Criterion,
    Review,
    ReviewStatus,
    Score,
    Status,
)


def _check_rubric_open(cohort: Cohort) -> None:
    if Review.objects.filter(application__cohort=cohort, status=ReviewStatus.SUBMITTED).exists():
        raise ValidationError("Reviews have been submitted with this rubric; it can no longer change.")


def add_criterion(*, cohort: Cohort, name: str, description: str = "", weight: int = 1) -> Criterion:
    """Add a line to the cohort's rubric; refused once a review has been submitted.

    Side effects: a Criterion row, ordered last.
    """
    with transaction.atomic():
        _check_rubric_open(cohort)
        if Criterion.objects.filter(cohort=cohort, name__iexact=name).exists():
            raise ValidationError({"name": "The rubric already has a criterion with this name."})
        order = Criterion.objects.filter(cohort=cohort).count() + 1
        return Criterion.objects.create(
            cohort=cohort, name=name, description=description, weight=weight, order=order
        )


def remove_criterion(*, criterion: Criterion) -> None:
    """Take a line off the rubric; refused once a review has been submitted. Side effects: deletes it."""
    with transaction.atomic():
        _check_rubric_open(criterion.cohort)
        Score.objects.filter(criterion=criterion).delete()
        criterion.delete()


def assign_reviewer(*, application: Application, reviewer, actor) -> Review:
    """Ask a reviewer (or program manager) of the cohort to review a submitted application.

    Side effects: a Review row waiting for scores; assigning the same person again changes nothing.
    """
    if application.status != Status.SUBMITTED:
        raise ValidationError("Only submitted applications are reviewed.")
    if not roles_in(reviewer, application.cohort) & {Role.REVIEWER, Role.PROGRAM_MANAGER}:
        raise ValidationError(f"{reviewer} is not a reviewer in {application.cohort}.")
    if reviewer.pk == application.applicant_id:
        raise ValidationError("Nobody reviews their own application.")
    with transaction.atomic():
        review, _ = Review.objects.get_or_create(
            application=application, reviewer=reviewer, defaults={"assigned_by": actor}
        )
    return review


def declare_conflict(*, review: Review, reason: str, now=None) -> Review:
    """The reviewer steps back from this application. Side effects: status conflict, the reason kept."""
    now = now or timezone.now()
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        if review.status != ReviewStatus.ASSIGNED:
            raise ValidationError("This review is already closed.")
        if not reason.strip():
            raise ValidationError({"conflict_reason": "Say briefly what the conflict is."})
        review.status, review.conflict_reason, review.submitted_at = ReviewStatus.CONFLICT, reason, now
        review.save(update_fields=["status", "conflict_reason", "submitted_at"])
    return review


def weighted_mean(pairs) -> Decimal:
    """The weighted mean of (value, weight) pairs, to two decimals."""
    total_weight = sum(weight for _, weight in pairs)
    mean = Decimal(sum(value * weight for value, weight in pairs)) / Decimal(total_weight)
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def submit_review(
    *, review: Review, scores: dict[int, tuple[int, str]], comments: str = "", now=None
) -> Review:
    """Score every criterion of the cohort's rubric (1 to 5) and submit; a submitted review is final.

    Side effects: one Score per criterion; the review's weighted score, comments and status submitted.
    """
    now = now or timezone.now()
    with transaction.atomic():
        review = Review.objects.select_for_update().select_related("application").get(pk=review.pk)
        if review.status != ReviewStatus.ASSIGNED:
            raise ValidationError("This review is already closed.")
        criteria = list(Criterion.objects.filter(cohort_id=review.application.cohort_id))
        if not criteria:
            raise ValidationError("The program manager has not defined the rubric yet.")
        missing = [c.name for c in criteria if c.pk not in scores]
        if missing:
            raise ValidationError(f"Score every criterion: {', '.join(missing)}.")
        if any(not 1 <= scores[c.pk][0] <= 5 for c in criteria):
            raise ValidationError("Scores go from 1 to 5.")
        # With history, like every other audited change (a plain bulk_create would leave none).
        bulk_create_with_history(
            [
                Score(review=review, criterion=c, value=scores[c.pk][0], comment=scores[c.pk][1])
                for c in criteria
            ],
            Score,
            default_user=review.reviewer,
            default_date=now,
        )
        review.weighted_score = weighted_mean([(scores[c.pk][0], c.weight) for c in criteria])
        review.status, review.comments, review.submitted_at = ReviewStatus.SUBMITTED, comments, now
        review.save(update_fields=["weighted_score", "status", "comments", "submitted_at"])
    return review
