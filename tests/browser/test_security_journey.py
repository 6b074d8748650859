"""In a real browser: the Content-Security-Policy blocks nothing the pages need (Bootstrap's menu works on a
phone, no violation is reported on the main pages), and the lockout page after too many wrong passwords."""

from playwright.sync_api import expect

from ..factories import PASSWORD
from ..portfolios.factories import PortfolioFactory


def csp_violations(page):
    found = []
    page.on(
        "console",
        lambda message: found.append(message.text) if "Content Security Policy" in message.text else None,
    )
    return found


def test_main_pages_run_under_the_csp_without_violations(
    phone, live_server, people, cohort, log_in, screenshot
):
    violations = csp_violations(phone)
    portfolio = PortfolioFactory(cohort=cohort, candidate=people["candidate"])
    log_in(phone, people["program_manager"])
    for path in [
        "/",
        f"/cohorts/{cohort.slug}/people/",
        f"/applications/cohort/{cohort.slug}/",
        f"/sessions/cohort/{cohort.slug}/",
        f"/portfolios/{portfolio.pk}/print/",
    ]:
        phone.goto(f"{live_server.url}{path}")
        phone.wait_for_load_state("networkidle")
    phone.goto(live_server.url)
    phone.get_by_role("button", name="Toggle navigation").click()  # Bootstrap's script, from our own files
    expect(phone.get_by_role("button", name="Log out")).to_be_visible()
    screenshot(phone, "security-menu-open-under-csp")
    assert violations == []


def test_too_many_wrong_passwords_show_the_lockout_page(page, live_server, people, screenshot):
    user = people["candidate"]
    for _ in range(5):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("E-mail address").fill(user.email)
        page.get_by_label("Password").fill("not-the-password")
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Too many failed logins")).to_be_visible()
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill(user.email)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Too many failed logins")).to_be_visible()
    expect(page.get_by_role("link", name="choose a new password")).to_be_visible()
    screenshot(page, "security-lockout")
