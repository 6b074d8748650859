import pytest

from ..factories import ClassSessionFactory, MeetingFactory


@pytest.fixture
def session(cohort, people):
    """A class session of the cohort, taught by people["instructor"], with one meeting a week from now."""
    session = ClassSessionFactory(cohort=cohort, number=3, title="Fiscal Management")
    session.instructors.add(people["instructor"])
    return session


@pytest.fixture
def meeting(session):
    return MeetingFactory(session=session)


@pytest.fixture
def other_session(cohort):
    """A session of the same cohort that people["instructor"] does not teach."""
    session = ClassSessionFactory(cohort=cohort, number=4, title="Security Fundamentals")
    MeetingFactory(session=session)
    return session
