import pytest
from django.core import mail
from django.urls import reverse

from ..factories import PASSWORD, UserFactory

SIGN_UP = {
    "email": "New.Person@Example.org",
    "first_name": "New",
    "last_name": "Person",
    "title": "Director of Technology",
    "organization": "Sample USD",
    "password1": "a-long-new-password-41",
    "password2": "a-long-new-password-41",
}


def test_sign_up_password_mismatch_is_shown_next_to_the_field(client, db):
    response = client.post(reverse("sign_up"), {**SIGN_UP, "password2": "something-else-entirely"})
    assert response.status_code == 200
    assert "password2" in response.context["form"].errors
    assert 'aria-describedby="id_password2_error' in response.text or "invalid-feedback" in response.text


def test_login_with_email_and_logout(client, db):
    user = UserFactory()
    response = client.post(reverse("login"), {"username": user.email, "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("profile")).status_code == 200
    client.post(reverse("logout"))
    assert client.get(reverse("profile")).status_code == 302


def test_login_wrong_password_is_refused(client, db):
    user = UserFactory()
    response = client.post(reverse("login"), {"username": user.email, "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct" in response.text


def test_password_reset_sends_link_and_same_page_for_unknown_address(
    client, db, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        known = client.post(reverse("password_reset"), {"email": user.email})
        unknown = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert known.status_code == unknown.status_code == 302
    assert known.url == unknown.url
    assert [m.to for m in mail.outbox] == [[user.email]]
    assert "/accounts/password/reset/" in mail.outbox[0].body


def test_profile_edits_only_own_profile(client, db):
    user, other = UserFactory(), UserFactory(organization="Other district")
    client.force_login(user)
    client.post(
        reverse("profile"), {"first_name": "Pat", "last_name": "Lee", "organization": "Mine", "time_zone": ""}
    )
    user.refresh_from_db()
    other.refresh_from_db()
    assert (user.first_name, user.organization) == ("Pat", "Mine")
    assert other.organization == "Other district"


def test_profile_requires_login(client, db):
    response = client.get(reverse("profile"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


PROFILE = {"first_name": "Pat", "last_name": "Lee", "organization": "Mine"}


@pytest.mark.parametrize(
    ("typed", "saved"),
    [
        ("America/New_York", "America/New_York"),
        ("new york", "America/New_York"),
        ("US/Pacific", "US/Pacific"),
    ],
)
def test_profile_time_zone_takes_a_zone_or_its_citys_name(client, db, typed, saved):
    user = UserFactory()
    client.force_login(user)

    response = client.post(reverse("profile"), {**PROFILE, "time_zone": typed})

    assert response.status_code == 302
    user.refresh_from_db()
    assert user.time_zone == saved


def test_profile_time_zone_unknown_is_refused_beside_the_field_and_kept(client, db):
    user = UserFactory(time_zone="Europe/Berlin")
    client.force_login(user)

    response = client.post(reverse("profile"), {**PROFILE, "time_zone": "Atlantis"})

    assert response.status_code == 200
    assert "“Atlantis” is not a time zone we know." in response.text
    assert 'value="Atlantis" list="time-zones"' in response.text
    user.refresh_from_db()
    assert user.time_zone == "Europe/Berlin"


def test_profile_time_zone_box_suggests_the_zones_as_one_types(client, db):
    client.force_login(UserFactory(time_zone="Asia/Tokyo"))

    html = client.get(reverse("profile")).text

    assert 'value="Asia/Tokyo" list="time-zones"' in html
    assert '<datalist id="time-zones">' in html
    assert '<option value="America/Los_Angeles">' in html
    assert "<select" not in html.split('id="id_time_zone"')[0].rsplit("<label", 1)[1]
