import pytest

from .year import give_evidence as give
from .year import make_year


@pytest.fixture
def year(cohort, people):
    """Classes began 75 days ago, one class session held, the final presentations this morning (commencement
    today), both portfolio reviews held."""
    return make_year(cohort, people["instructor"])


@pytest.fixture
def give_evidence(cohort, year):
    """give_evidence(candidate, skip={...}): the evidence of every responsibility but those named in skip."""
    return lambda candidate, skip=(): give(cohort, year, candidate, skip)
