from datetime import date, timedelta

import factory
from django.utils import timezone

from portfolios.models import (
    Artifact,
    CheckIn,
    Consultation,
    ConsultationMessage,
    Feedback,
    FeedbackAudience,
    FollowUp,
    MeetingMode,
    MeetingStatus,
    MentorMeeting,
    MidYearEvaluation,
    Portfolio,
    PortfolioReview,
    ProgressReview,
    Reflection,
)

from ..factories import CohortFactory, PairingFactory, UserFactory


class PortfolioFactory(factory.django.DjangoModelFactory):
    """A portfolio of a candidate who is not paired (pass `candidate=` for one who is)."""

    class Meta:
        model = Portfolio

    cohort = factory.SubFactory(CohortFactory)
    candidate = factory.SubFactory(UserFactory)


class ArtifactFactory(factory.django.DjangoModelFactory):
    """An artifact given as a link (no file on disk)."""

    class Meta:
        model = Artifact

    portfolio = factory.SubFactory(PortfolioFactory)
    title = factory.Sequence(lambda n: f"Artifact {n}")
    link = factory.Sequence(lambda n: f"https://docs.example.org/plan-{n}")
    position = factory.Sequence(lambda n: n + 1)


class ReflectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reflection

    portfolio = factory.SubFactory(PortfolioFactory)
    title = factory.Sequence(lambda n: f"Reflection {n}")
    body = "What I learned.\n\nWhat I will do next."
    position = factory.Sequence(lambda n: n + 1)


class MentorMeetingFactory(factory.django.DjangoModelFactory):
    """A video meeting a week ago, logged by the mentor and not yet confirmed."""

    class Meta:
        model = MentorMeeting

    pairing = factory.SubFactory(PairingFactory)
    held_on = factory.LazyFunction(lambda: date.today() - timedelta(days=7))
    duration_minutes = 45
    mode = MeetingMode.VIDEO
    logged_by = factory.LazyAttribute(lambda m: m.pairing.mentor)


class ScheduledMentorMeetingFactory(MentorMeetingFactory):
    """A video meeting set for three days from now, scheduled by the mentor."""

    status = MeetingStatus.SCHEDULED
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    held_on = factory.LazyAttribute(lambda m: m.starts_at.date())
    location = "https://video.example.org/pair"


class ConsultationFactory(factory.django.DjangoModelFactory):
    """A thread with no message yet (pass a paired portfolio and an instructor of the cohort)."""

    class Meta:
        model = Consultation

    portfolio = factory.SubFactory(PortfolioFactory)
    instructor = factory.SubFactory(UserFactory)


class ConsultationMessageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ConsultationMessage

    consultation = factory.SubFactory(ConsultationFactory)
    author = factory.SubFactory(UserFactory)
    body = "How is the candidate doing with the budget assignment?"


class FeedbackFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Feedback

    portfolio = factory.SubFactory(PortfolioFactory)
    audience = FeedbackAudience.MENTOR_TO_CANDIDATE
    author = factory.SubFactory(UserFactory)
    body = factory.Sequence(lambda n: f"Feedback note {n}")


class MidYearEvaluationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MidYearEvaluation

    portfolio = factory.SubFactory(PortfolioFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    created_by = factory.SubFactory(UserFactory)


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    evaluation = factory.SubFactory(MidYearEvaluationFactory)
    description = "Budget narrative needs work"
    owner = factory.LazyAttribute(lambda f: f.evaluation.portfolio.candidate if f.evaluation else None)
    due_on = factory.LazyFunction(lambda: date.today() + timedelta(days=30))


class PortfolioReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PortfolioReview

    cohort = factory.SubFactory(CohortFactory)
    number = 1
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=30))


class ProgressReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgressReview

    portfolio = factory.SubFactory(PortfolioFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    created_by = factory.SubFactory(UserFactory)


class CheckInFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CheckIn

    cohort = factory.SubFactory(CohortFactory)
    starts_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=5))
