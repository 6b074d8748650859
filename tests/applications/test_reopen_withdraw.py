"""The applicant's second thoughts: reopen a submitted application until the deadline and submit it again (the
reviews given are kept and marked), withdraw and undo it, start anew after a withdrawal."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications import services
from applications.models import Application, Decision, Review, ReviewStatus, Status

from ..factories import UserFactory
from .factories import ApplicationFactory, CriterionFactory, ExtensionFactory, ReviewFactory

DEADLINE_PASSED = "The application deadline has passed: this application is final and can no longer change."


@pytest.fixture
def reviewed(cohort, people, ready, sent):
    """An application submitted through the service and scored by the cohort's reviewer."""
    application = ready()
    with sent():
        services.submit_application(application=application)
    criterion = CriterionFactory(cohort=cohort)
    review = ReviewFactory(application=application, reviewer=people["reviewer"])
    services.submit_review(review=review, scores={criterion.pk: (4, "Clear goals.")})
    mail.outbox.clear()
    return Application.objects.get(pk=application.pk)


def after_deadline(application):
    return application.cohort.applications_close + timedelta(minutes=1)


def test_reopen_change_and_submit_again_keeps_the_review_and_marks_it(reviewed, sent):
    applicant = reviewed.applicant
    reopened = services.reopen_application(application=reviewed, actor=applicant)
    assert reopened.status == Status.DRAFT
    assert reopened.is_reopened
    services.save_form(application=reopened, data={"goals_statement": "Lead a county office."})
    with sent():
        again = services.submit_application(application=reopened)
    assert again.status == Status.SUBMITTED
    assert not again.is_reopened
    assert again.goals_statement == "Lead a county office."
    review = Review.objects.get(application=reviewed)
    assert review.status == ReviewStatus.SUBMITTED
    assert [score.value for score in review.scores.all()] == [4]
    assert review.application_changed_since
    # The second submission has its own confirmation.
    assert [m.subject for m in mail.outbox] == [
        f"Application received: candidate application to the {reviewed.cohort}"
    ]


def test_reopen_and_submit_again_unchanged_does_not_mark_the_review(reviewed):
    reopened = services.reopen_application(application=reviewed, actor=reviewed.applicant)
    services.submit_application(application=reopened)
    assert not Review.objects.get(application=reviewed).application_changed_since


def test_reopened_application_stays_with_its_reviewer_and_leaves_the_selection(reviewed, people):
    services.reopen_application(application=reviewed, actor=reviewed.applicant)
    application = Application.objects.get(pk=reviewed.pk)
    assert people["reviewer"].has_perm("applications.view_application", application)
    assert not Application.objects.submitted().filter(pk=application.pk).exists()


def test_reopen_after_the_deadline_is_refused(reviewed):
    with pytest.raises(ValidationError) as refused:
        services.reopen_application(
            application=reviewed, actor=reviewed.applicant, now=after_deadline(reviewed)
        )
    assert refused.value.messages == [DEADLINE_PASSED]
    assert Application.objects.get(pk=reviewed.pk).status == Status.SUBMITTED


def test_reopen_within_an_extension_is_accepted(reviewed):
    ExtensionFactory(cohort=reviewed.cohort, applicant=reviewed.applicant)
    reopened = services.reopen_application(
        application=reviewed, actor=reviewed.applicant, now=after_deadline(reviewed)
    )
    assert reopened.is_reopened


def test_reopen_by_someone_else_is_refused(reviewed, people):
    with pytest.raises(ValidationError) as refused:
        services.reopen_application(application=reviewed, actor=people["program_manager"])
    assert refused.value.messages == ["Only the applicant can do this to their application."]
    assert Application.objects.get(pk=reviewed.pk).status == Status.SUBMITTED


def test_reopen_after_a_decision_is_refused(reviewed):
    services.decide(application=reviewed, decision=Decision.ACCEPTED, reason="", actor=None)
    with pytest.raises(ValidationError, match="A decision has been recorded"):
        services.reopen_application(application=reviewed, actor=reviewed.applicant)


def test_change_after_the_deadline_is_refused_with_the_reason(submitted):
    application = submitted()
    with pytest.raises(ValidationError) as refused:
        services.save_form(
            application=application, data={"goals_statement": "Late"}, now=after_deadline(application)
        )
    assert refused.value.messages == [DEADLINE_PASSED]
    application.refresh_from_db()
    assert application.goals_statement == "Become a chief technology officer."


def test_withdraw_then_undo_brings_a_submitted_application_back(submitted):
    application = submitted()
    services.withdraw_application(application=application, actor=application.applicant)
    back = services.undo_withdrawal(application=application, actor=application.applicant)
    assert back.status == Status.SUBMITTED
    assert back.withdrawn_at is None


def test_withdraw_then_undo_brings_a_reopened_application_back_reopened(reviewed):
    reopened = services.reopen_application(application=reviewed, actor=reviewed.applicant)
    services.withdraw_application(application=reopened, actor=reviewed.applicant)
    back = services.undo_withdrawal(application=reopened, actor=reviewed.applicant)
    assert back.is_reopened


def test_undo_withdrawal_after_the_deadline_is_refused(submitted):
    application = submitted()
    services.withdraw_application(application=application, actor=application.applicant)
    with pytest.raises(ValidationError) as refused:
        services.undo_withdrawal(
            application=application, actor=application.applicant, now=after_deadline(application)
        )
    assert refused.value.messages == [
        "The application deadline has passed: the withdrawal can no longer be undone."
    ]
    assert Application.objects.get(pk=application.pk).status == Status.WITHDRAWN


def test_withdraw_someone_elses_application_is_refused(submitted):
    application = submitted()
    with pytest.raises(ValidationError) as refused:
        services.withdraw_application(application=application, actor=UserFactory())
    assert refused.value.messages == ["Only the applicant can do this to their application."]
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED


def test_new_start_after_withdrawing_keeps_the_withdrawn_one(cohort, submitted):
    first = submitted()
    services.withdraw_application(application=first, actor=first.applicant)
    second = services.start_application(cohort=cohort, applicant=first.applicant, kind=first.kind)
    assert second.pk != first.pk
    assert second.status == Status.DRAFT
    assert list(
        Application.objects.filter(applicant=first.applicant).order_by("pk").values_list("status", flat=True)
    ) == [Status.WITHDRAWN, Status.DRAFT]
    assert services.start_application(cohort=cohort, applicant=first.applicant, kind=first.kind) == second
    with pytest.raises(ValidationError, match="You have started a new application of this kind since"):
        services.undo_withdrawal(application=first, actor=first.applicant)


def test_a_draft_withdrawn_before_submission_is_shown_to_no_reviewer(cohort, people):
    draft = ApplicationFactory(cohort=cohort)
    cohort.reviewers_see_all = True
    cohort.save()
    services.withdraw_application(application=draft, actor=draft.applicant)
    withdrawn = Application.objects.get(pk=draft.pk)
    assert not people["reviewer"].has_perm("applications.view_application", withdrawn)
    assert people["program_manager"].has_perm("applications.view_application", withdrawn)


def test_submit_confirmation_says_what_happens_next(cohort, ready, sent):
    application = ready()
    with sent():
        services.submit_application(application=application)
    body = mail.outbox[0].body
    selection = f"{cohort.selection_date:%a, %b %-d, %Y}"
    notification = f"{cohort.notification_date:%a, %b %-d, %Y}"
    assert (
        f"What happens next: candidates are selected by {selection}, and selected applicants are notified by "
        f"{notification}." in body
    )
    assert "you can reopen your application to change it (then submit it again), or withdraw it" in body
    assert selection in mail.outbox[0].alternatives[0][0]


def test_resubmission_confirmation_is_sent_once_per_submission(reviewed, sent):
    now = timezone.now()
    for minutes in (1, 2):
        services.reopen_application(
            application=reviewed, actor=reviewed.applicant, now=now + timedelta(minutes=minutes)
        )
        with sent():
            services.submit_application(
                application=reviewed, now=now + timedelta(minutes=minutes, seconds=30)
            )
    assert len(mail.outbox) == 2
