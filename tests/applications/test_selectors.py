from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from applications import selectors, services
from applications.models import Availability, Decision, Status

from ..factories import CohortFactory, MeetingFactory
from .factories import ApplicationFactory, CriterionFactory, NominationFactory, ReviewFactory


def test_applicants_to_remind_are_the_drafts_with_their_applicant(
    cohort, submitted, django_assert_num_queries
):
    draft = ApplicationFactory(cohort=cohort)
    ApplicationFactory(cohort=cohort, status=Status.WITHDRAWN)
    ApplicationFactory(cohort=CohortFactory())
    submitted()
    with django_assert_num_queries(1):  # exact: the applicants come with their drafts, not one by one
        found = [(a, a.applicant.email) for a in selectors.applicants_to_remind(cohort=cohort)]
    assert found == [(draft, draft.applicant.email)]


def test_nominations_awaiting_are_requested_and_not_submitted(cohort):
    waiting = NominationFactory(application__cohort=cohort)
    NominationFactory(application__cohort=cohort, submitted_at=timezone.now())
    NominationFactory(application__cohort=CohortFactory())
    NominationFactory(application__cohort=cohort, application__status=Status.WITHDRAWN)
    assert list(selectors.nominations_awaiting(cohort=cohort)) == [waiting]


def test_deadline_for_uses_a_later_extension(cohort):
    application = ApplicationFactory(cohort=cohort)
    assert selectors.deadline_for(cohort=cohort, applicant=application.applicant) == cohort.applications_close
    until = cohort.applications_close + timedelta(days=2)
    services.grant_extension(
        cohort=cohort,
        applicant=application.applicant,
        until=until,
        reason="Ill",
        granted_by=application.applicant,
    )
    assert selectors.deadline_for(cohort=cohort, applicant=application.applicant) == until


def test_checklist_says_what_is_left(cohort):
    MeetingFactory(session__cohort=cohort)
    MeetingFactory(session__cohort=cohort)
    application = ApplicationFactory(cohort=cohort)
    assert [(p.name, p.done, p.detail) for p in selectors.checklist(application=application)][1:] == [
        ("Resume", False, "Upload a PDF or Word file"),
        ("Nomination", False, "Name your supervisor, who nominates you"),
        ("Questions", True, "Every required question answered"),
        ("Availability", False, "2 class dates to answer"),
    ]


def test_availability_is_answered_when_every_date_has_an_answer_and_says_how_many_are_missed(cohort):
    meetings = [MeetingFactory(session__cohort=cohort) for _ in range(3)]
    application = ApplicationFactory(cohort=cohort)
    for meeting, available in zip(meetings, (False, True, False), strict=True):
        Availability.objects.create(application=application, meeting=meeting, available=available)
    part = selectors.checklist(application=application)[-1]
    assert (part.name, part.done, part.detail, part.done_label) == (
        "Availability",
        True,
        "2 dates you cannot attend",
        "Answered",
    )


def test_intake_weighted_average_and_spread(cohort, submitted, member):
    heavy = CriterionFactory(cohort=cohort, weight=3)
    light = CriterionFactory(cohort=cohort, weight=1)
    application = submitted()
    for values in ((5, 1), (3, 3)):
        review = ReviewFactory(application=application)
        services.submit_review(review=review, scores={heavy.pk: (values[0], ""), light.pk: (values[1], "")})
    ReviewFactory(application=application)  # assigned, not scored: left out of the average
    row = selectors.intake(cohort=cohort).get(pk=application.pk)
    assert (row.average, row.spread, row.reviews_done, row.reviews_assigned) == (
        Decimal("3.5"),
        Decimal("1.00"),
        2,
        3,
    )


def test_my_applications_show_the_applicants_own_deadline(cohort):
    application = ApplicationFactory(cohort=cohort)
    assert selectors.my_applications(user=application.applicant)[0].deadline == cohort.applications_close
    until = cohort.applications_close + timedelta(days=2)
    services.grant_extension(
        cohort=cohort,
        applicant=application.applicant,
        until=until,
        reason="Ill",
        granted_by=application.applicant,
    )
    assert selectors.my_applications(user=application.applicant)[0].deadline == until


def test_applicants_to_remind_carry_their_own_deadline(cohort):
    plain, extended = ApplicationFactory(cohort=cohort), ApplicationFactory(cohort=cohort)
    until = cohort.applications_close + timedelta(days=3)
    services.grant_extension(
        cohort=cohort, applicant=extended.applicant, until=until, reason="Ill", granted_by=plain.applicant
    )
    deadlines = {a.pk: a.deadline for a in selectors.applicants_to_remind(cohort=cohort)}
    assert deadlines == {plain.pk: cohort.applications_close, extended.pk: until}


def test_intake_counts_drafts_submitted_and_decisions_to_send_in_one_query(cohort, django_assert_num_queries):
    ApplicationFactory.create_batch(2, cohort=cohort)
    ApplicationFactory(cohort=cohort, status=Status.WITHDRAWN, decision=Decision.ACCEPTED)
    ApplicationFactory(cohort=cohort, status=Status.SUBMITTED)
    ApplicationFactory(cohort=cohort, status=Status.SUBMITTED, decision=Decision.ACCEPTED)
    ApplicationFactory(
        cohort=cohort, status=Status.SUBMITTED, decision=Decision.DECLINED, decision_sent_at=timezone.now()
    )
    ApplicationFactory(cohort=CohortFactory(), status=Status.SUBMITTED, decision=Decision.ACCEPTED)
    with django_assert_num_queries(1):  # exact: one query is what this selector promises
        counts = selectors.intake_counts(cohort=cohort)
    assert counts == {"drafts": 2, "submitted": 3, "to_send": 1}
