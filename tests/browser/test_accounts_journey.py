from playwright.sync_api import expect

from cohorts.models import Role
from cto_mentor.users.models import User

from ..factories import MeetingFactory, PairingFactory


def test_applicant_signs_up_and_sees_open_cohort(page, live_server, cohort, screenshot):
    page.goto(live_server.url)
    expect(page.get_by_role("heading", name=f"Applications are open: {cohort}")).to_be_visible()
    page.get_by_role("link", name="Create an account to apply").click()
    page.get_by_label("E-mail address").fill("new.applicant@example.org")
    page.get_by_label("First name").fill("Nia")
    page.get_by_label("Last name").fill("Lopez")
    page.locator("#id_password1").fill("a-long-new-password-41")
    page.locator("#id_password2").fill("a-different-password-41")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_text("The two password fields didn’t match.")).to_be_visible()
    expect(page.get_by_label("First name")).to_have_value("Nia")
    page.locator("#id_password1").fill("a-long-new-password-41")
    page.locator("#id_password2").fill("a-long-new-password-41")
    page.get_by_role("button", name="Create account").click()
    expect(page.get_by_role("heading", name="Hello, Nia")).to_be_visible()
    assert User.objects.filter(email="new.applicant@example.org").exists()
    screenshot(page, "applicant-home")


def test_candidate_sees_next_meeting_and_mentor_on_a_phone(phone, live_server, cohort, log_in, screenshot):
    pairing = PairingFactory(cohort=cohort)
    MeetingFactory(session__cohort=cohort, session__title="Fiscal Management")
    log_in(phone, pairing.candidate)
    panel = phone.get_by_role("region", name=f"{Role.CANDIDATE.label} · {cohort}")
    expect(panel).to_contain_text("Fiscal Management")
    expect(panel).to_contain_text(str(pairing.mentor))
    screenshot(phone, "candidate-home-phone")
