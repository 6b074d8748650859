"""Who may do what to which application, review or cohort's intake.

An applicant sees only their own applications. A reviewer sees an application once it has been submitted
(still while its applicant reopens it to change it), and only when it is assigned to them or the cohort lets
its reviewers see every application. A cohort's
program managers see and run everything in it. A reviewer sees the others' scores on an application only
once their own review of it is submitted.
"""

import rules

from cohorts.rules import is_program_manager, is_reviewer
from cto_mentor.permissions import given_object

from .models import ReviewStatus


@rules.predicate
def is_applicant(user, application):
    return user.is_authenticated and application.applicant_id == user.pk


@rules.predicate
def manages_application_cohort(user, application):
    return is_program_manager(user, application.cohort)


def own_review_status(user, application) -> str | None:
    """The status of the user's review of the application, or None: read once per application and user, as
    a page asks several of the checks below."""
    if not user.is_authenticated:
        return None
    asked = application.__dict__.setdefault("_own_review_status", {})
    if user.pk not in asked:
        asked[user.pk] = (
            application.reviews.filter(reviewer=user).order_by().values_list("status", flat=True).first()
        )
    return asked[user.pk]


@rules.predicate
def reviews_submitted_application_cohort(user, application):
    """A draft, even a withdrawn one, was never submitted and stays the applicant's alone."""
    if application.submitted_at is None or not is_reviewer(user, application.cohort):
        return False
    return application.cohort.reviewers_see_all or own_review_status(user, application) is not None


@rules.predicate
def has_submitted_own_review(user, application):
    return own_review_status(user, application) == ReviewStatus.SUBMITTED


@rules.predicate
def holds_review(user, review):
    return user.is_authenticated and review.reviewer_id == user.pk


@rules.predicate
def still_reviews_cohort(user, review):
    cohort = review.application.cohort
    return is_reviewer(user, cohort) or is_program_manager(user, cohort)


@rules.predicate
def was_offered_a_place(user, application):
    return application.decision == "accepted" and application.decision_sent_at is not None


can_see_application = is_applicant | manages_application_cohort | reviews_submitted_application_cohort

rules.add_perm("applications.view_application", given_object & can_see_application)
rules.add_perm("applications.download_resume", can_see_application)
# The applicant's own part pages; whether the application can change now (status, deadline) is the services'
# `read_only_reason`, which the pages show.
rules.add_perm("applications.change_application", given_object & is_applicant)
rules.add_perm("applications.submit_application", is_applicant)
rules.add_perm("applications.reopen_application", is_applicant)
rules.add_perm("applications.withdraw_application", is_applicant)
rules.add_perm("applications.answer_offer", is_applicant & was_offered_a_place)
rules.add_perm("applications.manage_application", manages_application_cohort)
rules.add_perm(
    "applications.see_scores",
    manages_application_cohort | (reviews_submitted_application_cohort & has_submitted_own_review),
)
rules.add_perm("applications.write_review", holds_review & still_reviews_cohort)
# On a cohort: run its intake (rubric, assignments, queue, decisions, extensions) or review in it.
rules.add_perm("applications.manage_intake", is_program_manager)
rules.add_perm("applications.review_in_cohort", is_reviewer | is_program_manager)
