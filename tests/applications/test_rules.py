import pytest
from django.contrib.auth.models import AnonymousUser

from applications.models import ReviewStatus

from .factories import ApplicationFactory, ReviewFactory

ALL = [
    "program_manager",
    "reviewer",
    "instructor",
    "mentor",
    "candidate",
    "other_candidate",
    "other_mentor",
    "manager_of_other_cohort",
    "applicant",
]


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
    assert {role for role in ALL if people[role].has_perm(perm, application)} == allowed
    assert application.applicant.has_perm("applications.view_application", application)
    assert not AnonymousUser().has_perm(perm, application)


def test_applicant_changes_only_a_draft(cohort):
    draft = ApplicationFactory(cohort=cohort)
    assert draft.applicant.has_perm("applications.change_application", draft)
    draft.status = "submitted"
    assert not draft.applicant.has_perm("applications.change_application", draft)


def test_reviewer_sees_scores_after_own_review_only(people, submitted):
    application = submitted()
    review = ReviewFactory(application=application, reviewer=people["reviewer"])
    assert not people["reviewer"].has_perm("applications.see_scores", application)
    review.status = ReviewStatus.SUBMITTED
    review.save()
    assert people["reviewer"].has_perm("applications.see_scores", application)


@pytest.mark.parametrize("perm", ["applications.manage_intake", "applications.review_in_cohort"])
def test_cohort_permissions_by_role(cohort, people, perm):
    allowed = {"program_manager"} | ({"reviewer"} if perm.endswith("review_in_cohort") else set())
    assert {role for role in ALL if people[role].has_perm(perm, cohort)} == allowed
