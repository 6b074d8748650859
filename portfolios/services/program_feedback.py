"""Candidates' ratings and comments on the program, always anonymous."""

import secrets

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from cohorts.models import Cohort, Role
from cohorts.rules import roles_in
from cto_mentor import figures
from sessions.models import ClassSession

from ..models import FeedbackReceipt, ProgramFeedback


def give_program_feedback(
    *,
    cohort: Cohort,
    candidate,
    session: ClassSession | None,
    rating: int,
    comment: str = "",
) -> None:
    """A candidate's one answer about a session (or the program as a whole), stored so that nobody, with the
    database in hand, can tell which answer is theirs.

    The receipt that says the candidate has answered is committed first, in its own transaction (its unique
    key refuses a second answer). Then, in a transaction of its own, every answer to the same question is
    written again with the new one among them (`rewrite_answers`): the answers share one transaction id and
    lie, on disk and by id, in a random order, so neither lines up with the receipts. Should that second
    write fail, the receipt is taken back and the candidate may answer again.
    Side effects: a FeedbackReceipt; the question's ProgramFeedback rows written anew.
    """
    if Role.CANDIDATE not in roles_in(candidate, cohort):
        raise ValidationError("Only candidates of the cohort give feedback on it.")
    if session is not None and session.cohort_id != cohort.pk:
        raise ValidationError({"session": "Choose a session of this cohort."})
    if not 1 <= rating <= 5:
        raise ValidationError({"rating": "Rate from 1 to 5."})
    try:
        with transaction.atomic():
            receipt = FeedbackReceipt.objects.create(cohort=cohort, session=session, candidate=candidate)
            figures.forget(cohort.pk)
    except IntegrityError:
        raise ValidationError(
            {"session": "You have answered about this already; each session is answered once."}
        ) from None
    try:
        with transaction.atomic():
            rewrite_answers(cohort=cohort, session=session, adding=[(rating, comment)])
    except Exception:
        receipt.delete()
        figures.forget(cohort.pk)
        raise


def rewrite_answers(*, cohort: Cohort, session: ClassSession | None, adding=()) -> None:
    """Delete the answers to one question and insert them again, with `adding` (rating, comment) pairs among
    them, in a random order and with new random ids. Call it inside a transaction; the cohort's row is
    locked first so that two candidates answering at once cannot both copy the old answers."""
    list(Cohort.objects.select_for_update(no_key=True).filter(pk=cohort.pk).values_list("pk"))
    answers = ProgramFeedback.objects.filter(cohort=cohort, session=session)
    kept = list(answers.values_list("rating", "comment")) + list(adding)
    answers.delete()
    secrets.SystemRandom().shuffle(kept)
    ProgramFeedback.objects.bulk_create(
        ProgramFeedback(cohort=cohort, session=session, rating=rating, comment=comment)
        for rating, comment in kept
    )
