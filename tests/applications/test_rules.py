import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from applications.models import Application, ReviewStatus, Status

from ..people import EVERY_ROLE
from .factories import ApplicationFactory, ReviewFactory


@pytest.mark.parametrize(
    ("perm", "allowed"),
    [
        ("applications.view_application", {"program_manager", "reviewer"}),
        ("applications.download_resume", {"program_manager", "reviewer"}),
        ("applications.manage_application", {"program_manager"}),
        ("applications.see_scores", {"program_manager"}),
        ("applications.change_application", set()),
    ],
)
def test_application_permissions_by_role(people, submitted, perm, allowed):
    application = submitted()
    ReviewFactory(application=application, reviewer=people["reviewer"])
    assert {role for role in EVERY_ROLE if people[role].has_perm(perm, application)} == allowed
    assert application.applicant.has_perm("applications.view_application", application)
    assert not AnonymousUser().has_perm(perm, application)


def test_only_the_applicant_opens_the_parts_of_their_application(cohort, people):
    """Whether it can change now (a draft, before the deadline) the part pages say, from the services."""
    application = ApplicationFactory(cohort=cohort, status=Status.SUBMITTED)
    assert application.applicant.has_perm("applications.change_application", application)
    assert not people["program_manager"].has_perm("applications.change_application", application)
    assert not people["applicant"].has_perm("applications.change_application", application)


def test_reviewer_sees_scores_after_own_review_only(people, submitted):
    application = submitted()
    review = ReviewFactory(application=application, reviewer=people["reviewer"])
    assert not people["reviewer"].has_perm("applications.see_scores", application)
    review.status = ReviewStatus.SUBMITTED
    review.save()
    assert people["reviewer"].has_perm("applications.see_scores", Application.objects.get(pk=application.pk))


@pytest.mark.parametrize("perm", ["applications.manage_intake", "applications.review_in_cohort"])
def test_cohort_permissions_by_role(cohort, people, perm):
    allowed = {"program_manager"} | ({"reviewer"} if perm.endswith("review_in_cohort") else set())
    assert {role for role in EVERY_ROLE if people[role].has_perm(perm, cohort)} == allowed


def _reviewer_can_open(reviewer, application):
    return {
        perm
        for perm in ("applications.view_application", "applications.download_resume")
        if reviewer.has_perm(perm, application)
    }


BOTH = {"applications.view_application", "applications.download_resume"}


def test_reviewer_never_sees_a_draft_even_assigned(people, ready):
    draft = ready()
    ReviewFactory(application=draft, reviewer=people["reviewer"])
    assert _reviewer_can_open(people["reviewer"], draft) == set()


def test_reviewer_never_sees_a_withdrawn_draft(people, ready):
    """A draft withdrawn before it was ever submitted is WITHDRAWN, not DRAFT: it must stay private all the same."""
    withdrawn_draft = ready(status=Status.WITHDRAWN, withdrawn_at=timezone.now())
    withdrawn_draft.cohort.reviewers_see_all = True
    withdrawn_draft.cohort.save()
    assert _reviewer_can_open(people["reviewer"], withdrawn_draft) == set()
    assert _reviewer_can_open(people["program_manager"], withdrawn_draft) == BOTH


def test_reviewer_sees_a_submitted_application_only_when_assigned(people, submitted):
    application = submitted()
    assert _reviewer_can_open(people["reviewer"], application) == set()
    ReviewFactory(application=application, reviewer=people["reviewer"])
    assert _reviewer_can_open(people["reviewer"], Application.objects.get(pk=application.pk)) == BOTH


def test_reviewer_sees_every_submitted_application_when_the_cohort_says_all(people, submitted):
    application = submitted()
    application.cohort.reviewers_see_all = True
    application.cohort.save()
    assert _reviewer_can_open(people["reviewer"], application) == BOTH


def test_reviewer_keeps_an_assigned_application_withdrawn_after_submission(people, submitted):
    application = submitted()
    ReviewFactory(application=application, reviewer=people["reviewer"])
    application.status, application.withdrawn_at = Status.WITHDRAWN, timezone.now()
    application.save()
    assert _reviewer_can_open(people["reviewer"], application) == BOTH
