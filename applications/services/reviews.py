"""The rubrics, conflicts of interest and scores."""

from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from simple_history.utils import bulk_create_with_history

from cohorts.models import Cohort
from cto_mentor import figures

from .. import selectors
from ..models import (
    Criterion,
    Kind,
    Review,
    ReviewStatus,
    Score,
)


def _rubric_closed(cohort: Cohort, kind: str) -> str:
    submitted = Review.objects.filter(
        application__cohort=cohort, application__kind=kind, status=ReviewStatus.SUBMITTED
    )
    if submitted.exists():
        return (
            f"Reviews of {Kind(kind).label.lower()} applications have been submitted with this rubric; "
            "it can no longer change."
        )
    return ""


def _check_rubric_open(cohort: Cohort, kind: str) -> None:
    refusal = _rubric_closed(cohort, kind)
    if refusal:
        raise ValidationError(refusal, code="rubric_closed")


def _check_weight(weight: int) -> None:
    if not 1 <= weight <= 10:
        raise ValidationError({"weight": "A weight goes from 1 to 10."})


def _check_unique_name(cohort: Cohort, kind: str, name: str, criterion: Criterion | None = None) -> None:
    same_name = Criterion.objects.filter(cohort=cohort, kind=kind, name__iexact=name)
    if criterion is not None:
        same_name = same_name.exclude(pk=criterion.pk)
    if same_name.exists():
        raise ValidationError({"name": "This rubric already has a criterion with this name."})


def add_criterion(
    *, cohort: Cohort, kind: str = Kind.CANDIDATE, name: str, description: str = "", weight: int = 1
) -> Criterion:
    """Add a line to the cohort's rubric for one kind of application; refused once a review of that kind has
    been submitted.

    Side effects: a Criterion row, ordered last in its rubric.
    """
    with transaction.atomic():
        _check_rubric_open(cohort, kind)
        _check_weight(weight)
        _check_unique_name(cohort, kind, name)
        order = Criterion.objects.filter(cohort=cohort, kind=kind).count() + 1
        return Criterion.objects.create(
            cohort=cohort, kind=kind, name=name, description=description, weight=weight, order=order
        )


def change_criterion(*, criterion: Criterion, name: str, description: str, weight: int) -> Criterion:
    """Reword or reweigh a line of a rubric; refused once a review of its kind has been submitted.

    Side effects: the criterion's name, description and weight.
    """
    with transaction.atomic():
        _check_rubric_open(criterion.cohort, criterion.kind)
        _check_weight(weight)
        _check_unique_name(criterion.cohort, criterion.kind, name, criterion)
        criterion.name, criterion.description, criterion.weight = name, description, weight
        criterion.save(update_fields=["name", "description", "weight"])
    return criterion


def remove_criterion_refusal(*, criterion: Criterion) -> str:
    """Why the criterion cannot be taken off the rubric, or "" when it can."""
    return _rubric_closed(criterion.cohort, criterion.kind)


def remove_criterion(*, criterion: Criterion) -> None:
    """Take a line off its rubric; refused once a review of its kind has been submitted. Side effects:
    deletes it."""
    with transaction.atomic():
        _check_rubric_open(criterion.cohort, criterion.kind)
        Score.objects.filter(criterion=criterion).delete()
        criterion.delete()


def declare_conflict_refusal(*, review: Review) -> str:
    """Why a conflict can no longer be declared on the review, or "" when it can."""
    return "" if review.status == ReviewStatus.ASSIGNED else "This review is already closed."


def declare_conflict(*, review: Review, reason: str, now=None) -> Review:
    """The reviewer steps back from this application. Side effects: status conflict, the reason kept."""
    now = now or timezone.now()
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        if refusal := declare_conflict_refusal(review=review):
            raise ValidationError(refusal)
        if not reason.strip():
            raise ValidationError({"conflict_reason": "Say briefly what the conflict is."})
        review.status, review.conflict_reason, review.submitted_at = ReviewStatus.CONFLICT, reason, now
        review.save(update_fields=["status", "conflict_reason", "submitted_at"])
        figures.forget(review.application.cohort_id)
    return review


def weighted_mean(pairs) -> Decimal:
    """The weighted mean of (value, weight) pairs, to two decimals."""
    total_weight = sum(weight for _, weight in pairs)
    mean = Decimal(sum(value * weight for value, weight in pairs)) / Decimal(total_weight)
    return mean.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def submit_review(
    *, review: Review, scores: dict[int, tuple[int, str]], comments: str = "", now=None
) -> Review:
    """Score every criterion of the rubric of the application's kind (1 to 5) and submit; a submitted review
    is final.

    Side effects: one Score per criterion; the review's weighted score, comments and status submitted.
    """
    now = now or timezone.now()
    with transaction.atomic():
        review = Review.objects.select_for_update().select_related("application").get(pk=review.pk)
        if review.status != ReviewStatus.ASSIGNED:
            raise ValidationError("This review is already closed.")
        criteria = list(selectors.rubric_for(application=review.application))
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
        figures.forget(review.application.cohort_id)
    return review
