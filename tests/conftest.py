import pytest
from django.core.cache import cache

from cohorts.models import Role
from cto_mentor import broker, figures

from .factories import CohortFactory, MembershipFactory, PairingFactory, UserFactory


@pytest.fixture(autouse=True)
def broker_tried_afresh():
    """A test that makes the broker fail pauses hand-overs in this process; the next test starts afresh."""
    yield
    broker.reset()


@pytest.fixture
def cohort(db):
    return CohortFactory()


@pytest.fixture
def member(cohort):
    """member(role) -> a new user holding that role in `cohort`."""

    def make(role, in_cohort=None):
        return MembershipFactory(cohort=in_cohort or cohort, role=role).user

    return make


@pytest.fixture
def people(cohort, member):
    """One person for each role of the cohort, a paired mentor and candidate, and outsiders."""
    pairing = PairingFactory(cohort=cohort)
    other_cohort = CohortFactory()
    return {
        "program_manager": member(Role.PROGRAM_MANAGER),
        "reviewer": member(Role.REVIEWER),
        "instructor": member(Role.INSTRUCTOR),
        "mentor": pairing.mentor,
        "candidate": pairing.candidate,
        "other_candidate": member(Role.CANDIDATE),
        "other_mentor": member(Role.MENTOR),
        "manager_of_other_cohort": member(Role.PROGRAM_MANAGER, in_cohort=other_cohort),
        "applicant": UserFactory(),
    }


@pytest.fixture(autouse=True)
def figures_counted_afresh(settings):
    """Figures kept in the cache belong to one test: the in-process cache is emptied after each (on Redis,
    tests/settings.py gives each run its own key prefix, and row ids are not reused)."""
    yield
    figures.reset()
    if not settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        cache.clear()
