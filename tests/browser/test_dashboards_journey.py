"""The program manager's cohort dashboard and the progress of long work, in Chromium, by mouse and keyboard."""

import re

from playwright.sync_api import expect

from applications import services as application_services
from applications.jobs import SEND_DECISIONS
from applications.models import Decision, Status
from cohorts.demo import DEMO_PASSWORD, seed
from cohorts.models import Cohort, Role
from cto_mentor.jobs.models import Job, State
from cto_mentor.users.models import User

from ..applications.factories import CompleteApplicationFactory
from ..factories import MembershipFactory
from ..jobs.factories import JobFactory
from .crawl import axe_faults


def test_manager_reads_the_dashboard_and_sends_decisions_with_progress(
    page, phone, live_server, cohort, log_in, screenshot
):
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    for decision in (Decision.ACCEPTED, Decision.DECLINED, Decision.ACCEPTED):
        application = CompleteApplicationFactory(cohort=cohort, status=Status.SUBMITTED)
        application_services.decide(application=application, decision=decision, reason="", actor=manager)
    log_in(page, manager)

    page.get_by_role("link", name="Dashboard").click()
    expect(page.get_by_role("heading", name=f"Dashboard · {cohort}")).to_be_visible()
    funnel = page.get_by_role("img", name="Application funnel")
    expect(funnel).to_be_visible()
    expect(funnel).to_contain_text("Submitted")
    summary = page.get_by_role("region", name="Application funnel").get_by_text("The numbers")
    summary.focus()
    page.keyboard.press("Enter")
    table = page.get_by_role("table", name="Application funnel")
    expect(table.get_by_role("row", name="Decided 3")).to_be_visible()
    assert axe_faults(page) == []
    screenshot(page, "cohort-dashboard")

    page.goto(f"{live_server.url}/applications/cohort/{cohort.slug}/decisions/")
    page.get_by_role("button", name="Send 3 decision e-mails").click()
    expect(page.get_by_role("heading", name=f"Decision e-mails · {cohort}")).to_be_visible()
    expect(page.get_by_text("3 decision e-mail(s) queued.")).to_be_visible()
    expect(page.locator("progress")).to_have_attribute("value", "3")
    assert axe_faults(page) == []
    screenshot(page, "job-decisions-done")

    log_in(phone, manager)
    phone.goto(f"{live_server.url}/cohorts/{cohort.slug}/dashboard/")
    expect(phone.get_by_role("img", name="Application funnel")).to_be_visible()
    width = phone.evaluate("document.documentElement.scrollWidth")
    assert width <= 390
    screenshot(phone, "cohort-dashboard-phone")


def _watch_job_finish(new_page, live_server, log_in, manager, job, *, javascript):
    page = new_page(java_script_enabled=javascript)
    log_in(page, manager)
    page.goto(f"{live_server.url}{job.get_absolute_url()}")
    expect(page.get_by_text("1 of 4 done (25%).")).to_be_visible()
    expect(page.get_by_text("Running", exact=True)).to_be_visible()
    return page


def test_progress_page_updates_itself_without_javascript(new_page, live_server, cohort, log_in, screenshot):
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    job = JobFactory(cohort=cohort, requested_by=manager, state=State.RUNNING, total=4, done=1)
    page = _watch_job_finish(new_page, live_server, log_in, manager, job, javascript=False)
    screenshot(page, "job-under-way")

    Job.objects.filter(pk=job.pk).update(done=3)
    expect(page.get_by_text("3 of 4 done (75%).")).to_be_visible(timeout=10_000)
    Job.objects.filter(pk=job.pk).update(done=4, state=State.DONE, message="4 decision e-mail(s) queued.")
    expect(page.get_by_text("4 decision e-mail(s) queued.")).to_be_visible(timeout=10_000)


def test_progress_bar_moves_with_javascript_and_shows_the_result(new_page, live_server, cohort, log_in):
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    job = JobFactory(
        cohort=cohort, requested_by=manager, state=State.RUNNING, total=4, done=1, kind=SEND_DECISIONS
    )
    page = _watch_job_finish(new_page, live_server, log_in, manager, job, javascript=True)
    assert axe_faults(page) == []

    Job.objects.filter(pk=job.pk).update(done=2)
    expect(page.locator("progress")).to_have_attribute("value", "2", timeout=10_000)
    expect(page.get_by_text("2 of 4 done (50%).")).to_be_visible()
    Job.objects.filter(pk=job.pk).update(done=4, state=State.DONE, message="4 decision e-mail(s) queued.")
    expect(page.get_by_text("4 decision e-mail(s) queued.")).to_be_visible(timeout=10_000)


def test_keyboard_reaches_main_content_first(page, live_server, cohort, log_in):
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    log_in(page, manager)

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent.trim()")
    assert re.match(r"\S", focused)  # the first control inside the page, not the navigation again


def test_demo_cohort_under_way_pictures_its_year(page, live_server, log_in, screenshot):
    seed()
    log_in(page, User.objects.get(email="manager@example.org"), DEMO_PASSWORD)
    under_way = Cohort.objects.get(slug="demo-under-way")
    panel = page.get_by_role("region", name=f"{Role.PROGRAM_MANAGER.label} · {under_way}")
    panel.get_by_role("link", name="Dashboard").click()

    for title in [
        "Application funnel",
        "Attendance",
        "Assignments handed in per session",
        "Mentor meetings per pair",
    ]:
        expect(page.get_by_role("img", name=title)).to_be_visible()
    assert axe_faults(page) == []
    screenshot(page, "cohort-dashboard-demo")
