"""An applicant submits, reopens the application, changes an answer and submits it again; the reviewer who had
scored it sees that it changed since their review."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from applications import services
from cohorts.models import Role

from ..applications.factories import (
    CompleteApplicationFactory,
    CriterionFactory,
    NominationFactory,
    ResumeFactory,
)
from ..factories import MembershipFactory


def test_submit_reopen_change_and_submit_again(browser, page, live_server, cohort, log_in, screenshot):
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    reviewer = MembershipFactory(cohort=cohort, role=Role.REVIEWER).user
    criterion = CriterionFactory(cohort=cohort, name="Leadership potential")
    application = CompleteApplicationFactory(cohort=cohort)
    ResumeFactory(application=application)
    NominationFactory(application=application, submitted_at=timezone.now(), recommendation="Ready.")

    # The applicant submits and is told what happens next.
    log_in(page, application.applicant)
    page.goto(live_server.url + application.get_absolute_url())
    page.get_by_role("button", name="Submit application").click()
    expect(page.get_by_text("Your application is submitted.")).to_be_visible()
    expect(page.get_by_role("heading", name="What happens next")).to_be_visible()
    expect(page.get_by_text(f"Candidates are selected by {cohort.selection_date:%B %-d, %Y}")).to_be_visible()

    # A reviewer scores it.
    application.refresh_from_db()
    assigned = services.assign_reviews(
        cohort=cohort,
        applications=[application],
        reviewers=[reviewer],
        due_at=timezone.now() + timedelta(days=7),
        actor=manager,
    )
    review = assigned.reviews[0]
    services.submit_review(review=review, scores={criterion.pk: (4, "")}, comments="Clear goals.")

    # The applicant reopens it (asked first), changes the statement of goals and submits it again.
    page.reload()
    page.get_by_role("link", name="Reopen to change").click()
    expect(page.get_by_text("Reviews already given are kept")).to_be_visible()
    screenshot(page, "application-reopen-confirm")
    page.get_by_role("button", name="Reopen to change").click()
    expect(page.get_by_text("Your application is reopened.")).to_be_visible()
    page.get_by_role("link", name="Change application form").click()
    page.get_by_label("Statement of goals").fill("Lead the county office's technology services.")
    page.get_by_role("button", name="Save draft").click()
    expect(page.get_by_text("Your answers are saved.")).to_be_visible()
    page.get_by_role("button", name="Submit again").click()
    expect(page.get_by_text("Your application is submitted.")).to_be_visible()
    expect(page.get_by_text("Lead the county office's technology services.")).to_be_visible()

    # The reviewer sees that it changed since their review, in their list and on the review page.
    reviewer_page = browser.new_context().new_page()
    log_in(reviewer_page, reviewer)
    reviewer_page.goto(f"{live_server.url}/applications/cohort/{cohort.slug}/my-reviews/")
    expect(reviewer_page.get_by_text("application changed since your review")).to_be_visible()
    reviewer_page.get_by_role("link", name=str(application.applicant)).click()
    expect(reviewer_page.get_by_text("Application changed since your review.")).to_be_visible()
    screenshot(reviewer_page, "review-application-changed")
    reviewer_page.get_by_role("link", name="Read the application, resume and nomination").click()
    expect(reviewer_page.get_by_text("Lead the county office's technology services.")).to_be_visible()
    expect(reviewer_page.get_by_text("Application changed since your review.")).to_be_visible()
