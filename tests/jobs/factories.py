import factory

from applications.jobs import SEND_DECISIONS
from cto_mentor.jobs.models import Job

from ..factories import CohortFactory, UserFactory


class JobFactory(factory.django.DjangoModelFactory):
    """Decision e-mails waiting to start."""

    class Meta:
        model = Job

    kind = SEND_DECISIONS
    cohort = factory.SubFactory(CohortFactory)
    requested_by = factory.SubFactory(UserFactory)
