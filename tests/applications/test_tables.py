import pytest
from django.urls import reverse

from applications.tables import urls_of


@pytest.mark.parametrize("name", ["applications:detail", "applications:offer", "applications:contract"])
def test_urls_of_gives_what_reverse_gives(name):
    assert [urls_of(name)(pk) for pk in (7, 10, 12345)] == [reverse(name, args=[pk]) for pk in (7, 10, 12345)]
