"""The demo's mentoring, in the cohort under way: the paired candidate's portfolio, meetings with the mentor,
feedback, the coming mid-year evaluation, a check-in and program feedback, replayed through the services.
Runs once: a second run finds the portfolio's artifacts and adds nothing."""

from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from cohorts.demo import Demo, demo_pdf, steps
from cto_mentor.discovery import Step

from . import services as mentoring
from .models import FeedbackAudience, MeetingMode


def mentoring_so_far(demo: Demo) -> None:
    seed_mentoring(demo.cohorts["under_way"], demo.people, demo.people["manager@example.org"], demo.now)


def seed_mentoring(cohort, people, manager, now) -> None:
    """The cohort under way: the paired candidate's portfolio, meetings with the mentor, feedback, the coming
    mid-year evaluation, a mentor check-in, and program feedback on the sessions held so far."""
    candidate, mentor = people["candidate@example.org"], people["mentor@example.org"]
    portfolio = mentoring.open_portfolio(cohort=cohort, candidate=candidate)
    if portfolio.artifacts.exists():
        return
    sessions = {s.number: s for s in cohort.class_sessions.filter(number__isnull=False)}
    plan = mentoring.save_artifact(
        portfolio=portfolio,
        title="District technology plan 2026–2029",
        link="https://docs.example.org/tech-plan",
        description="The three-year plan I drafted with the cabinet.",
        session=sessions[1],
    )
    budget = mentoring.save_artifact(
        portfolio=portfolio,
        title="Budget narrative",
        upload=demo_pdf("Budget narrative"),
        description="Written for session 3's prerequisite assignment.",
        session=sessions[3],
    )
    mentoring.save_reflection(
        portfolio=portfolio,
        title="What strategic planning taught me",
        artifact=plan,
        body="Planning with the cabinet showed me how to tie each project to a learning goal.\n\n"
        "Next: measure the plan's progress each quarter.",
    )
    mentoring.save_reflection(
        portfolio=portfolio,
        title="The whole program so far",
        body="Four sessions in, the biggest change is how I talk about budgets with non-technical leaders.",
    )
    mentoring.mark_ready(entry=plan, ready=True)
    mentoring.mark_ready(entry=budget, ready=True)

    pairing = cohort.pairings.get(candidate=candidate)
    today = timezone.localdate(now, cohort.tz)
    for weeks_ago, mode, notes in [
        (9, MeetingMode.FACE_TO_FACE, "Set goals for the year."),
        (5, MeetingMode.VIDEO, "Reviewed the budget narrative before submitting."),
        (2, MeetingMode.PHONE, "Talked through the security assessment's revision."),
    ]:
        meeting = mentoring.log_meeting(
            pairing=pairing,
            logged_by=mentor,
            held_on=today - timedelta(weeks=weeks_ago),
            duration_minutes=60,
            mode=mode,
            notes=notes,
            reviewed_progress=True,
            reviewed_assignments=True,
            reviewed_portfolio=weeks_ago < 6,
            today=today,
            follow_ups=[("Add recovery time objectives to the assessment", today + timedelta(days=5))]
            if weeks_ago == 2
            else [],
        )
        if weeks_ago > 2:
            mentoring.confirm_meeting(meeting=meeting, user=candidate, now=now)
    mentoring.give_feedback(
        portfolio=portfolio,
        author=mentor,
        audience=FeedbackAudience.MENTOR_TO_CANDIDATE,
        body="Your budget narrative was persuasive; keep that voice in the final presentation.",
    )
    mentoring.give_feedback(
        portfolio=portfolio,
        author=mentor,
        audience=FeedbackAudience.MENTOR_TO_MANAGER,
        body="Carla is on track; she could use more exposure to board presentations.",
    )
    mentoring.schedule_evaluation(
        portfolio=portfolio, actor=manager, location="Video call", starts_at=now + timedelta(days=10)
    )
    seed_mentor_duties(portfolio, pairing, people, now)
    check_in = mentoring.schedule_check_in(
        cohort=cohort,
        starts_at=now - timedelta(weeks=4),
        location="Video call",
        agenda="How the first sessions went.",
    )
    mentoring.record_check_in(
        check_in=check_in, attendees=[mentor], notes="Mentors agreed to meet every other week."
    )
    mentoring.schedule_portfolio_review(
        cohort=cohort, number=1, starts_at=now + timedelta(weeks=6), location="Sacramento area"
    )
    # Two candidates are too few to keep answers anonymous: the manager's page says so for every session.
    for session, rating in [(sessions[1], 5), (sessions[2], 4), (sessions[3], 4)]:
        mentoring.give_program_feedback(
            cohort=cohort,
            candidate=candidate,
            session=session,
            rating=rating,
            comment="Practical and well paced.",
        )


def seed_mentor_duties(portfolio, pairing, people, now) -> None:
    """A meeting scheduled for next week, an instructor consulted and answering, and work study supervised."""
    candidate, mentor = pairing.candidate, pairing.mentor
    today = timezone.localdate(now, portfolio.cohort.tz)
    next_week = datetime.combine(today + timedelta(days=6), time(16, 30), tzinfo=portfolio.cohort.tz)
    mentoring.schedule_meeting(
        pairing=pairing,
        scheduled_by=candidate,
        starts_at=next_week,
        duration_minutes=45,
        mode=MeetingMode.VIDEO,
        location="https://video.example.org/carla-and-mentor",
        now=now,
    )
    instructor = people["instructor@example.org"]
    question = mentoring.consult_instructor(
        portfolio=portfolio,
        mentor=mentor,
        instructor=instructor,
        body="Carla's budget narrative came back for revision: what should she focus on?",
    )
    mentoring.reply_to_consultation(
        consultation=question.consultation,
        author=instructor,
        body="The revenue assumptions; the rest is strong.",
    )
    mentoring.record_work_study(
        portfolio=portfolio,
        mentor=mentor,
        supervised_on=today - timedelta(weeks=3),
        hours=Decimal("3"),
        supervised="The network refresh bid review, from the request for proposals to the board memo.",
        today=today,
    )


# Artifacts and program feedback name the cohort's class sessions.
steps.register(Step("portfolios.mentoring", mentoring_so_far, after=("sessions.schedule",)))
