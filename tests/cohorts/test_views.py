import pytest
from django.urls import reverse

from cohorts.models import Membership, Role

from ..factories import MeetingFactory, UserFactory

REFUSED = [
    "applicant",
    "reviewer",
    "instructor",
    "mentor",
    "candidate",
    "other_candidate",
    "manager_of_other_cohort",
]


def test_timeline_is_public_and_names_the_time_zone(client, cohort):
    meeting = MeetingFactory(session__cohort=cohort)
    response = client.get(cohort.get_absolute_url())
    assert response.status_code == 200
    assert "America/Los_Angeles" in response.text
    assert meeting.session.title in response.text


def test_timeline_of_missing_cohort_is_404(client, db):
    assert client.get(reverse("cohorts:detail", args=["nope"])).status_code == 404


def test_people_page_anonymous_goes_to_login(client, cohort):
    response = client.get(reverse("cohorts:people", args=[cohort.slug]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize("role", REFUSED)
def test_people_page_refused_to_everyone_but_the_cohorts_manager(client, cohort, people, role):
    client.force_login(people[role])
    url = reverse("cohorts:people", args=[cohort.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"email": people["applicant"].email, "role": Role.REVIEWER}).status_code == 404
    assert not Membership.objects.filter(user=people["applicant"]).exists()


def test_people_page_manager_adds_a_reviewer(client, cohort, people):
    client.force_login(people["program_manager"])
    url = reverse("cohorts:people", args=[cohort.slug])
    response = client.post(
        url, {"email": people["applicant"].email.upper(), "role": Role.REVIEWER}, follow=True
    )
    assert response.status_code == 200
    assert Membership.objects.filter(cohort=cohort, user=people["applicant"], role=Role.REVIEWER).exists()
    assert "is now reviewer" in response.text


def test_people_page_unknown_address_is_explained_and_kept(client, cohort, people):
    client.force_login(people["program_manager"])
    response = client.post(
        reverse("cohorts:people", args=[cohort.slug]), {"email": "nobody@example.org", "role": "reviewer"}
    )
    assert response.status_code == 200
    assert "Ask the person to sign up first" in response.text
    assert 'value="nobody@example.org"' in response.text


@pytest.mark.parametrize("role", REFUSED)
def test_remove_member_refused_to_others(client, cohort, people, role):
    membership = Membership.objects.get(cohort=cohort, user=people["reviewer"])
    client.force_login(people[role])
    response = client.post(reverse("cohorts:remove_member", args=[cohort.slug, membership.pk]))
    assert response.status_code == 404
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_remove_member_by_manager(client, cohort, people):
    membership = Membership.objects.get(cohort=cohort, user=people["reviewer"])
    client.force_login(people["program_manager"])
    client.post(reverse("cohorts:remove_member", args=[cohort.slug, membership.pk]))
    assert not Membership.objects.filter(pk=membership.pk).exists()


def test_remove_member_of_another_cohort_is_404(client, cohort, people):
    stranger = Membership.objects.get(user=people["manager_of_other_cohort"])
    client.force_login(people["program_manager"])
    response = client.post(reverse("cohorts:remove_member", args=[cohort.slug, stranger.pk]))
    assert response.status_code == 404


def test_remove_paired_mentor_shows_why(client, cohort, people):
    membership = Membership.objects.get(cohort=cohort, user=people["mentor"])
    client.force_login(people["program_manager"])
    response = client.post(reverse("cohorts:remove_member", args=[cohort.slug, membership.pk]), follow=True)
    assert "remove the pairing first" in response.text
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_home_shows_each_role_what_comes_next(client, cohort, people):
    MeetingFactory(session__cohort=cohort, session__title="Fiscal Management")
    client.force_login(people["candidate"])
    page = client.get(reverse("home")).text
    assert "Fiscal Management" in page
    assert str(people["mentor"]) in page
    client.force_login(people["mentor"])
    assert str(people["candidate"]) in client.get(reverse("home")).text
    client.force_login(people["program_manager"])
    assert "People and pairings" in client.get(reverse("home")).text


def test_home_anonymous_lists_open_cohorts(client, cohort):
    page = client.get(reverse("home")).text
    assert f"Applications are open: {cohort}" in page


def test_home_applicant_sees_deadline_in_own_time_zone_too(client, cohort):
    applicant = UserFactory(time_zone="America/New_York")
    client.force_login(applicant)
    page = client.get(reverse("home")).text
    assert "5 p.m. P" in page  # PST or PDT, by the date
    assert "8 p.m. E" in page and "your time" in page
