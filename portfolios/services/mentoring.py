"""One candidate's mentoring record: meetings with the mentor, follow-ups, feedback, evaluation and progress reviews."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Membership, Pairing, Role
from cohorts.rules import roles_in
from cto_mentor import figures
from cto_mentor.notifications.services import mark_done, queue

from ..models import (
    Feedback,
    FeedbackAudience,
    FollowUp,
    MeetingStatus,
    MentorMeeting,
    MidYearEvaluation,
    Portfolio,
    ProgressReview,
)
from .entries import open_portfolio


def _managers(cohort):
    return [
        m.user
        for m in Membership.objects.filter(cohort=cohort, role=Role.PROGRAM_MANAGER).select_related("user")
    ]


def meetings_link(pairing: Pairing) -> str:
    portfolio = open_portfolio(cohort=pairing.cohort, candidate=pairing.candidate)
    return reverse("portfolios:meetings", kwargs={"pk": portfolio.pk})


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
        figures.forget(pairing.cohort_id)
    return meeting


def confirm_meeting(*, meeting: MentorMeeting, user, now: datetime | None = None) -> MentorMeeting:
    """The side that did not log the meeting confirms it took place.

    Side effects: confirmed_by/_at; the notice that asked `user` to confirm is marked done; a notice to the
    side that logged it, written as done (it asks nothing of them).
    """
    if meeting.is_scheduled:
        raise ValidationError("A scheduled meeting is confirmed as held, with its notes, once it took place.")
    if meeting.is_confirmed:
        raise ValidationError("This meeting is confirmed already.")
    if user.pk == meeting.logged_by_id or user.pk not in (
        meeting.pairing.mentor_id,
        meeting.pairing.candidate_id,
    ):
        raise ValidationError("The other side of the pair confirms a meeting.")
    with transaction.atomic():
        meeting.confirmed_by, meeting.confirmed_at = user, now or timezone.now()
        meeting.save(update_fields=["confirmed_by", "confirmed_at"])
        _tell_confirmed(meeting, confirmed_by=user, to=meeting.logged_by)
        figures.forget(meeting.pairing.cohort_id)  # confirmed meetings a month judge who is behind
    return meeting


def _tell_confirmed(meeting: MentorMeeting, *, confirmed_by, to) -> None:
    """The notices that asked about the meeting are done; the other side hears it is confirmed, as done."""
    queue(
        notice="mentor_meeting_confirmed",
        to=to,
        about=meeting,
        context={"meeting": meeting, "confirmed_by": confirmed_by, "cohort": meeting.pairing.cohort},
        link=meetings_link(meeting.pairing),
        cohort=meeting.pairing.cohort,
    )
    for notice in ("mentor_meeting_logged", "mentor_meeting_scheduled", "mentor_meeting_confirmed"):
        mark_done(notice=notice, about=meeting)


def schedule_meeting(
    *,
    pairing: Pairing,
    scheduled_by,
    starts_at: datetime,
    duration_minutes: int,
    mode: str,
    location: str = "",
    now: datetime | None = None,
) -> MentorMeeting:
    """Put a meeting of the pair in both calendars ahead of time; it is confirmed as held afterwards.

    Side effects: the MentorMeeting, scheduled; a notice to the other side. Both calendar feeds show it, and
    the mentor-meeting reminder goes to both before it.
    """
    other = _other_side(pairing, scheduled_by)
    if starts_at <= (now or timezone.now()):
        raise ValidationError({"starts_at": "Schedule a meeting ahead; log one that has taken place."})
    with transaction.atomic():
        meeting = MentorMeeting.objects.create(
            pairing=pairing,
            status=MeetingStatus.SCHEDULED,
            logged_by=scheduled_by,
            starts_at=starts_at,
            held_on=timezone.localdate(starts_at, pairing.cohort.tz),
            duration_minutes=duration_minutes,
            mode=mode,
            location=location,
        )
        queue(
            notice="mentor_meeting_scheduled",
            to=other,
            about=meeting,
            occasion=starts_at.isoformat(),
            context={"meeting": meeting, "scheduled_by": scheduled_by, "cohort": pairing.cohort},
            link=meetings_link(pairing),
            cohort=pairing.cohort,
        )
        figures.forget(pairing.cohort_id)
    return meeting


def confirm_held(
    *,
    meeting: MentorMeeting,
    user,
    notes: str,
    duration_minutes: int | None = None,
    reviewed_progress: bool = False,
    reviewed_assignments: bool = False,
    reviewed_portfolio: bool = False,
    now: datetime | None = None,
) -> MentorMeeting:
    """Either side confirms that a scheduled meeting took place, with its notes (both agreed to it ahead).

    Side effects: the meeting held and confirmed by `user`, its notes; the notices about it marked done; a
    notice to the other side, written as done.
    """
    now = now or timezone.now()
    if not meeting.is_scheduled:
        raise ValidationError("This meeting is recorded already.")
    other = _other_side(meeting.pairing, user)
    if meeting.starts_at > now:
        raise ValidationError("Confirm the meeting once it has taken place.")
    meeting.status, meeting.notes = MeetingStatus.HELD, notes
    meeting.duration_minutes = duration_minutes or meeting.duration_minutes
    meeting.reviewed_progress, meeting.reviewed_assignments, meeting.reviewed_portfolio = (
        reviewed_progress,
        reviewed_assignments,
        reviewed_portfolio,
    )
    meeting.confirmed_by, meeting.confirmed_at = user, now
    with transaction.atomic():
        meeting.save(
            update_fields=[
                "status",
                "notes",
                "duration_minutes",
                "reviewed_progress",
                "reviewed_assignments",
                "reviewed_portfolio",
                "confirmed_by",
                "confirmed_at",
            ]
        )
        _tell_confirmed(meeting, confirmed_by=user, to=other)
        figures.forget(meeting.pairing.cohort_id)
    return meeting


def cancel_meeting(*, meeting: MentorMeeting, user) -> None:
    """Either side calls off a scheduled meeting that has not taken place. Side effects: the row is deleted
    (its calendar entries go with it); the notices about it are marked done."""
    _other_side(meeting.pairing, user)
    if not meeting.is_scheduled:
        raise ValidationError("Only a scheduled meeting can be called off; this one is recorded as held.")
    with transaction.atomic():
        mark_done(notice="mentor_meeting_scheduled", about=meeting)
        meeting.delete()
        figures.forget(meeting.pairing.cohort_id)


def add_follow_up(
    *,
    description: str,
    due_on: date,
    meeting: MentorMeeting | None = None,
    evaluation: MidYearEvaluation | None = None,
    owner=None,
    actor=None,
) -> FollowUp:
    """Add a follow-up to a mentor meeting or an area needing improvement to a mid-year evaluation.

    An evaluation's follow-up has an owner: the candidate or their mentor, or (set by a program manager) a
    program manager of the cohort. Only the evaluation's mentor and the program managers add them.
    Side effects: the FollowUp row; a notice to its owner unless they added it themselves.
    """
    if (meeting is None) == (evaluation is None):
        raise ValidationError("A follow-up belongs to a meeting or to an evaluation.")
    cohort = meeting.pairing.cohort if meeting else evaluation.portfolio.cohort
    if evaluation is not None:
        _check_evaluation_follow_up(evaluation, owner, actor)
    with transaction.atomic():
        follow_up = FollowUp.objects.create(
            meeting=meeting, evaluation=evaluation, description=description, due_on=due_on, owner=owner
        )
        if owner is not None and actor is not None and owner.pk != actor.pk:
            queue(
                notice="follow_up_assigned",
                to=owner,
                about=follow_up,
                context={"follow_up": follow_up, "assigned_by": actor, "cohort": cohort},
                link=follow_up_link(follow_up),
                cohort=cohort,
            )
    return follow_up


def _check_evaluation_follow_up(evaluation: MidYearEvaluation, owner, actor) -> None:
    portfolio = evaluation.portfolio
    manages = actor is None or Role.PROGRAM_MANAGER in roles_in(actor, portfolio.cohort)
    if not manages and actor.pk != evaluation.mentor_id:
        raise ValidationError("The evaluation's mentor or a program manager adds its follow-up items.")
    allowed = {portfolio.candidate_id, evaluation.mentor_id}
    if owner is None or (
        owner.pk not in allowed
        and not (manages and Role.PROGRAM_MANAGER in roles_in(owner, portfolio.cohort))
    ):
        raise ValidationError({"owner": "The owner is the candidate, the mentor or a program manager."})


def follow_up_link(follow_up: FollowUp) -> str:
    if follow_up.evaluation_id:
        return follow_up.evaluation.get_absolute_url()
    return meetings_link(follow_up.meeting.pairing)


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
    link = reverse("portfolios:feedback", kwargs={"pk": portfolio.pk})
    with transaction.atomic():
        feedback = Feedback.objects.create(portfolio=portfolio, author=author, audience=audience, body=body)
        if audience == FeedbackAudience.MENTOR_TO_MANAGER:
            figures.forget(portfolio.cohort_id)
            for manager in _managers(portfolio.cohort):
                queue(
                    notice="private_feedback_given",
                    to=manager,
                    about=feedback,
                    context={"feedback": feedback, "cohort": portfolio.cohort},
                    link=link,
                    cohort=portfolio.cohort,
                )
        else:
            queue(
                notice="feedback_given",
                to=portfolio.candidate,
                about=feedback,
                context={"feedback": feedback},
                link=link,
                cohort=portfolio.cohort,
            )
    return feedback


def mark_private_feedback_read(*, portfolio: Portfolio, user, now: datetime | None = None) -> int:
    """A program manager opened the candidate's feedback: what mentors wrote for the managers only is read.
    Side effects: read_by_manager_at on that feedback; the managers' notices about it marked done."""
    if Role.PROGRAM_MANAGER not in roles_in(user, portfolio.cohort):
        return 0
    unread = Feedback.objects.filter(
        portfolio=portfolio, audience=FeedbackAudience.MENTOR_TO_MANAGER, read_by_manager_at__isnull=True
    )
    with transaction.atomic():
        for feedback in unread:
            mark_done(notice="private_feedback_given", about=feedback)
        figures.forget(portfolio.cohort_id)
        return unread.update(read_by_manager_at=now or timezone.now())


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


def record_evaluation(
    *,
    portfolio: Portfolio,
    mentor,
    starts_at: datetime,
    mode: str,
    areas_needing_improvement: str,
    location: str = "",
    evaluation: MidYearEvaluation | None = None,
    now: datetime | None = None,
) -> MidYearEvaluation:
    """The candidate's mentor records a mid-year evaluation meeting that took place: the one the program
    manager scheduled (`evaluation`) or another one they held. Follow-up items are added to it after.

    Side effects: the MidYearEvaluation (made, or completed) with its mode, areas and who recorded it.
    """
    now = now or timezone.now()
    if not Pairing.objects.filter(
        cohort=portfolio.cohort, candidate=portfolio.candidate, mentor=mentor
    ).exists():
        raise ValidationError("The candidate's mentor records their mid-year evaluation meetings.")
    if evaluation is not None and evaluation.portfolio_id != portfolio.pk:
        raise ValidationError("This evaluation is of another candidate.")
    if starts_at > now:
        raise ValidationError({"starts_at": "Record the evaluation meeting once it has taken place."})
    if evaluation is None:
        evaluation = MidYearEvaluation(portfolio=portfolio, created_by=mentor)
    evaluation.mentor, evaluation.starts_at, evaluation.mode = mentor, starts_at, mode
    evaluation.location = location or evaluation.location
    evaluation.areas_needing_improvement = areas_needing_improvement
    evaluation.recorded_by, evaluation.recorded_at = mentor, now
    evaluation.save()
    return evaluation


def record_evaluation_notes(*, evaluation: MidYearEvaluation, notes: str) -> MidYearEvaluation:
    """Keep the program manager's notes of the evaluation. Side effects: the notes."""
    evaluation.notes = notes
    evaluation.save(update_fields=["notes"])
    return evaluation


def schedule_progress_review(
    *, portfolio: Portfolio, starts_at: datetime, notes: str = "", actor
) -> ProgressReview:
    """Schedule (or record) a progress review of the program manager with the candidate.

    Side effects: the ProgressReview; for one still to come, a notice to the candidate."""
    if Role.PROGRAM_MANAGER not in roles_in(actor, portfolio.cohort):
        raise ValidationError("A program manager of the cohort holds progress reviews.")
    with transaction.atomic():
        review = ProgressReview.objects.create(
            portfolio=portfolio, starts_at=starts_at, notes=notes, created_by=actor
        )
        figures.forget(portfolio.cohort_id)
        if starts_at > timezone.now():
            queue(
                notice="progress_review_scheduled",
                to=portfolio.candidate,
                about=review,
                occasion=starts_at.isoformat(),
                context={"review": review, "cohort": portfolio.cohort},
                link=review.get_absolute_url(),
                cohort=portfolio.cohort,
            )
    return review


def record_progress_notes(*, review: ProgressReview, notes: str) -> ProgressReview:
    review.notes = notes
    review.save(update_fields=["notes"])
    return review
