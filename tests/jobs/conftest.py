import pytest

from applications import services as application_services
from applications.models import Decision, Status

from ..applications.factories import CompleteApplicationFactory


@pytest.fixture
def decided(cohort):
    """decided(n) -> n submitted applications of `cohort`, accepted, their e-mails not yet sent."""

    def make(n):
        applications = [CompleteApplicationFactory(cohort=cohort, status=Status.SUBMITTED) for _ in range(n)]
        for application in applications:
            application_services.decide(
                application=application, decision=Decision.ACCEPTED, reason="", actor=None
            )
        return applications

    return make


# The real worker, broker and mail folder of the outbox's worker tests (the PostgreSQL + Redis leg only).
from ..notifications.conftest import app_env, mail_dir, processes, real_broker  # noqa: E402, F401
