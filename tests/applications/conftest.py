import pytest
from django.utils import timezone

from applications.models import Kind, Status

from .factories import CompleteApplicationFactory, NominationFactory, ResumeFactory


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Runs the after-commit callbacks (the outbox's send tasks, in-process) of what happens inside it."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


@pytest.fixture
def ready(cohort):
    """ready(applicant=None, kind=candidate, **fields) -> a draft with every part in, not yet submitted."""

    def make(applicant=None, kind=Kind.CANDIDATE, in_cohort=None, **fields):
        extra = {"applicant": applicant} if applicant else {}
        if kind == Kind.MENTOR:
            extra.update(
                hands_on_experience="Ran the district network for 12 years.",
                qualification="MBA",
                willing_to_contract=True,
                kickoff_available=True,
            )
        application = CompleteApplicationFactory(cohort=in_cohort or cohort, kind=kind, **extra, **fields)
        ResumeFactory(application=application)
        if kind == Kind.CANDIDATE:
            NominationFactory(application=application, submitted_at=timezone.now(), recommendation="Strong.")
        return application

    return make


@pytest.fixture
def submitted(ready):
    """submitted(**like ready) -> an application with every part in, submitted."""

    def make(**kwargs):
        application = ready(**kwargs)
        application.status, application.submitted_at = Status.SUBMITTED, timezone.now()
        application.save(update_fields=["status", "submitted_at"])
        return application

    return make
