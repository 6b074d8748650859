from decimal import Decimal

import pytest
from django.template.defaultfilters import floatformat
from django.urls import reverse

from applications.tables import score, urls_of


@pytest.mark.parametrize("name", ["applications:detail", "applications:offer", "applications:contract"])
def test_urls_of_gives_what_reverse_gives(name):
    assert [urls_of(name)(pk) for pk in (7, 10, 12345)] == [reverse(name, args=[pk]) for pk in (7, 10, 12345)]


@pytest.mark.parametrize(
    "value",
    [None, Decimal("2.125"), Decimal("4.005"), Decimal("1.995"), Decimal("3.2266666666666667"), 2.125, 3],
)
def test_score_shows_what_floatformat_2_shows(value):
    assert score(value) == (floatformat(value, 2) if value is not None else "—")
