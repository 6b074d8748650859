"""Every change to a portfolio and to the mentoring record around it."""

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Membership, Pairing, Role
from cohorts.rules import roles_in
from cto_mentor.notifications.services import queue
from sessions.models import ClassSession, Topic

from .models import (
    Artifact,
    CheckIn,
    Feedback,
    FeedbackAudience,
    FeedbackReceipt,
    FollowUp,
    MentorMeeting,
    MidYearEvaluation,
    Portfolio,
    PortfolioReview,
    ProgramFeedback,
    ProgressReview,
    Reflection,
    ReviewComment,
)


def open_portfolio(*, cohort: Cohort, candidate) -> Portfolio:
    """The candidate's portfolio in the cohort, made empty the first time it is needed.

    Side effects: at most one Portfolio row.
    """
    if Role.CANDIDATE not in roles_in(candidate, cohort):
        raise ValidationError(f"{candidate} is not a candidate in {cohort}.")
    portfolio, _ = Portfolio.objects.get_or_create(cohort=cohort, candidate=candidate)
    return portfolio


def open_portfolios(*, cohort: Cohort) -> None:
    """Make the missing portfolios of every candidate of the cohort. Side effects: Portfolio rows."""
    candidates = Membership.objects.filter(cohort=cohort, role=Role.CANDIDATE).values_list(
        "user_id", flat=True
    )
    have = set(Portfolio.objects.filter(cohort=cohort).values_list("candidate_id", flat=True))
    Portfolio.objects.bulk_create(
        [Portfolio(cohort=cohort, candidate_id=user_id) for user_id in candidates if user_id not in have],
        ignore_conflicts=True,
    )


def _check_tag(portfolio: Portfolio, session: ClassSession | None, topic: Topic | None):
    """A topic implies its session; both must belong to the portfolio's cohort."""
    if topic is not None:
        session = topic.session
    if session is not None and session.cohort_id != portfolio.cohort_id:
        raise ValidationError("Choose a session or topic of this cohort.")
    return session, topic


def _next_position(model, portfolio: Portfolio) -> int:
    return (model.objects.filter(portfolio=portfolio).aggregate(last=Max("position"))["last"] or 0) + 1


def save_artifact(
    *,
    portfolio: Portfolio,
    title: str,
    description: str = "",
    link: str = "",
    upload=None,
    session: ClassSession | None = None,
    topic: Topic | None = None,
    artifact: Artifact | None = None,
) -> Artifact:
    """Add an artifact at the end of the portfolio, or change `artifact`; it is a file or a link, not both.

    A new file replaces the old one, which is removed from storage after commit.
    Side effects: the Artifact row; the stored file.
    """
    session, topic = _check_tag(portfolio, session, topic)
    keeps_file = artifact is not None and artifact.is_file and upload is None and not link
    if bool(upload) == bool(link) and not keeps_file:
        raise ValidationError("Give either a file or a link.")
    with transaction.atomic():
        if artifact is None:
            artifact = Artifact(portfolio=portfolio, position=_next_position(Artifact, portfolio))
        old_file = artifact.file.name if artifact.is_file and (upload or link) else ""
        artifact.title, artifact.description, artifact.session, artifact.topic = (
            title,
            description,
            session,
            topic,
        )
        artifact.link = link
        if upload is not None:
            artifact.set_upload(upload)
        elif link:
            artifact.file, artifact.original_name, artifact.content_type, artifact.size = "", "", "", 0
        artifact.save()
        if old_file:
            storage = artifact.file.storage
            transaction.on_commit(lambda: storage.delete(old_file))
    return artifact


def save_reflection(
    *,
    portfolio: Portfolio,
    title: str,
    body: str,
    artifact: Artifact | None = None,
    session: ClassSession | None = None,
    topic: Topic | None = None,
    reflection: Reflection | None = None,
) -> Reflection:
    """Add a reflection at the end of the portfolio, or change `reflection`. Side effects: the row."""
    if artifact is not None and artifact.portfolio_id != portfolio.pk:
        raise ValidationError("Choose an artifact of this portfolio.")
    session, topic = _check_tag(portfolio, session, topic)
    with transaction.atomic():
        if reflection is None:
            reflection = Reflection(portfolio=portfolio, position=_next_position(Reflection, portfolio))
        reflection.title, reflection.body, reflection.artifact = title, body, artifact
        reflection.session, reflection.topic = session, topic
        reflection.save()
    return reflection


def delete_entry(*, entry: Artifact | Reflection) -> None:
    """Remove an artifact or reflection; an artifact's file is removed from storage after commit."""
    with transaction.atomic():
        stored = entry.file.name if isinstance(entry, Artifact) and entry.is_file else ""
        storage = entry.file.storage if stored else None
        entry.delete()
        if stored:
            transaction.on_commit(lambda: storage.delete(stored))


def move_entry(*, entry: Artifact | Reflection, direction: str) -> None:
    """Move an entry one place up or down in the candidate's order. Side effects: positions of the list."""
    if direction not in ("up", "down"):
        raise ValidationError("Move up or down.")
    model = type(entry)
    with transaction.atomic():
        entries = list(model.objects.select_for_update().filter(portfolio_id=entry.portfolio_id))
        index = next(i for i, e in enumerate(entries) if e.pk == entry.pk)
        other = index - 1 if direction == "up" else index + 1
        if 0 <= other < len(entries):
            entries[index], entries[other] = entries[other], entries[index]
        for position, item in enumerate(entries, start=1):
            item.position = position
        model.objects.bulk_update(entries, ["position"])


def mark_ready(*, entry: Artifact | Reflection, ready: bool) -> None:
    """Mark an entry ready for review by the mentor and the program manager, or take the mark back."""
    entry.ready_for_review = ready
    entry.save(update_fields=["ready_for_review", "updated_at"])


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


def schedule_portfolio_review(
    *, cohort: Cohort, number: int, starts_at: datetime, location: str = ""
) -> PortfolioReview:
    """Set the date of the cohort's first or second portfolio review (moving it if already set)."""
    if number not in (1, 2):
        raise ValidationError({"number": "A cohort has two portfolio reviews: the first and the second."})
    review, _ = PortfolioReview.objects.update_or_create(
        cohort=cohort, number=number, defaults={"starts_at": starts_at, "location": location}
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
