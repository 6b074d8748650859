"""One candidate's mentoring record: meetings with the mentor, follow-ups, feedback, evaluation and progress reviews."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Pairing, Role
from cohorts.rules import roles_in
from cto_mentor.notifications.services import queue

from ..models import (
    Feedback,
    FeedbackAudience,
    FollowUp,
    MentorMeeting,
    MidYearEvaluation,
    Portfolio,
    ProgressReview,
)
from .entries import open_portfolio


def _other_side(pairing: Pairing, user):
    if user.pk == pairing.mentor_id:
        return pairing.candidate
    if user.pk == pairing.candidate_id:
        return pairing.mentor
    raise ValidationError("Only the mentor or the candidate of the pair can log their meeting.")


def log_meeting(
    *,
    pairing: Pairing,
    logged_by,
    held_on: date,
    duration_minutes: int,
    mode: str,
    notes: str = "",
    reviewed_progress: bool = False,
    reviewed_assignments: bool = False,
    reviewed_portfolio: bool = False,
    follow_ups: list[tuple[str, date]] = (),
    today: date | None = None,
) -> MentorMeeting:
    """Log a meeting of the pair, held today or earlier, for the other side to confirm.

    Side effects: the MentorMeeting and its FollowUp rows; an e-mail asking the other side to confirm.
    """
    other = _other_side(pairing, logged_by)
    if held_on > (today or timezone.localdate(timezone.now(), pairing.cohort.tz)):
        raise ValidationError({"held_on": "Log a meeting once it has taken place."})
    with transaction.atomic():
        meeting = MentorMeeting.objects.create(
            pairing=pairing,
            logged_by=logged_by,
            held_on=held_on,
            duration_minutes=duration_minutes,
            mode=mode,
            notes=notes,
            reviewed_progress=reviewed_progress,
            reviewed_assignments=reviewed_assignments,
            reviewed_portfolio=reviewed_portfolio,
        )
        FollowUp.objects.bulk_create(
            FollowUp(meeting=meeting, description=text, due_on=due) for text, due in follow_ups
        )
        portfolio = open_portfolio(cohort=pairing.cohort, candidate=pairing.candidate)
        queue(
            notice="mentor_meeting_logged",
            to=other,
            about=meeting,
            context={"meeting": meeting, "logged_by": logged_by},
            link=reverse("portfolios:meetings", kwargs={"pk": portfolio.pk}),
            cohort=pairing.cohort,
        )
    return meeting


def confirm_meeting(*, meeting: MentorMeeting, user, now: datetime | None = None) -> MentorMeeting:
    """The side that did not log the meeting confirms it took place. Side effects: confirmed_by/_at."""
    if meeting.is_confirmed:
        raise ValidationError("This meeting is confirmed already.")
    if user.pk == meeting.logged_by_id or user.pk not in (
        meeting.pairing.mentor_id,
        meeting.pairing.candidate_id,
    ):
        raise ValidationError("The other side of the pair confirms a meeting.")
    meeting.confirmed_by, meeting.confirmed_at = user, now or timezone.now()
    meeting.save(update_fields=["confirmed_by", "confirmed_at"])
    return meeting


def add_follow_up(
    *,
    description: str,
    due_on: date,
    meeting: MentorMeeting | None = None,
    evaluation: MidYearEvaluation | None = None,
    owner=None,
) -> FollowUp:
    """Add a follow-up to a mentor meeting or an area needing improvement to a mid-year evaluation.

    An evaluation's follow-up has an owner: the candidate, their mentor or a program manager of the cohort.
    Side effects: the FollowUp row.
    """
    if (meeting is None) == (evaluation is None):
        raise ValidationError("A follow-up belongs to a meeting or to an evaluation.")
    if evaluation is not None:
        portfolio = evaluation.portfolio
        allowed = {portfolio.candidate_id, evaluation.mentor_id}
        if owner is None or (
            owner.pk not in allowed and Role.PROGRAM_MANAGER not in roles_in(owner, portfolio.cohort)
        ):
            raise ValidationError({"owner": "The owner is the candidate, the mentor or a program manager."})
    return FollowUp.objects.create(
        meeting=meeting, evaluation=evaluation, description=description, due_on=due_on, owner=owner
    )


def close_follow_up(*, follow_up: FollowUp, user, now: datetime | None = None) -> FollowUp:
    """Record that a follow-up is done. Side effects: closed_at/_by."""
    if follow_up.is_closed:
        raise ValidationError("This follow-up is closed already.")
    follow_up.closed_at, follow_up.closed_by = now or timezone.now(), user
    follow_up.save(update_fields=["closed_at", "closed_by"])
    return follow_up


def reopen_follow_up(*, follow_up: FollowUp) -> FollowUp:
    """Undo a close made by mistake. Side effects: closed_at/_by cleared."""
    follow_up.closed_at, follow_up.closed_by = None, None
    follow_up.save(update_fields=["closed_at", "closed_by"])
    return follow_up


def feedback_audiences(*, portfolio: Portfolio, author) -> list[str]:
    """The kinds of feedback `author` may give on this candidate: a mentor two, a program manager one."""
    audiences = []
    if Pairing.objects.filter(cohort=portfolio.cohort, candidate=portfolio.candidate, mentor=author).exists():
        audiences += [FeedbackAudience.MENTOR_TO_CANDIDATE, FeedbackAudience.MENTOR_TO_MANAGER]
    if Role.PROGRAM_MANAGER in roles_in(author, portfolio.cohort):
        audiences.append(FeedbackAudience.MANAGER_TO_CANDIDATE)
    return audiences


def give_feedback(*, portfolio: Portfolio, author, audience: str, body: str) -> Feedback:
    """Record feedback on a candidate. Feedback meant for the candidate is e-mailed to them; feedback for
    the program manager only is never sent to, nor shown to, the candidate.

    Side effects: the Feedback row; for the candidate's eyes, an e-mail to the candidate.
    """
    if audience not in feedback_audiences(portfolio=portfolio, author=author):
        raise ValidationError({"audience": "You cannot give this kind of feedback on this candidate."})
    with transaction.atomic():
        feedback = Feedback.objects.create(portfolio=portfolio, author=author, audience=audience, body=body)
        if audience != FeedbackAudience.MENTOR_TO_MANAGER:
            queue(
                notice="feedback_given",
                to=portfolio.candidate,
                about=feedback,
                context={"feedback": feedback},
                link=reverse("portfolios:feedback", kwargs={"pk": portfolio.pk}),
                cohort=portfolio.cohort,
            )
    return feedback


def schedule_evaluation(
    *, portfolio: Portfolio, starts_at: datetime, location: str = "", actor
) -> MidYearEvaluation:
    """Schedule the candidate's mid-year evaluation with their mentor (the one paired now, if any).

    Side effects: the MidYearEvaluation row; an e-mail to the candidate and to the mentor.
    """
    if Role.PROGRAM_MANAGER not in roles_in(actor, portfolio.cohort):
        raise ValidationError("A program manager of the cohort schedules the mid-year evaluation.")
    pairing = Pairing.objects.filter(cohort=portfolio.cohort, candidate=portfolio.candidate).first()
    mentor = pairing.mentor if pairing else None
    with transaction.atomic():
        evaluation = MidYearEvaluation.objects.create(
            portfolio=portfolio, mentor=mentor, starts_at=starts_at, location=location, created_by=actor
        )
        for person in filter(None, (portfolio.candidate, mentor)):
            queue(
                notice="evaluation_scheduled",
                to=person,
                about=evaluation,
                occasion=starts_at.isoformat(),
                context={"evaluation": evaluation, "cohort": portfolio.cohort},
                link=evaluation.get_absolute_url(),
                cohort=portfolio.cohort,
            )
    return evaluation


def record_evaluation_notes(*, evaluation: MidYearEvaluation, notes: str) -> MidYearEvaluation:
    """Keep the program manager's notes of the evaluation. Side effects: the notes."""
    evaluation.notes = notes
    evaluation.save(update_fields=["notes"])
    return evaluation


def schedule_progress_review(
    *, portfolio: Portfolio, starts_at: datetime, notes: str = "", actor
) -> ProgressReview:
    """Schedule (or record) a progress review of the program manager with the candidate."""
    if Role.PROGRAM_MANAGER not in roles_in(actor, portfolio.cohort):
        raise ValidationError("A program manager of the cohort holds progress reviews.")
    return ProgressReview.objects.create(
        portfolio=portfolio, starts_at=starts_at, notes=notes, created_by=actor
    )


def record_progress_notes(*, review: ProgressReview, notes: str) -> ProgressReview:
    review.notes = notes
    review.save(update_fields=["notes"])
    return review
