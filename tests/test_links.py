import pytest
from django.urls import reverse

from cto_mentor.links import address_by_id


@pytest.mark.parametrize("pk", [1, 7, 42, 987654321, 123456789012])
def test_address_by_id_is_reverse_of_the_id(pk):
    assert address_by_id("class_sessions:progress", "spring-2030")(pk) == reverse(
        "class_sessions:progress", args=["spring-2030", pk]
    )
    assert address_by_id("class_sessions:submission")(pk) == reverse("class_sessions:submission", args=[pk])


def test_address_by_id_refuses_an_id_that_is_not_a_number():
    with pytest.raises(ValueError):
        address_by_id("class_sessions:submission")("1/../../admin")
