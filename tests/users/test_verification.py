"""Sign-up proves the address: until it is confirmed an account prepares a draft, holds no role, submits
nothing and makes the program e-mail nobody else; and sign-up never tells who has an account."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications import services as application_services
from cohorts import services as cohort_services
from cohorts.models import Invitation, Membership, Role
from cto_mentor.users import services
from cto_mentor.users.models import User

from ..applications.factories import CompleteApplicationFactory, NominationFactory, ResumeFactory
from ..factories import PASSWORD, UserFactory
from .test_accounts import SIGN_UP


@pytest.fixture
def sign_up(client, django_capture_on_commit_callbacks):
    def post(data=SIGN_UP, **extra):
        with django_capture_on_commit_callbacks(execute=True):
            return client.post(reverse("sign_up"), data, **extra)

    return post


def link_in(message) -> str:
    return re.search(r"http://\S+/accounts/confirm/\S+/", message.body).group(0).split("testserver", 1)[-1]


def test_sign_up_creates_an_unconfirmed_account_and_emails_a_link(sign_up, db):
    response = sign_up()
    assert response.status_code == 302 and response.url == reverse("sign_up_sent")
    user = User.objects.get()
    assert (user.email, user.is_verified) == ("new.person@example.org", False)
    assert [m.to for m in mail.outbox] == [["new.person@example.org"]]
    assert mail.outbox[0].subject == "Confirm your e-mail address for the CTO Mentor Program"
    assert "/accounts/confirm/" in mail.outbox[0].body


def test_sign_up_with_a_taken_address_answers_the_same_and_emails_the_owner(sign_up, client, db):
    owner = UserFactory(email="new.person@example.org", first_name="Owner")
    response = sign_up()
    assert response.status_code == 302 and response.url == reverse("sign_up_sent")
    page = client.get(response.url)
    assert "We sent a message to" in page.text
    assert User.objects.count() == 1
    owner.refresh_from_db()
    assert owner.check_password(PASSWORD)
    assert [m.to for m in mail.outbox] == [["new.person@example.org"]]
    assert "already has one" in mail.outbox[0].body


def test_opening_the_link_signed_in_confirms_the_address(sign_up, client, db):
    sign_up()
    user = User.objects.get()
    client.force_login(user)
    response = client.get(link_in(mail.outbox[0]), follow=True)
    assert "your e-mail address is confirmed" in response.text
    user.refresh_from_db()
    assert user.is_verified
    assert client.get(link_in(mail.outbox[0])).status_code == 410  # used


def test_opening_the_link_elsewhere_asks_for_a_password_and_ends_the_impostors_session(
    sign_up, client, django_capture_on_commit_callbacks, db
):
    """An impostor signs up with someone else's address and stays signed in; the owner opens the link."""
    sign_up()
    impostor = User.objects.get()
    impostor_client = type(client)()
    impostor_client.force_login(impostor)
    form = client.get(link_in(mail.outbox[0]))
    assert form.status_code == 200 and "choose the password of this account" in form.text
    response = client.post(
        link_in(mail.outbox[0]),
        {"new_password1": "owners-own-password-77", "new_password2": "owners-own-password-77"},
    )
    assert response.status_code == 302
    owner = User.objects.get()
    assert owner.is_verified and owner.check_password("owners-own-password-77")
    assert impostor_client.get(reverse("profile")).status_code == 302  # signed out


def test_a_wrong_or_used_link_is_refused(client, db):
    user = UserFactory(email_verified_at=None)
    assert client.get(reverse("verify_email", args=["MQ", "nope-token"])).status_code == 410
    link = services.verification_link(user)
    services.confirm_email(user=user)
    assert client.get(link).status_code == 410


def test_an_unconfirmed_account_starts_a_draft_but_cannot_submit(cohort, db):
    applicant = UserFactory(email_verified_at=None)
    application = CompleteApplicationFactory(cohort=cohort, applicant=applicant)
    ResumeFactory(application=application)
    NominationFactory(application=application, submitted_at=timezone.now(), recommendation="Strong.")
    with pytest.raises(ValidationError, match="Confirm your e-mail address"):
        application_services.submit_application(application=application)
    application.refresh_from_db()
    assert application.status == "draft"


def test_an_unconfirmed_account_makes_no_nomination_email(cohort, db):
    application = CompleteApplicationFactory(cohort=cohort, applicant=UserFactory(email_verified_at=None))
    with pytest.raises(ValidationError, match="Confirm your e-mail address"):
        application_services.request_nomination(
            application=application,
            name="Sam Boss",
            title="Superintendent",
            organization="USD",
            email="boss@example.org",
        )
    assert mail.outbox == []


def test_a_role_is_never_given_to_an_unconfirmed_account(cohort, db):
    with pytest.raises(ValidationError, match="not confirmed"):
        cohort_services.add_member(
            cohort=cohort, user=UserFactory(email_verified_at=None), role=Role.REVIEWER
        )
    assert not Membership.objects.exists()


def test_granting_a_role_to_an_unconfirmed_address_invites_it_and_confirming_grants_it(
    cohort, client, member, django_capture_on_commit_callbacks, db
):
    manager = member(Role.PROGRAM_MANAGER)
    person = UserFactory(email="someone@example.org", email_verified_at=None)
    client.force_login(manager)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("cohorts:people", args=[cohort.slug]),
            {"email": "someone@example.org", "role": Role.REVIEWER},
            follow=True,
        )
    assert "has not confirmed their address yet" in response.text
    assert not Membership.objects.filter(user=person).exists()
    assert Invitation.objects.filter(user=person, role=Role.REVIEWER).count() == 1
    invitation_mail = mail.outbox[-1]
    assert invitation_mail.to == ["someone@example.org"]
    assert invitation_mail.subject == f"Confirm your address to become reviewer in {cohort}"
    client.logout()
    client.force_login(person)
    client.get(link_in(invitation_mail))
    assert Membership.objects.filter(user=person, cohort=cohort, role=Role.REVIEWER).exists()
    assert not Invitation.objects.exists()


def test_sign_up_emails_are_limited_per_address(sign_up, db):
    UserFactory(email="new.person@example.org")
    for _ in range(5):
        sign_up()
    assert len(mail.outbox) == 3


def test_sign_up_emails_are_limited_per_client_and_the_limit_passes_with_time(
    db, django_capture_on_commit_callbacks
):
    start = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        for number in range(25):
            services.sign_up(
                email=f"p{number}@example.org", password="x-long-pass-1", client="10.0.0.9", now=start
            )
    assert len(mail.outbox) == 20
    with django_capture_on_commit_callbacks(execute=True):
        services.sign_up(
            email="later@example.org",
            password="x-long-pass-1",
            client="10.0.0.9",
            now=start + timedelta(hours=1, seconds=1),
        )
    assert len(mail.outbox) == 21


def test_sign_up_refuses_a_link_in_a_name(sign_up, db):
    response = sign_up({**SIGN_UP, "first_name": "Win a prize at evil.example"})
    assert response.status_code == 200
    assert "cannot contain a web address" in response.text
    assert 'value="Director of Technology"' in response.text
    assert not User.objects.exists() and mail.outbox == []


def test_home_page_asks_an_unconfirmed_person_to_confirm_and_resends(
    client, django_capture_on_commit_callbacks, db
):
    user = UserFactory(email_verified_at=None)
    client.force_login(user)
    assert "Confirm your e-mail address" in client.get(reverse("home")).text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("resend_verification"), follow=True)
    assert f"We sent a new confirmation link to {user.email}" in response.text
    assert [m.to for m in mail.outbox] == [[user.email]]
