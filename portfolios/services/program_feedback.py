"""Candidates' ratings and comments on the program, optionally anonymous."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cohorts.models import Cohort, Role
from cohorts.rules import roles_in
from sessions.models import ClassSession

from ..models import FeedbackReceipt, ProgramFeedback


def give_program_feedback(
    *,
    cohort: Cohort,
    candidate,
    session: ClassSession | None,
    rating: int,
    comment: str = "",
    anonymous: bool = False,
) -> ProgramFeedback:
    """A candidate's one answer about a session (or the program as a whole).

    An anonymous answer is stored without author or time; the receipt that says the candidate has answered
    holds no link to it, so no page, export or admin screen can tie them together.
    Side effects: a FeedbackReceipt and a ProgramFeedback row.
    """
    if Role.CANDIDATE not in roles_in(candidate, cohort):
        raise ValidationError("Only candidates of the cohort give feedback on it.")
    if session is not None and session.cohort_id != cohort.pk:
        raise ValidationError({"session": "Choose a session of this cohort."})
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": "Rate from 1 to 5."})
    try:
        with transaction.atomic():
            FeedbackReceipt.objects.create(cohort=cohort, session=session, candidate=candidate)
            return ProgramFeedback.objects.create(
                cohort=cohort,
                session=session,
                rating=rating,
                comment=comment,
                author=None if anonymous else candidate,
            )
    except IntegrityError:
        raise ValidationError(
            {"session": "You have answered about this already; each session is answered once."}
        ) from None
