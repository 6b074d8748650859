from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from cohorts.models import Cohort, Membership, Pairing, Program, Role
from cto_mentor.users.models import User
from sessions.models import ClassSession, Meeting, SessionKind, Topic

PACIFIC = ZoneInfo("America/Los_Angeles")
PASSWORD = "a-test-password-9"


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    organization = "Sample Unified School District"
    password = factory.django.Password(PASSWORD)
    email_verified_at = factory.LazyFunction(timezone.now)


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program
        django_get_or_create = ["slug"]

    name = "CTO Mentor Program"
    slug = "cto-mentor"
    organization = "CETPA"


class CohortFactory(factory.django.DjangoModelFactory):
    """A cohort whose application window is open now and whose classes start in about four months."""

    class Meta:
        model = Cohort

    program = factory.SubFactory(ProgramFactory)
    name = factory.Sequence(lambda n: f"Cohort {2030 + n}")
    slug = factory.Sequence(lambda n: f"cohort-{n}")
    applications_open = factory.LazyFunction(lambda: timezone.now() - timedelta(days=10))
    applications_close = factory.LazyFunction(
        lambda: datetime.combine(timezone.localdate() + timedelta(days=20), time(17), tzinfo=PACIFIC)
    )
    selection_date = factory.LazyAttribute(lambda c: c.applications_close.date() + timedelta(days=30))
    notification_date = factory.LazyAttribute(lambda c: c.selection_date + timedelta(days=7))
    classes_start = factory.LazyAttribute(lambda c: c.notification_date + timedelta(days=90))
    commencement = factory.LazyAttribute(lambda c: c.classes_start + timedelta(days=280))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    cohort = factory.SubFactory(CohortFactory)
    user = factory.SubFactory(UserFactory)
    role = Role.CANDIDATE


class PairingFactory(factory.django.DjangoModelFactory):
    """A pair whose mentor and candidate hold those roles in the cohort."""

    class Meta:
        model = Pairing

    cohort = factory.SubFactory(CohortFactory)
    mentor = factory.LazyAttribute(lambda p: MembershipFactory(cohort=p.cohort, role=Role.MENTOR).user)
    candidate = factory.LazyAttribute(lambda p: MembershipFactory(cohort=p.cohort, role=Role.CANDIDATE).user)


class ClassSessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ClassSession

    cohort = factory.SubFactory(CohortFactory)
    kind = SessionKind.CLASS
    number = factory.Sequence(lambda n: n % 30000 + 1)
    title = factory.Faker("catch_phrase")


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Topic

    session = factory.SubFactory(ClassSessionFactory)
    name = factory.Sequence(lambda n: f"Topic {n}")


class MeetingFactory(factory.django.DjangoModelFactory):
    """A Saturday class day, 8:00 to 16:00 Pacific, a week from now."""

    class Meta:
        model = Meeting

    session = factory.SubFactory(ClassSessionFactory)
    starts_at = factory.LazyFunction(
        lambda: datetime.combine(date.today() + timedelta(days=7), time(8), tzinfo=PACIFIC)
    )
    ends_at = factory.LazyAttribute(lambda m: m.starts_at + timedelta(hours=8))
    location = "Sacramento, CA"
