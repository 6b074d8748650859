import re
from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from applications import services
from applications.models import (
    Application,
    Decision,
    Kind,
    Nomination,
    Response,
    ReviewStatus,
    Status,
)
from cohorts.models import Membership, Role
from cto_mentor.notifications.models import Message

from ..factories import CohortFactory, MeetingFactory, UserFactory
from .factories import (
    ApplicationFactory,
    CriterionFactory,
    ExtensionFactory,
    NominationFactory,
    ReviewFactory,
)

PACIFIC = ZoneInfo("America/Los_Angeles")
DEADLINE_2018 = datetime(2017, 9, 29, 17, 0, tzinfo=PACIFIC)


@pytest.fixture
def cohort_2018(db):
    return CohortFactory(
        name="2018 Cohort",
        applications_open=datetime(2017, 8, 23, 8, 0, tzinfo=PACIFIC),
        applications_close=DEADLINE_2018,
        selection_date=date(2017, 10, 20),
        notification_date=date(2017, 10, 31),
        classes_start=date(2018, 2, 2),
        commencement=date(2018, 11, 12),
    )


def link_token(email) -> str:
    return re.search(r"/applications/nominate/([^/\s]+)/", email.body).group(1)


def test_submit_2018_deadline_one_second_before_five_pm_pacific_is_accepted(cohort_2018, ready, sent):
    application = ready(in_cohort=cohort_2018)
    with sent():
        services.submit_application(
            application=application, now=datetime(2017, 9, 29, 16, 59, 59, tzinfo=PACIFIC)
        )
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED
    assert application.submitted_at == datetime(2017, 9, 29, 23, 59, 59, tzinfo=ZoneInfo("UTC"))
    assert [m.to for m in mail.outbox] == [[application.applicant.email]]
    assert mail.outbox[0].subject == "Application received: candidate application to the 2018 Cohort"


def test_submit_2018_deadline_at_five_pm_pacific_is_refused(cohort_2018, ready, sent):
    application = ready(in_cohort=cohort_2018)
    with sent(), pytest.raises(ValidationError) as refused:
        services.submit_application(application=application, now=DEADLINE_2018)
    assert refused.value.messages == [
        "The application deadline has passed. Electronic submission is required; "
        "other submissions will not be accepted."
    ]
    assert refused.value.code == "closed"
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert mail.outbox == []


def test_submit_after_deadline_with_extension_is_accepted(cohort_2018, ready):
    application = ready(in_cohort=cohort_2018)
    ExtensionFactory(
        cohort=cohort_2018, applicant=application.applicant, until=DEADLINE_2018 + timedelta(days=2)
    )
    services.submit_application(application=application, now=DEADLINE_2018 + timedelta(days=1))
    application.refresh_from_db()
    assert application.status == Status.SUBMITTED


def test_extension_covers_only_its_applicant(cohort_2018, ready):
    application = ready(in_cohort=cohort_2018)
    ExtensionFactory(cohort=cohort_2018, until=DEADLINE_2018 + timedelta(days=2))
    with pytest.raises(ValidationError):
        services.submit_application(application=application, now=DEADLINE_2018 + timedelta(hours=1))


def test_grant_extension_records_who_and_why_and_tells_the_applicant(cohort_2018, sent):
    applicant, manager = UserFactory(), UserFactory()
    until = DEADLINE_2018 + timedelta(days=3)
    with sent():
        extension = services.grant_extension(
            cohort=cohort_2018, applicant=applicant, until=until, reason="Hospital stay", granted_by=manager
        )
    assert (extension.until, extension.granted_by, extension.reason) == (until, manager, "Hospital stay")
    assert [m.to for m in mail.outbox] == [[applicant.email]]
    assert mail.outbox[0].subject == (
        "Your application deadline for the 2018 Cohort is extended to Mon, Oct 2, 2017, 5:00 p.m. Pacific Time (PDT)"
    )


def test_grant_extension_before_the_deadline_is_refused(cohort_2018):
    with pytest.raises(ValidationError) as refused:
        services.grant_extension(
            cohort=cohort_2018,
            applicant=UserFactory(),
            until=DEADLINE_2018 - timedelta(hours=1),
            reason="x",
            granted_by=UserFactory(),
        )
    assert refused.value.message_dict == {"until": ["An extension must end after the cohort's deadline."]}


def test_submit_twice_makes_one_submission_and_one_email(ready, sent):
    application = ready()
    with sent():
        services.submit_application(application=application)
        with pytest.raises(ValidationError) as second:
            services.submit_application(application=application)
    assert second.value.messages == ["This application has already been submitted."]
    assert Application.objects.filter(pk=application.pk, status=Status.SUBMITTED).count() == 1
    assert len(mail.outbox) == 1


def test_submit_incomplete_names_the_missing_parts(cohort):
    application = ApplicationFactory(cohort=cohort)
    with pytest.raises(ValidationError) as refused:
        services.submit_application(application=application)
    assert refused.value.messages == [
        "Complete every part before submitting: Application form, Resume, Nomination."
    ]


def test_submit_needs_every_class_date_confirmed(cohort, ready):
    MeetingFactory(session__cohort=cohort)
    application = ready()
    with pytest.raises(ValidationError) as refused:
        services.submit_application(application=application)
    assert refused.value.messages == ["Complete every part before submitting: Availability."]


def test_save_form_keeps_a_partial_draft_and_completes_later(cohort):
    application = ApplicationFactory(cohort=cohort)
    services.save_form(application=application, data={"current_position": "IT Director", "education": ""})
    application.refresh_from_db()
    assert (application.current_position, application.form_completed_at) == ("IT Director", None)
    services.save_form(
        application=application,
        data={
            "organization": "Elk Grove USD",
            "years_in_k12_technology": 12,
            "education": "B.S.",
            "certifications": "None",
            "leadership_experience": "Led a team of 12.",
            "goals_statement": "Lead.",
        },
    )
    application.refresh_from_db()
    assert application.form_completed_at is not None


def test_submitted_application_is_read_only(submitted):
    application = submitted()
    with pytest.raises(ValidationError) as refused:
        services.save_form(application=application, data={"current_position": "Changed"})
    assert refused.value.messages == [
        "This application is submitted, so it is read-only. To change it, reopen it from the application page "
        "(possible until the deadline) and submit it again."
    ]
    application.refresh_from_db()
    assert application.current_position == "Director of Technology"


def test_withdraw_a_submitted_application(submitted):
    application = submitted()
    application = services.withdraw_application(application=application, actor=application.applicant)
    assert application.status == Status.WITHDRAWN
    assert application.withdrawn_at is not None


def test_mentor_application_needs_no_nomination(ready):
    application = ready(kind=Kind.MENTOR)
    services.submit_application(application=application)
    assert application.__class__.objects.get(pk=application.pk).status == Status.SUBMITTED


def test_mentor_confirms_only_the_kickoff(cohort, ready):
    kickoff = MeetingFactory(session__cohort=cohort, session__mentors_expected=True)
    MeetingFactory(session__cohort=cohort)
    application = ready(kind=Kind.MENTOR)
    services.save_availability(application=application, answers={kickoff.pk: (True, "")})
    services.submit_application(application=application)


# Nominations ------------------------------------------------------------------------------------------------


def request(application, email="boss@example.org", **overrides):
    fields = {"name": "Pat Boss", "title": "Superintendent", "organization": "Sample USD", "email": email}
    return services.request_nomination(application=application, **{**fields, **overrides})


def test_request_nomination_emails_the_nominator_a_link(cohort, sent):
    application = ApplicationFactory(cohort=cohort)
    with sent():
        nomination = request(application)
    assert [m.to for m in mail.outbox] == [["boss@example.org"]]
    email = mail.outbox[0]
    assert email.subject == f"A nomination request for the {cohort} of the CTO Mentor Program"
    token = link_token(email)
    assert nomination.token_hash == Nomination.hash_token(token)
    assert token not in Nomination.objects.get().token_hash


def test_nomination_link_submitted_once_tells_the_applicant(cohort, sent):
    application = ApplicationFactory(cohort=cohort)
    nomination = NominationFactory(application=application, token="t1")
    with sent():
        services.submit_nomination(
            nomination=nomination,
            relationship="I supervise her",
            recommendation="Ready",
            supports_release_time=True,
        )
    assert [m.to for m in mail.outbox] == [[application.applicant.email]]
    assert mail.outbox[0].subject == "Your nomination from Pat Supervisor has arrived"
    with pytest.raises(ValidationError) as reused:
        services.submit_nomination(
            nomination=nomination, relationship="again", recommendation="again", supports_release_time=False
        )
    assert reused.value.code == "used"
    nomination.refresh_from_db()
    assert nomination.recommendation == "Ready"


def test_nomination_expired_link_is_refused(cohort):
    nomination = NominationFactory(
        application__cohort=cohort, expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(ValidationError) as expired:
        services.check_nomination_link(nomination=nomination)
    assert expired.value.messages == ["This link has expired. Ask the applicant to send the request again."]


def test_nomination_after_deadline_refused_unless_extension(cohort_2018):
    nomination = NominationFactory(
        application__cohort=cohort_2018, expires_at=DEADLINE_2018 + timedelta(days=10)
    )
    after = DEADLINE_2018 + timedelta(minutes=1)
    with pytest.raises(ValidationError) as refused:
        services.check_nomination_link(nomination=nomination, now=after)
    assert refused.value.code == "closed"
    ExtensionFactory(cohort=cohort_2018, applicant=nomination.application.applicant)
    assert services.check_nomination_link(nomination=nomination, now=after) == nomination


def test_resend_makes_the_old_link_stop_working(cohort, sent):
    application = ApplicationFactory(cohort=cohort)
    with sent():
        request(application)
        services.resend_nomination_request(application=application)
    first, second = (link_token(email) for email in mail.outbox)
    assert first != second
    from applications.selectors import nomination_for_token

    assert nomination_for_token(first) is None
    assert nomination_for_token(second).application == application


def test_change_nominator_sends_to_the_new_one(cohort, sent):
    application = ApplicationFactory(cohort=cohort)
    with sent():
        request(application, email="old@example.org")
        request(application, email="New@Example.org", name="Lee New")
    assert [m.to for m in mail.outbox] == [["old@example.org"], ["new@example.org"]]
    nomination = Nomination.objects.get(application=application)
    assert (nomination.nominator_name, nomination.requests_sent) == ("Lee New", 2)


def test_request_nomination_after_it_arrived_is_refused(cohort):
    nomination = NominationFactory(application__cohort=cohort, submitted_at=timezone.now())
    with pytest.raises(ValidationError):
        request(nomination.application)


# Review ----------------------------------------------------------------------------------------------------


def test_submit_review_keeps_the_weighted_score(cohort, submitted):
    vision = CriterionFactory(cohort=cohort, name="Vision", weight=3)
    experience = CriterionFactory(cohort=cohort, name="Experience", weight=1)
    review = ReviewFactory(application=submitted())
    services.submit_review(review=review, scores={vision.pk: (5, "clear"), experience.pk: (2, "")})
    review.refresh_from_db()
    assert review.weighted_score == Decimal("4.25")
    assert review.status == ReviewStatus.SUBMITTED
    assert [s.value for s in review.scores.all()] == [5, 2]


def test_submit_review_missing_a_criterion_is_refused(cohort, submitted):
    vision = CriterionFactory(cohort=cohort, name="Vision")
    CriterionFactory(cohort=cohort, name="Experience")
    review = ReviewFactory(application=submitted())
    with pytest.raises(ValidationError) as refused:
        services.submit_review(review=review, scores={vision.pk: (4, "")})
    assert refused.value.messages == ["Score every criterion: Experience."]


def test_declare_conflict_closes_the_review(submitted):
    review = services.declare_conflict(review=ReviewFactory(application=submitted()), reason="My sister")
    assert (review.status, review.conflict_reason) == (ReviewStatus.CONFLICT, "My sister")
    with pytest.raises(ValidationError):
        services.submit_review(review=review, scores={})


def test_rubric_is_fixed_once_a_review_is_submitted(cohort, submitted):
    criterion = CriterionFactory(cohort=cohort)
    review = ReviewFactory(application=submitted())
    services.submit_review(review=review, scores={criterion.pk: (3, "")})
    with pytest.raises(ValidationError):
        services.add_criterion(cohort=cohort, name="Late idea")
    with pytest.raises(ValidationError):
        services.remove_criterion(criterion=criterion)


# Decisions --------------------------------------------------------------------------------------------------


def test_send_decisions_twice_sends_one_email_per_applicant(cohort, people, submitted, sent):
    manager = people["program_manager"]
    accepted, waitlisted, declined = submitted(), submitted(), submitted(kind=Kind.MENTOR)
    services.decide(application=accepted, decision=Decision.ACCEPTED, reason="Strong", actor=manager)
    services.decide(application=waitlisted, decision=Decision.WAITLISTED, reason="Close", actor=manager)
    services.decide(application=declined, decision=Decision.DECLINED, reason="Not now", actor=manager)
    with sent():
        assert services.send_decisions(cohort=cohort) == 3
        assert services.send_decisions(cohort=cohort) == 0
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        a.applicant.email for a in (accepted, waitlisted, declined)
    )
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[accepted.applicant.email].startswith("Answer needed: you are accepted as candidate")
    assert "waitlist" in subjects[waitlisted.applicant.email]
    # Nobody is a member yet: the accepted applicant becomes one on confirming the place.
    assert not Membership.objects.filter(user__in=[a.applicant for a in (accepted, waitlisted)]).exists()


def test_send_decisions_outbox_key_refuses_a_second_email_even_if_the_mark_is_lost(
    cohort, people, submitted, sent
):
    application = submitted()
    services.decide(
        application=application, decision=Decision.ACCEPTED, reason="", actor=people["program_manager"]
    )
    with sent():
        services.send_decisions(cohort=cohort)
        Application.objects.filter(pk=application.pk).update(decision_sent_at=None)
        services.send_decisions(cohort=cohort)
    assert len(mail.outbox) == 1
    assert Message.objects.filter(notice="application_decision").count() == 1


def test_decision_cannot_change_once_sent(cohort, people, submitted):
    application = submitted()
    services.decide(
        application=application, decision=Decision.DECLINED, reason="", actor=people["program_manager"]
    )
    services.send_decisions(cohort=cohort)
    with pytest.raises(ValidationError):
        services.decide(application=application, decision=Decision.ACCEPTED, reason="", actor=None)


def test_decide_a_draft_is_refused(cohort):
    with pytest.raises(ValidationError):
        services.decide(
            application=ApplicationFactory(cohort=cohort), decision=Decision.ACCEPTED, reason="", actor=None
        )


def accept_and_send(cohort, application, decision=Decision.ACCEPTED):
    services.decide(application=application, decision=decision, reason="", actor=None)
    services.send_decisions(cohort=cohort)
    application.refresh_from_db()
    return application


def test_answer_offer_confirm_and_decline(cohort, submitted):
    yes = accept_and_send(cohort, submitted())
    no = accept_and_send(cohort, submitted())
    services.answer_offer(application=yes, accept=True)
    services.answer_offer(application=no, accept=False)
    yes.refresh_from_db()
    no.refresh_from_db()
    assert (yes.response, no.response) == (Response.CONFIRMED, Response.DECLINED)
    assert Membership.objects.filter(cohort=cohort, user=yes.applicant, role=Role.CANDIDATE).exists()
    assert not Membership.objects.filter(cohort=cohort, user=no.applicant).exists()
    with pytest.raises(ValidationError):
        services.answer_offer(application=yes, accept=False)


def test_offer_place_to_waitlist_after_a_decline(cohort, submitted, sent):
    declines = accept_and_send(cohort, submitted())
    waiting = accept_and_send(cohort, submitted(), Decision.WAITLISTED)
    with pytest.raises(ValidationError):
        services.offer_place(application=waiting, actor=None)
    services.answer_offer(application=declines, accept=False)
    with sent():
        services.offer_place(application=waiting, actor=None)
    waiting.refresh_from_db()
    assert waiting.decision == Decision.ACCEPTED
    assert waiting.awaits_answer
    assert [m.to for m in mail.outbox] == [[waiting.applicant.email]]
    assert mail.outbox[0].subject.startswith("Answer needed")
    assert not Membership.objects.filter(cohort=cohort, user=waiting.applicant).exists()
    other = accept_and_send(cohort, submitted(), Decision.WAITLISTED)
    with pytest.raises(ValidationError):  # the one declined place is taken
        services.offer_place(application=other, actor=None)


def test_start_application_outside_the_window_is_refused(cohort_2018):
    with pytest.raises(ValidationError):
        services.start_application(cohort=cohort_2018, applicant=UserFactory(), kind=Kind.CANDIDATE)


def test_start_application_copies_profile_and_resumes_the_draft(cohort):
    person = UserFactory(title="CIO", organization="Davis JUSD")
    first = services.start_application(cohort=cohort, applicant=person, kind=Kind.CANDIDATE)
    again = services.start_application(cohort=cohort, applicant=person, kind=Kind.CANDIDATE)
    assert first == again
    assert (first.current_position, first.organization) == ("CIO", "Davis JUSD")
