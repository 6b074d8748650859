import factory

from cto_mentor.jobs.models import Job, Kind

from ..factories import CohortFactory, UserFactory


class JobFactory(factory.django.DjangoModelFactory):
    """Decision e-mails waiting to start."""

    class Meta:
        model = Job

    kind = Kind.SEND_DECISIONS
    cohort = factory.SubFactory(CohortFactory)
    requested_by = factory.SubFactory(UserFactory)
