"""The mentor's duties beyond meetings: consulting the instructors about their candidate, and supervising
work study as the curriculum asks."""

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from cohorts.models import Pairing
from cto_mentor.notifications.services import queue

from ..models import Consultation, ConsultationMessage, Portfolio, WorkStudy
from ..selectors import instructors_of

MAX_HOURS = Decimal("12")


def _is_mentor_of(user, portfolio: Portfolio) -> bool:
    return Pairing.objects.filter(
        cohort=portfolio.cohort, candidate=portfolio.candidate, mentor=user
    ).exists()


def consult_instructor(*, portfolio: Portfolio, mentor, instructor, body: str) -> ConsultationMessage:
    """The candidate's mentor writes to one of the cohort's instructors about the candidate; a second
    message to the same instructor continues the same thread.

    Side effects: the Consultation (once) and its message; a notice to the instructor.
    """
    if not _is_mentor_of(mentor, portfolio):
        raise ValidationError("The candidate's mentor consults the instructors about them.")
    if not instructors_of(portfolio.cohort).filter(pk=instructor.pk).exists():
        raise ValidationError({"instructor": "Choose an instructor of one of the cohort's sessions."})
    with transaction.atomic():
        consultation, _ = Consultation.objects.get_or_create(portfolio=portfolio, instructor=instructor)
        return _add_message(consultation, author=mentor, to=instructor, body=body)


def reply_to_consultation(*, consultation: Consultation, author, body: str) -> ConsultationMessage:
    """The instructor answers, or the candidate's mentor writes again. Side effects: the message; a notice
    to the other one (the candidate's mentor now, for the instructor's answer)."""
    portfolio = consultation.portfolio
    if author.pk == consultation.instructor_id:
        pairing = Pairing.objects.filter(cohort=portfolio.cohort, candidate=portfolio.candidate).first()
        if pairing is None:
            raise ValidationError("The candidate has no mentor now to answer.")
        to = pairing.mentor
    elif _is_mentor_of(author, portfolio):
        to = consultation.instructor
    else:
        raise ValidationError("The instructor and the candidate's mentor write in this thread.")
    with transaction.atomic():
        return _add_message(consultation, author=author, to=to, body=body)


def _add_message(consultation: Consultation, *, author, to, body: str) -> ConsultationMessage:
    message = ConsultationMessage.objects.create(consultation=consultation, author=author, body=body)
    queue(
        notice="consultation_message",
        to=to,
        about=message,
        context={"message": message, "consultation": consultation, "cohort": consultation.portfolio.cohort},
        link=consultation.get_absolute_url(),
        cohort=consultation.portfolio.cohort,
    )
    return message


def record_work_study(
    *,
    portfolio: Portfolio,
    mentor,
    supervised_on: date,
    hours: Decimal,
    supervised: str,
    today: date | None = None,
) -> WorkStudy:
    """The mentor records work-study supervision they gave the candidate. Side effects: the WorkStudy row."""
    if not _is_mentor_of(mentor, portfolio):
        raise ValidationError("The candidate's mentor records the work study they supervised.")
    if supervised_on > (today or timezone.localdate(timezone.now(), portfolio.cohort.tz)):
        raise ValidationError({"supervised_on": "Record work study once it has taken place."})
    if not Decimal("0.5") <= hours <= MAX_HOURS:
        raise ValidationError({"hours": f"Between half an hour and {MAX_HOURS} hours a day."})
    return WorkStudy.objects.create(
        portfolio=portfolio, mentor=mentor, supervised_on=supervised_on, hours=hours, supervised=supervised
    )
