from datetime import timedelta

import factory
from django.utils import timezone

from sessions.models import Assignment, Attendance, AttendanceStatus, Presentation, Submission

from ..factories import ClassSessionFactory, MeetingFactory, UserFactory


class AssignmentFactory(factory.django.DjangoModelFactory):
    """Due two days from now; give the session a meeting later than that."""

    class Meta:
        model = Assignment

    session = factory.SubFactory(ClassSessionFactory)
    title = factory.Sequence(lambda n: f"Reading {n}")
    instructions = "Read the district's strategic plan and write one page on its technology goals."
    due_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=2))


class SubmissionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Submission

    assignment = factory.SubFactory(AssignmentFactory)
    candidate = factory.SubFactory(UserFactory)
    version = 1
    text = "My answer."
    submitted_at = factory.LazyFunction(timezone.now)


class AttendanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Attendance

    meeting = factory.SubFactory(MeetingFactory)
    person = factory.SubFactory(UserFactory)
    status = AttendanceStatus.PRESENT
    recorded_at = factory.LazyFunction(timezone.now)


class PresentationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Presentation

    session = factory.SubFactory(ClassSessionFactory)
    candidate = factory.SubFactory(UserFactory)
    topic = "Our one-to-one device rollout"
