"""Pages that lead and forgive, in Chromium: a removed portfolio entry goes to the trash and comes back, and
every role's home page leads with their own work (screenshots at 1280 and 390 pixels)."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from portfolios.models import CheckIn

from ..class_sessions.factories import AssignmentFactory, SubmissionFactory
from ..factories import MeetingFactory
from ..portfolios.factories import ArtifactFactory, PortfolioFactory


def test_candidate_removes_an_entry_then_undoes_it_and_puts_it_back_from_the_trash(
    page, cohort, people, log_in, screenshot
):
    portfolio = PortfolioFactory(cohort=cohort, candidate=people["candidate"])
    ArtifactFactory(portfolio=portfolio, title="District budget plan")
    log_in(page, people["candidate"])
    page.goto(page.url + portfolio.get_absolute_url().lstrip("/"))

    page.get_by_role("link", name="Remove “District budget plan”").click()
    expect(
        page.get_by_role("heading", name="Remove “District budget plan” from your portfolio?")
    ).to_be_visible()
    screenshot(page, "portfolio-remove-asks-first")
    page.get_by_role("button", name="Move it to the trash").click()
    expect(page.get_by_text("“District budget plan” is in the trash")).to_be_visible()
    expect(page.get_by_text("No artifacts yet.")).to_be_visible()
    page.get_by_role("button", name="Undo: put “District budget plan” back").click()
    expect(page.get_by_text("“District budget plan” is back in your portfolio")).to_be_visible()

    page.get_by_role("link", name="Remove “District budget plan”").click()
    page.get_by_role("button", name="Move it to the trash").click()
    page.get_by_role("link", name="Trash: entries you removed in the last 30 days").click()
    screenshot(page, "portfolio-trash")
    page.get_by_role("button", name="Put back “District budget plan”").click()
    expect(page.get_by_text("“District budget plan” is back in your portfolio")).to_be_visible()
    expect(page.get_by_role("link", name="Remove “District budget plan”")).to_be_visible()


def test_each_role_home_page_leads_with_their_own_work(page, phone, cohort, people, log_in, screenshot):
    now = timezone.now()
    session_meeting = MeetingFactory(session__cohort=cohort, starts_at=now + timedelta(days=5))
    session_meeting.session.instructors.add(people["instructor"])
    assignment = AssignmentFactory(
        session=session_meeting.session, title="Budget memo", due_at=now + timedelta(hours=21, minutes=10)
    )
    SubmissionFactory(
        assignment=assignment, candidate=people["other_candidate"], submitted_at=now - timedelta(days=9)
    )
    CheckIn.objects.create(cohort=cohort, starts_at=now + timedelta(days=2), location="Video call")

    expected = {
        "program_manager": "1 assignment handed in more than a week ago, not graded yet",
        "instructor": "Grade Budget memo",
        "mentor": "Mentor check-in",
        "candidate": "due in 21 hours",
        "reviewer": "Reviewer · ",
        "applicant": f"Applications are open: {cohort}",
    }
    for role, first_work in expected.items():
        for viewer, width in ((page, "1280"), (phone, "390")):
            viewer.context.clear_cookies()
            log_in(viewer, people[role])
            expect(viewer.get_by_text(first_work).first).to_be_visible()
            screenshot(viewer, f"home-{role.replace('_', '-')}-{width}")
