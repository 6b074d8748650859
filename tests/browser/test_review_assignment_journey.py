"""The program manager checks two applications in the queue and assigns them to a reviewer in one step; the
reviewer gets one e-mail listing both, follows it and scores the mentor on the mentors' rubric."""

import re
from urllib.parse import urlsplit

from django.core import mail
from django.utils import timezone
from playwright.sync_api import expect

from applications.models import Kind, Review, ReviewStatus, Status
from cohorts.models import Role

from ..applications.factories import CompleteApplicationFactory, CriterionFactory
from ..factories import MembershipFactory


def submitted(cohort, kind, first_name, last_name):
    return CompleteApplicationFactory(
        cohort=cohort,
        kind=kind,
        status=Status.SUBMITTED,
        submitted_at=timezone.now(),
        applicant__first_name=first_name,
        applicant__last_name=last_name,
    )


def test_manager_bulk_assigns_and_the_reviewer_scores_a_mentor_on_the_mentor_rubric(
    browser, page, live_server, cohort, log_in, screenshot
):
    CriterionFactory(cohort=cohort, name="Supervisor's nomination")  # the candidates' rubric only
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    reviewer = MembershipFactory(
        cohort=cohort, role=Role.REVIEWER, user__first_name="Rita", user__last_name="Reyes"
    ).user
    mentor = submitted(cohort, Kind.MENTOR, "Fran", "Ortiz")
    submitted(cohort, Kind.CANDIDATE, "Dana", "Price")

    # The manager checks both applications in the queue and gives them to the reviewer in one step.
    log_in(page, manager)
    page.goto(f"{live_server.url}/applications/cohort/{cohort.slug}/")
    page.get_by_label("Check Fran Ortiz").check()
    page.get_by_label("Check Dana Price").check()
    page.get_by_role("button", name="Assign reviewers").click()
    expect(page.get_by_role("heading", name="Assign reviewers")).to_be_visible()
    expect(page.get_by_label("Fran Ortiz (mentor)")).to_be_checked()
    page.get_by_label("Rita Reyes — candidates and mentors; 0 to do").check()
    screenshot(page, "reviews-bulk-assign")
    page.get_by_role("button", name="Assign and e-mail the reviewers").click()
    expect(page.get_by_text("2 reviews assigned to 1 reviewer; each is e-mailed the list.")).to_be_visible()

    # One e-mail to the reviewer, listing both applications.
    assert [email.to for email in mail.outbox] == [[reviewer.email]]
    email = mail.outbox[0]
    assert email.subject.startswith(f"2 applications to review for the {cohort}, due ")
    assert "Fran Ortiz (mentor)" in email.body and "Dana Price (candidate)" in email.body

    # The reviewer follows the e-mail's link and scores the mentor on the mentors' rubric.
    reviewer_page = browser.new_context().new_page()
    log_in(reviewer_page, reviewer)
    link = re.search(r"http://\S+/my-reviews/", email.body).group(0)
    reviewer_page.goto(live_server.url + urlsplit(link).path)
    reviewer_page.get_by_role("link", name="Fran Ortiz").click()
    expect(
        reviewer_page.get_by_role("heading", name="Review of Fran Ortiz's mentor application")
    ).to_be_visible()
    expect(reviewer_page.get_by_text("Supervisor's nomination")).to_have_count(0)
    for criterion in [
        "Leadership in K-12 technology (weight 3)",
        "Hands-on experience (weight 2)",
        "Degree, certification or experience (weight 2)",
        "Commitment to the mentor's duties (weight 2)",
    ]:
        reviewer_page.get_by_role("group", name=criterion).get_by_label("4").check()
    screenshot(reviewer_page, "reviews-mentor-rubric")
    reviewer_page.get_by_role("button", name="Submit my review").click()
    expect(reviewer_page.get_by_text("Your review is recorded.")).to_be_visible()
    expect(reviewer_page.get_by_text("Weighted score: 4.00")).to_be_visible()

    review = Review.objects.get(application=mentor, reviewer=reviewer)
    assert review.status == ReviewStatus.SUBMITTED
    assert review.scores.count() == 4
