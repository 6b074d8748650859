"""A candidate's class year as the program requires it: a failed assignment revised until it passes, and two
missed classes that put the candidate at risk on the program manager's pages."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import Role
from sessions.models import Submission

from ..class_sessions.factories import AssignmentFactory
from ..factories import ClassSessionFactory, MeetingFactory, MembershipFactory, PairingFactory


@pytest.fixture
def year(cohort):
    """Session 2 held last month on two days, Session 3 next week with an assignment due in two days."""
    pairing = PairingFactory(cohort=cohort)
    instructor = MembershipFactory(cohort=cohort, role=Role.INSTRUCTOR).user
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    held = ClassSessionFactory(cohort=cohort, number=2, title="Professional Development")
    held.instructors.add(instructor)
    now = timezone.now()
    for days in (30, 29):
        MeetingFactory(session=held, starts_at=now - timedelta(days=days))
    coming = ClassSessionFactory(cohort=cohort, number=3, title="Fiscal Management")
    coming.instructors.add(instructor)
    MeetingFactory(session=coming, starts_at=now + timedelta(days=7))
    assignment = AssignmentFactory(
        session=coming, title="District budget memo", due_at=now + timedelta(days=2)
    )
    return {
        "candidate": pairing.candidate,
        "instructor": instructor,
        "manager": manager,
        "held": held,
        "assignment": assignment,
    }


def new_page(browser):
    return browser.new_context(viewport={"width": 1280, "height": 900}).new_page()


def grade(page, url, candidate, state, result, comments):
    page.goto(url)
    page.get_by_role("link", name=f"{state} — {candidate}").click()
    page.get_by_label(result, exact=True).check()
    page.get_by_label("Comments").fill(comments)
    page.get_by_role("button", name="Save the grade").click()
    expect(page.get_by_text(f"Graded; {candidate} is told by e-mail.")).to_be_visible()


def test_candidate_fails_revises_and_passes_then_misses_two_classes_and_is_at_risk(
    browser, live_server, year, log_in, screenshot
):
    candidate, assignment = year["candidate"], year["assignment"]
    assignment_url = live_server.url + assignment.get_absolute_url()
    candidate_page, instructor_page, manager_page = new_page(browser), new_page(browser), new_page(browser)

    log_in(candidate_page, candidate)
    candidate_page.get_by_role("link", name="District budget memo").click()
    candidate_page.get_by_role("link", name="Hand in your work").click()
    candidate_page.get_by_label("Your answer (optional with files)").fill("Our budget, in brief.")
    candidate_page.get_by_role("button", name="Hand in").click()
    expect(candidate_page.get_by_text("Your work is handed in (version 1).")).to_be_visible()

    log_in(instructor_page, year["instructor"])
    grade(instructor_page, assignment_url, candidate, "Waiting for a grade", "Fail", "No figures at all.")

    candidate_page.goto(assignment_url)
    expect(candidate_page.get_by_text("No figures at all.")).to_be_visible()
    candidate_page.get_by_role("link", name="Hand in a revision").click()
    expect(candidate_page.get_by_text("This will be version 2")).to_be_visible()
    screenshot(candidate_page, "follow-up-revision")
    candidate_page.get_by_label("Your answer (optional with files)").fill("Our budget, with every figure.")
    candidate_page.get_by_role("button", name="Hand in").click()
    expect(candidate_page.get_by_text("Your work is handed in (version 2).")).to_be_visible()

    grade(instructor_page, assignment_url, candidate, "Waiting for a grade", "Pass", "Clear figures.")
    candidate_page.goto(assignment_url)
    expect(candidate_page.get_by_text("This work passed; it cannot be replaced any more.")).to_be_visible()
    expect(candidate_page.get_by_role("link", name="Hand in a revision")).to_have_count(0)
    assert list(Submission.objects.order_by("version").values_list("grade", flat=True)) == ["fail", "pass"]

    for day in range(2):
        instructor_page.goto(live_server.url + year["held"].get_absolute_url())
        instructor_page.get_by_role("link", name="Take attendance").nth(day).click()
        instructor_page.get_by_text(f"Absent — {candidate}").click()
        instructor_page.get_by_role("button", name="Save attendance").click()
        expect(instructor_page.get_by_text("Attendance saved (1 change).")).to_be_visible()

    log_in(manager_page, year["manager"])
    at_risk = manager_page.get_by_role("link", name="1 candidate at risk (2 or more unexcused absences)")
    expect(at_risk).to_be_visible()
    screenshot(manager_page, "follow-up-at-risk-home")
    at_risk.click()
    manager_page.get_by_role("link", name=str(candidate)).first.click()
    expect(
        manager_page.get_by_role("heading", name=f"Progress of {candidate} · {year['held'].cohort}")
    ).to_be_visible()
    manager_page.goto(f"{live_server.url}/cohorts/{year['held'].cohort.slug}/dashboard/")
    manager_page.get_by_role("region", name="Attendance").get_by_text("The numbers").click()
    expect(manager_page.get_by_role("rowheader", name=f"At risk: {candidate}")).to_be_visible()
    screenshot(manager_page, "follow-up-at-risk-dashboard")
