"""A class year that ends today, and every piece of evidence of the ten responsibilities for a candidate (or
every piece but some): shared by these tests and the browser journey."""

from datetime import datetime, time, timedelta

from django.utils import timezone

from cohorts.models import Pairing
from portfolios.models import FeedbackReceipt
from sessions.models import AttendanceStatus, Grade, PresentationKind, PresentationResult, SessionKind

from ..class_sessions.factories import (
    AssignmentFactory,
    AttendanceFactory,
    PresentationFactory,
    SubmissionFactory,
)
from ..factories import ClassSessionFactory, MeetingFactory, PairingFactory
from ..portfolios.factories import (
    ArtifactFactory,
    MentorMeetingFactory,
    PortfolioFactory,
    PortfolioReviewFactory,
    ProgressReviewFactory,
    ReflectionFactory,
)

EVERYTHING = {
    "attendance",
    "mentor",
    "assignment",
    "class_presentation",
    "portfolio",
    "reviews",
    "final",
    "feedback",
}


def make_year(cohort, instructor) -> dict:
    """The cohort's year: classes began 75 days ago, one class session held, the final presentations this
    morning (commencement today), both portfolio reviews held."""
    now = timezone.now()
    today = timezone.localdate(now, cohort.tz)
    cohort.classes_start, cohort.commencement = today - timedelta(days=75), today
    cohort.save(update_fields=["classes_start", "commencement"])
    session = ClassSessionFactory(cohort=cohort, number=1, title="Leadership and Strategic Planning")
    session.instructors.add(instructor)
    held = MeetingFactory(
        session=session, starts_at=datetime.combine(today - timedelta(days=60), time(8), tzinfo=cohort.tz)
    )
    final = ClassSessionFactory(
        cohort=cohort, kind=SessionKind.FINAL, number=None, title="Final presentations"
    )
    MeetingFactory(session=final, starts_at=now - timedelta(hours=3))
    assignment = AssignmentFactory(
        session=session, title="Strategic plan memo", due_at=held.starts_at - timedelta(days=2)
    )
    for number in (1, 2):
        PortfolioReviewFactory(cohort=cohort, number=number, starts_at=now - timedelta(days=40 - number * 10))
    return {"now": now, "session": session, "meeting": held, "final": final, "assignment": assignment}


def give_evidence(cohort, year: dict, candidate, skip=()):
    """The evidence of every responsibility but those named in `skip`; returns the candidate's portfolio."""
    parts = EVERYTHING - set(skip)
    portfolio = PortfolioFactory(cohort=cohort, candidate=candidate)
    if "attendance" in parts:
        AttendanceFactory(meeting=year["meeting"], person=candidate, status=AttendanceStatus.PRESENT)
    if "mentor" in parts:
        pairing = Pairing.objects.filter(cohort=cohort, candidate=candidate).first()
        pairing = pairing or PairingFactory(cohort=cohort, candidate=candidate)
        month = cohort.classes_start.replace(day=1)
        while month < cohort.commencement.replace(day=1):
            MentorMeetingFactory(
                pairing=pairing, held_on=max(month, cohort.classes_start), confirmed_at=year["now"]
            )
            month = (month + timedelta(days=32)).replace(day=1)
    if "assignment" in parts:
        SubmissionFactory(
            assignment=year["assignment"],
            candidate=candidate,
            submitted_at=year["assignment"].due_at - timedelta(days=1),
            grade=Grade.PASS,
        )
    if "class_presentation" in parts:
        PresentationFactory(session=year["session"], candidate=candidate, result=PresentationResult.PASS)
    if "final" in parts:
        PresentationFactory(
            session=year["final"],
            candidate=candidate,
            kind=PresentationKind.FINAL,
            result=PresentationResult.PASS,
        )
    if "portfolio" in parts:
        ArtifactFactory(
            portfolio=portfolio,
            session=year["session"],
            title="District technology plan",
            ready_for_review=True,
        )
        ReflectionFactory(
            portfolio=portfolio,
            session=year["session"],
            title="What the plan taught me",
            ready_for_review=True,
        )
    if "reviews" in parts:
        ProgressReviewFactory(portfolio=portfolio, starts_at=year["now"] - timedelta(days=20))
    if "feedback" in parts:
        FeedbackReceipt.objects.create(cohort=cohort, session=None, candidate=candidate)
    return portfolio
