import pytest

from cohorts.models import Pairing

from .factories import PortfolioFactory


@pytest.fixture
def pairing(people, cohort):
    return Pairing.objects.get(cohort=cohort, candidate=people["candidate"])


@pytest.fixture
def portfolio(people, cohort):
    """The portfolio of the paired candidate of `people`."""
    return PortfolioFactory(cohort=cohort, candidate=people["candidate"])
