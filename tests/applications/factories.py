from datetime import timedelta

import factory
from django.utils import timezone

from applications.models import (
    Application,
    Availability,
    Criterion,
    Extension,
    Kind,
    Nomination,
    Resume,
    Review,
    Status,
)
from cto_mentor.uploads import PDF

from ..factories import CohortFactory, MeetingFactory, UserFactory
from ..files import pdf_bytes


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A draft candidate application with nothing filled in."""

    class Meta:
        model = Application

    cohort = factory.SubFactory(CohortFactory)
    applicant = factory.SubFactory(UserFactory)
    kind = Kind.CANDIDATE


class CompleteApplicationFactory(ApplicationFactory):
    """A candidate draft whose form part is answered (resume, nomination and availability are separate)."""

    current_position = "Director of Technology"
    organization = "Sample Unified School District"
    years_in_k12_technology = 8
    education = "M.A. Educational Technology"
    certifications = "None"
    leadership_experience = "Led the district's 1:1 device rollout."
    goals_statement = "Become a chief technology officer."
    form_completed_at = factory.LazyFunction(timezone.now)


class ResumeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Resume

    application = factory.SubFactory(ApplicationFactory)
    file = factory.django.FileField(filename="resume.pdf", data=pdf_bytes())
    original_name = "resume.pdf"
    content_type = PDF.mime
    size = len(pdf_bytes())


class NominationFactory(factory.django.DjangoModelFactory):
    """A requested nomination; pass `token=` to know the link's token."""

    class Meta:
        model = Nomination

    class Params:
        token = factory.Sequence(lambda n: f"nomination-token-{n}")

    application = factory.SubFactory(ApplicationFactory)
    nominator_name = "Pat Supervisor"
    nominator_title = "Assistant Superintendent"
    nominator_organization = "Sample Unified School District"
    nominator_email = factory.Sequence(lambda n: f"supervisor{n}@example.org")
    token_hash = factory.LazyAttribute(lambda o: Nomination.hash_token(o.token))
    expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=14))
    requests_sent = 1


class AvailabilityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Availability

    application = factory.SubFactory(ApplicationFactory)
    meeting = factory.SubFactory(
        MeetingFactory, session__cohort=factory.SelfAttribute("...application.cohort")
    )
    available = True


class ExtensionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Extension

    cohort = factory.SubFactory(CohortFactory)
    applicant = factory.SubFactory(UserFactory)
    until = factory.LazyAttribute(lambda e: e.cohort.applications_close + timedelta(days=3))
    reason = "Family emergency during the last week."
    granted_by = factory.SubFactory(UserFactory)


class CriterionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Criterion

    cohort = factory.SubFactory(CohortFactory)
    name = factory.Sequence(lambda n: f"Criterion {n}")
    weight = 1


class ReviewFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Review

    application = factory.SubFactory(ApplicationFactory, status=Status.SUBMITTED)
    reviewer = factory.SubFactory(UserFactory)
