import re
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import expect

from applications.models import Application
from cohorts.models import Role
from cto_mentor.users.models import User

from ..factories import MeetingFactory, PairingFactory, UserFactory


def test_applicant_signs_up_confirms_the_address_and_starts_an_application(
    page, live_server, cohort, screenshot
):
    page.goto(live_server.url)
    expect(page.get_by_role("heading", name=f"Applications are open: {cohort}")).to_be_visible()
    page.get_by_role("link", name="Create an account to apply").click()
    page.get_by_label("E-mail address").fill("new.applicant@example.org")
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill("Lopez")
    page.locator("#id_password1").fill("a-long-new-password-41")
    page.locator("#id_password2").fill("a-different-password-41")
    page.get_by_role("button", name="Create account").click()
    # Beside the field, and in the summary above the form, which links to it.
    expect(page.get_by_text("The two password fields didn’t match.", exact=True)).to_be_visible()
    expect(
        page.get_by_role("link", name="Password confirmation: The two password fields didn’t match.")
    ).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Nia")
    page.locator("#id_password1").fill("a-long-new-password-41")
    page.locator("#id_password2").fill("a-long-new-password-41")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Check your e-mail")).to_be_visible()
    screenshot(page, "sign-up-sent")

    link = re.search(r"http://\S+/accounts/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(live_server.url + urlsplit(link).path)
    expect(page.get_by_role("heading", name="Confirm your address")).to_be_visible()
    page.get_by_role("link", name="Log in with the password you chose").click()
    page.get_by_label("E-mail address").fill("new.applicant@example.org")
    page.get_by_label("Password").fill("a-long-new-password-41")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text("your e-mail address is confirmed")).to_be_visible()
    expect(page.get_by_role("heading", name="Hello, Nia")).to_be_visible()
    expect(page.get_by_role("heading", name="Confirm your e-mail address")).to_have_count(0)
    assert User.objects.get(email="new.applicant@example.org").is_verified
    page.get_by_role("link", name="Start / continue your application").click()
    expect(page.get_by_role("heading", name=f"Apply to the {cohort}")).to_be_visible()
    page.get_by_role("button", name="Start or continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("application")
    assert Application.objects.filter(applicant__email="new.applicant@example.org", cohort=cohort).exists()
    screenshot(page, "applicant-draft")


def test_a_role_for_an_unconfirmed_address_becomes_an_invitation(page, live_server, cohort, member, log_in):
    UserFactory(email="not.yet@example.org", email_verified_at=None)
    log_in(page, member(Role.PROGRAM_MANAGER))
    page.goto(f"{live_server.url}/cohorts/{cohort.slug}/people/")
    page.get_by_label("E-mail address of the person's account").fill("not.yet@example.org")
    page.get_by_label("Role").select_option(Role.REVIEWER)
    page.get_by_role("button", name="Add", exact=True).click()
    expect(page.get_by_text("not.yet@example.org has not confirmed their address yet")).to_be_visible()
    assert not User.objects.get(email="not.yet@example.org").memberships.exists()
    assert mail.outbox[-1].subject == f"Confirm your address to become reviewer in {cohort}"


def test_candidate_sees_next_meeting_and_mentor_on_a_phone(phone, live_server, cohort, log_in, screenshot):
    pairing = PairingFactory(cohort=cohort)
    MeetingFactory(session__cohort=cohort, session__title="Fiscal Management")
    log_in(phone, pairing.candidate)
    panel = phone.get_by_role("region", name=f"{Role.CANDIDATE.label} · {cohort}")
    expect(panel).to_contain_text("Fiscal Management")
    expect(panel).to_contain_text(str(pairing.mentor))
    screenshot(phone, "candidate-home-phone")
