"""One world with one object of each kind, and one person for each role the permission matrix checks.

Cohort "main" holds everything; "other" is a second cohort with a reviewer of its own. The instructor teaches
session 1, the other instructor session 2 only; the mentor is paired with the candidate, the other mentor with
the other candidate. The applicant has a submitted candidate application (accepted, decision sent, with a
resume, a nomination and a review assigned to the reviewer) and a mentor application still in draft.
"""

from datetime import date, timedelta
from types import SimpleNamespace

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from applications.jobs import EXPORT_APPLICATIONS
from applications.models import Answer, AnswerFile, Decision, Kind, Question, QuestionType, Status
from cohorts.models import ContractDocument, ContractStatus, Membership, MentorContract, Role
from cto_mentor.jobs.models import Job
from cto_mentor.jobs.models import State as JobState
from cto_mentor.notifications.models import Message
from cto_mentor.uploads import PDF
from sessions.models import AssignmentAttachment, CalendarFeed, SubmissionFile

from ..applications.factories import (
    AvailabilityFactory,
    CompleteApplicationFactory,
    CriterionFactory,
    ExtensionFactory,
    NominationFactory,
    ResumeFactory,
    ReviewFactory,
)
from ..class_sessions.factories import (
    AssignmentFactory,
    AttendanceFactory,
    PresentationFactory,
    SubmissionFactory,
)
from ..factories import (
    ClassSessionFactory,
    CohortFactory,
    MeetingFactory,
    MembershipFactory,
    PairingFactory,
    UserFactory,
)
from ..files import pdf_bytes
from ..portfolios.factories import (
    ArtifactFactory,
    CheckInFactory,
    ConsultationFactory,
    FeedbackFactory,
    FollowUpFactory,
    MentorMeetingFactory,
    MidYearEvaluationFactory,
    PortfolioFactory,
    PortfolioReviewFactory,
    ProgressReviewFactory,
    ReflectionFactory,
    ScheduledMentorMeetingFactory,
)
from ..services import private_cluster, private_postgres, private_redis  # noqa: F401 - for fault tests

ROLES = [
    "anonymous",
    "applicant",
    "nominator",
    "reviewer_of_other_cohort",
    "reviewer",
    "instructor_of_other_session",
    "instructor",
    "mentor_of_other_candidate",
    "mentor",
    "candidate",
    "other_candidate",
    "program_manager",
]
NOMINATION_TOKEN = "the-nominators-own-link-token-0123456789"
FEED_TOKEN = "the-candidates-calendar-feed-token-0123456789"


def pdf_file(name="file.pdf"):
    return ContentFile(pdf_bytes(), name=name)


@pytest.fixture
def world(db):
    main, other = CohortFactory(slug="main"), CohortFactory(slug="other")

    def member(role, cohort=main, **fields):
        return MembershipFactory(cohort=cohort, role=role, user=UserFactory(**fields)).user

    pairing = PairingFactory(cohort=main)
    other_pairing = PairingFactory(cohort=main)
    people = {
        "anonymous": None,
        "applicant": UserFactory(),
        "nominator": None,  # no account: the e-mailed link is their only key
        "reviewer_of_other_cohort": member(Role.REVIEWER, other),
        "reviewer": member(Role.REVIEWER),
        "instructor_of_other_session": member(Role.INSTRUCTOR),
        "instructor": member(Role.INSTRUCTOR),
        "mentor_of_other_candidate": other_pairing.mentor,
        "mentor": pairing.mentor,
        "candidate": pairing.candidate,
        "other_candidate": other_pairing.candidate,
        "program_manager": member(Role.PROGRAM_MANAGER),
    }
    candidate, manager = people["candidate"], people["program_manager"]
    spare = MembershipFactory(cohort=main, role=Role.REVIEWER)

    # Intake
    application = CompleteApplicationFactory(
        cohort=main,
        applicant=people["applicant"],
        kind=Kind.MENTOR,
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
        decision=Decision.ACCEPTED,
        decision_sent_at=timezone.now(),
    )
    ResumeFactory(application=application)
    draft = CompleteApplicationFactory(cohort=main, applicant=people["applicant"], kind=Kind.CANDIDATE)
    ResumeFactory(application=draft)
    NominationFactory(application=draft, token=NOMINATION_TOKEN)
    criterion = CriterionFactory(cohort=main)
    review = ReviewFactory(application=application, reviewer=people["reviewer"], assigned_by=manager)
    ExtensionFactory(cohort=main, applicant=people["applicant"], granted_by=manager)
    plan = Question.objects.create(
        cohort=main, kind=Kind.MENTOR, label="Technology plan", type=QuestionType.FILE
    )
    plan_answer = Answer.objects.create(application=application, question=plan, value="plan.pdf")
    AnswerFile.objects.create(
        answer=plan_answer,
        file=ContentFile(pdf_bytes(), name="plan.pdf"),
        original_name="plan.pdf",
        content_type=PDF.mime,
        size=len(pdf_bytes()),
    )

    # Class year
    session = ClassSessionFactory(cohort=main, number=1)
    session.instructors.add(people["instructor"])
    other_session = ClassSessionFactory(cohort=main, number=2)
    other_session.instructors.add(people["instructor_of_other_session"])
    # Under way since an hour: its roll call is open (attendance is taken once a meeting has started).
    meeting = MeetingFactory(session=session, starts_at=timezone.now() - timedelta(hours=1))
    AvailabilityFactory(application=application, meeting=meeting)
    AttendanceFactory(meeting=meeting, person=candidate)
    assignment = AssignmentFactory(session=session, created_by=people["instructor"])
    attachment = AssignmentAttachment.objects.create(
        assignment=assignment, file=pdf_file(), original_name="reading.pdf", content_type=PDF.mime, size=10
    )
    submission = SubmissionFactory(assignment=assignment, candidate=candidate)
    submission_file = SubmissionFile.objects.create(
        submission=submission, file=pdf_file(), original_name="answer.pdf", content_type=PDF.mime, size=10
    )
    presentation = PresentationFactory(session=session, candidate=candidate)
    CalendarFeed.objects.create(user=candidate, token_hash=CalendarFeed.hash_token(FEED_TOKEN))

    # Portfolio and mentoring
    portfolio = PortfolioFactory(cohort=main, candidate=candidate)
    PortfolioFactory(cohort=main, candidate=people["other_candidate"])
    artifact = ArtifactFactory(
        portfolio=portfolio,
        link="",
        file=pdf_file(),
        original_name="plan.pdf",
        content_type=PDF.mime,
        size=10,
        ready_for_review=True,  # a draft is the candidate's alone (tests/portfolios/test_entry_privacy.py)
    )
    reflection = ReflectionFactory(portfolio=portfolio)
    mentor_meeting = MentorMeetingFactory(pairing=pairing, held_on=date.today() - timedelta(days=3))
    follow_up = FollowUpFactory(meeting=mentor_meeting, evaluation=None, owner=candidate)
    scheduled_meeting = ScheduledMentorMeetingFactory(pairing=pairing)
    consultation = ConsultationFactory(portfolio=portfolio, instructor=people["instructor"])
    FeedbackFactory(portfolio=portfolio, author=people["mentor"])
    evaluation = MidYearEvaluationFactory(portfolio=portfolio, created_by=manager, mentor=people["mentor"])
    progress_review = ProgressReviewFactory(portfolio=portfolio, created_by=manager)
    portfolio_review = PortfolioReviewFactory(cohort=main)
    check_in = CheckInFactory(cohort=main)

    contract = MentorContract.objects.create(
        cohort=main, mentor=people["mentor"], status=ContractStatus.SIGNED, status_on=date.today()
    )
    ContractDocument.objects.create(
        contract=contract, file=pdf_file(), original_name="contract.pdf", content_type=PDF.mime, size=10
    )

    message = Message.objects.create(
        key="security-world-message",
        notice="pairing_made",
        cohort=main,
        recipient=candidate,
        to_email=candidate.email,
        subject="You have a mentor",
        body_text="Hello",
        body_html="<p>Hello</p>",
    )
    job = Job.objects.create(
        kind=EXPORT_APPLICATIONS,
        state=JobState.DONE,
        cohort=main,
        requested_by=manager,
        file=ContentFile(b"Applicant,Status\n", name="export.csv"),
        original_name="applications.csv",
        content_type="text/csv",
    )
    return SimpleNamespace(
        job=job,
        people=people,
        cohort=main,
        other_cohort=other,
        spare_membership=spare,
        application=application,
        draft=draft,
        criterion=criterion,
        question=plan,
        review=review,
        session=session,
        other_session=other_session,
        meeting=meeting,
        assignment=assignment,
        attachment=attachment,
        submission=submission,
        submission_file=submission_file,
        presentation=presentation,
        portfolio=portfolio,
        artifact=artifact,
        reflection=reflection,
        mentor_meeting=mentor_meeting,
        follow_up=follow_up,
        scheduled_meeting=scheduled_meeting,
        consultation=consultation,
        evaluation=evaluation,
        progress_review=progress_review,
        portfolio_review=portfolio_review,
        check_in=check_in,
        message=message,
        reset_uid=urlsafe_base64_encode(force_bytes(candidate.pk)),
        membership=Membership.objects.get(cohort=main, user=candidate, role=Role.CANDIDATE),
    )
