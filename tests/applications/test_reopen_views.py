"""The pages of reopening, withdrawing and a closed application: what each says, and what a direct POST does."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import Application, Nomination, Status

from .factories import CriterionFactory, ReviewFactory

CHANGED = "Application changed since your review."
DEADLINE_PASSED = "The application deadline has passed: this application is final and can no longer change."
PARTS = ["form", "resume", "availability", "answers"]


def url(name, *args):
    return reverse(f"applications:{name}", args=args)


def close_applications(cohort):
    cohort.applications_open = timezone.now() - timedelta(days=30)
    cohort.applications_close = timezone.now() - timedelta(minutes=1)
    cohort.save()


@pytest.fixture
def reviewed(cohort, people, ready):
    """A submitted application, scored by the cohort's reviewer."""
    application = services.submit_application(application=ready())
    criterion = CriterionFactory(cohort=cohort)
    review = ReviewFactory(application=application, reviewer=people["reviewer"])
    services.submit_review(review=review, scores={criterion.pk: (3, "")})
    return application


def test_submitted_page_says_what_happens_next(client, cohort, ready):
    application = ready()
    client.force_login(application.applicant)
    page = client.post(url("submit", application.pk), follow=True).text
    assert "What happens next" in page
    assert (
        f"Candidates are selected by {cohort.selection_date:%a, %b %-d, %Y}, and selected applicants are notified "
        f"by {cohort.notification_date:%a, %b %-d, %Y}." in page
    )


def test_reopen_asks_first_then_reopens(client, reviewed):
    client.force_login(reviewed.applicant)
    page = client.get(url("reopen", reviewed.pk)).text
    assert "It is not in the selection until you <strong>submit it again" in page
    assert Application.objects.get(pk=reviewed.pk).status == Status.SUBMITTED
    page = client.post(url("reopen", reviewed.pk), follow=True).text
    assert "Your application is reopened. Change what you need, then submit it again." in page
    assert "Submit again" in page
    assert client.get(url("form", reviewed.pk)).status_code == 200


def test_reviewer_sees_the_application_changed_since_their_review(client, people, reviewed):
    applicant = reviewed.applicant
    client.force_login(applicant)
    client.post(url("reopen", reviewed.pk))
    client.force_login(people["reviewer"])
    assert "reopened this application" in client.get(url("detail", reviewed.pk)).text
    services.save_form(application=reviewed, data={"goals_statement": "Lead a county office."})
    services.submit_application(application=reviewed)
    review = reviewed.reviews.get()
    assert CHANGED in client.get(url("review", review.pk)).text
    assert CHANGED in client.get(url("detail", reviewed.pk)).text
    assert "application changed since your review" in client.get(url("my_reviews", reviewed.cohort.slug)).text
    client.force_login(people["program_manager"])
    assert "changed since a review" in client.get(url("queue", reviewed.cohort.slug)).text


def test_unchanged_application_is_not_marked_for_the_reviewer(client, people, reviewed):
    client.force_login(people["reviewer"])
    assert CHANGED not in client.get(url("review", reviewed.reviews.get().pk)).text
    client.force_login(people["program_manager"])
    assert "changed since a review" not in client.get(url("queue", reviewed.cohort.slug)).text


@pytest.mark.parametrize("part", PARTS)
def test_parts_after_the_deadline_say_so_and_refuse_a_post(client, submitted, part):
    application = submitted()
    close_applications(application.cohort)
    client.force_login(application.applicant)
    page = client.get(url(part, application.pk))
    assert page.status_code == 200
    assert DEADLINE_PASSED in page.text
    posted = client.post(url(part, application.pk), {"goals_statement": "Late"})
    assert DEADLINE_PASSED in posted.text
    assert Application.objects.get(pk=application.pk).goals_statement == "Become a chief technology officer."


def test_nomination_after_the_deadline_says_so_and_refuses_a_post(client, submitted):
    application = submitted()
    close_applications(application.cohort)
    client.force_login(application.applicant)
    assert DEADLINE_PASSED in client.get(url("nomination", application.pk)).text
    data = {"name": "Pat Boss", "title": "CTO", "organization": "USD", "email": "pat@example.org"}
    assert DEADLINE_PASSED in client.post(url("nomination", application.pk), data, follow=True).text
    assert Nomination.objects.get(application=application).nominator_name == "Pat Supervisor"


def test_detail_and_reopen_after_the_deadline_say_the_application_is_final(client, submitted):
    application = submitted()
    close_applications(application.cohort)
    client.force_login(application.applicant)
    page = client.get(url("detail", application.pk)).text
    assert DEADLINE_PASSED in page
    assert "Reopen to change" not in page
    response = client.post(url("reopen", application.pk), follow=True)
    assert DEADLINE_PASSED in response.text
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED


def test_withdraw_asks_first_and_can_be_undone(client, submitted):
    application = submitted()
    client.force_login(application.applicant)
    confirm = client.get(url("withdraw", application.pk)).text
    assert "Your application leaves the selection" in confirm
    assert "You can undo this until the deadline" in confirm
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED
    page = client.post(url("withdraw", application.pk), follow=True).text
    assert "Undo the withdrawal" in page
    assert "Start a new application" in page
    page = client.post(url("undo_withdrawal", application.pk), follow=True).text
    assert "The withdrawal is undone: your application is submitted, as before." in page
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED


def test_withdraw_or_undo_someone_elses_application_is_refused(client, submitted):
    mine, theirs = submitted(), submitted()
    client.force_login(mine.applicant)
    assert client.get(url("withdraw", theirs.pk)).status_code == 404
    assert client.post(url("withdraw", theirs.pk)).status_code == 404
    assert client.post(url("reopen", theirs.pk)).status_code == 404
    services.withdraw_application(application=theirs, actor=theirs.applicant)
    assert client.post(url("undo_withdrawal", theirs.pk)).status_code == 404
    assert Application.objects.get(pk=theirs.pk).status == Status.WITHDRAWN


def test_new_start_after_withdrawing_lists_both(client, cohort, submitted):
    application = submitted()
    services.withdraw_application(application=application, actor=application.applicant)
    client.force_login(application.applicant)
    response = client.post(url("start", cohort.slug), {"kind": application.kind}, follow=True)
    new = Application.objects.exclude(pk=application.pk).get(applicant=application.applicant)
    assert response.redirect_chain[-1][0] == url("detail", new.pk)
    start = client.get(url("start", cohort.slug)).text
    assert url("detail", application.pk) in start
    assert url("detail", new.pk) in start


def test_a_draft_withdrawn_before_submission_is_404_for_reviewers(client, cohort, people, ready):
    draft = ready()
    cohort.reviewers_see_all = True
    cohort.save()
    services.withdraw_application(application=draft, actor=draft.applicant)
    client.force_login(people["reviewer"])
    assert client.get(url("detail", draft.pk)).status_code == 404
    assert client.get(url("download_resume", draft.pk)).status_code == 404


def test_undo_withdrawal_and_submit_again_after_the_deadline_are_refused_with_the_reason(
    client, reviewed, ready
):
    services.reopen_application(application=reviewed, actor=reviewed.applicant)
    withdrawn = services.submit_application(application=ready())
    services.withdraw_application(application=withdrawn, actor=withdrawn.applicant)
    close_applications(reviewed.cohort)

    client.force_login(reviewed.applicant)
    page = client.post(url("submit", reviewed.pk), follow=True).text
    assert "Electronic submission is required; other submissions will not be accepted." in page
    assert Application.objects.get(pk=reviewed.pk).status == Status.DRAFT
    client.force_login(withdrawn.applicant)
    page = client.post(url("undo_withdrawal", withdrawn.pk), follow=True).text
    assert "The application deadline has passed: the withdrawal can no longer be undone." in page
    assert Application.objects.get(pk=withdrawn.pk).status == Status.WITHDRAWN
