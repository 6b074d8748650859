"""Pages the crawler cannot reach by links (e-mailed links, forms showing errors) pass axe-core too."""

from playwright.sync_api import expect

from ..applications.factories import NominationFactory
from .crawl import axe_faults


def test_nomination_form_with_errors_passes_axe(page, live_server, cohort):
    NominationFactory(application__cohort=cohort, token="open-sesame-token")
    page.goto(f"{live_server.url}/applications/nominate/open-sesame-token/")

    page.get_by_role("button", name="Submit the nomination").click()

    expect(page.get_by_text("This field is required.").first).to_be_visible()
    assert axe_faults(page) == []


def test_sign_up_with_errors_passes_axe_on_a_phone(phone, live_server):
    phone.goto(f"{live_server.url}/accounts/sign-up/")
    phone.get_by_label("E-mail address").fill("not-an-address")
    phone.get_by_role("button", name="Create account").click()

    expect(phone.get_by_label("E-mail address")).to_have_value("not-an-address")
    assert axe_faults(phone) == []


def test_login_with_a_wrong_password_passes_axe(page, live_server, cohort):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in").click()

    expect(page.locator(".alert-danger")).to_be_visible()
    assert axe_faults(page) == []
