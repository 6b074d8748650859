"""Places per kind, offers with an answer-by time, membership on confirmation, lapsed offers, the waitlist and
what the program managers are told."""

from datetime import datetime, timedelta
from importlib import import_module
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps as django_apps
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from applications import selectors, services
from applications.models import Application, Decision, Kind, Response
from cohorts.models import Membership, Role
from cto_mentor.dates import in_zone
from cto_mentor.notifications.models import Message, Preference
from cto_mentor.notifications.reminders import send_due_reminders

from ..cohorts.test_setup_views import settings_data
from .factories import CriterionFactory, ReviewFactory

PACIFIC = ZoneInfo("America/Los_Angeles")
OFFERED_AT = datetime(2031, 3, 3, 9, 30, tzinfo=PACIFIC)  # a Monday
HELD_UNTIL = datetime(2031, 3, 17, 17, 0, tzinfo=PACIFIC)  # 14 days later, 5:00 p.m.


def url(name, *args):
    return reverse(f"applications:{name}", args=args)


@pytest.fixture
def manager(people):
    return people["program_manager"]


@pytest.fixture
def places(cohort):
    """places(candidates, mentors=None): the cohort's places per kind."""

    def set_places(candidates, mentors=None):
        cohort.candidate_places, cohort.mentor_places = candidates, mentors
        cohort.save(update_fields=["candidate_places", "mentor_places"])

    return set_places


@pytest.fixture
def offered(cohort, submitted):
    """offered(decision=accepted, average=None, now=OFFERED_AT): a submitted application decided and e-mailed;
    with `average`, scored that on every criterion of its rubric first."""

    def make(decision=Decision.ACCEPTED, average=None, now=OFFERED_AT, **kwargs):
        application = submitted(**kwargs)
        if average is not None:
            criteria = list(selectors.rubric_for(application=application)) or [
                CriterionFactory(cohort=cohort)
            ]
            review = ReviewFactory(application=application)
            services.submit_review(review=review, scores={c.pk: (average, "") for c in criteria})
        services.decide(application=application, decision=decision, reason="", actor=None)
        services.send_decisions(cohort=cohort, now=now)
        application.refresh_from_db()
        return application

    return make


def notices(name):
    return list(Message.objects.filter(notice=name).order_by("pk"))


# Places and the confirmation asked before accepting past them ------------------------------------------------


def test_accepting_past_the_places_is_refused_until_confirmed(cohort, manager, submitted, places):
    places(2)
    first, second, third = submitted(), submitted(), submitted()
    for application in (first, second):
        services.decide(application=application, decision=Decision.ACCEPTED, reason="", actor=manager)

    with pytest.raises(ValidationError) as refused:
        services.decide(application=third, decision=Decision.ACCEPTED, reason="", actor=manager)

    assert refused.value.message_dict == {
        "past_places": [
            "All 2 candidate places are taken (2 accepted, 0 of them confirmed). "
            "Tick “Accept past the places” to accept anyway."
        ]
    }
    third.refresh_from_db()
    assert third.decision == Decision.UNDECIDED
    services.decide(application=third, decision=Decision.WAITLISTED, reason="", actor=manager)
    services.decide(application=third, decision=Decision.ACCEPTED, reason="", actor=manager, past_places=True)
    third.refresh_from_db()
    assert third.decision == Decision.ACCEPTED


def test_places_are_counted_per_kind(cohort, manager, submitted, places):
    places(1, 1)
    services.decide(application=submitted(), decision=Decision.ACCEPTED, reason="", actor=manager)
    mentor = submitted(kind=Kind.MENTOR)
    services.decide(application=mentor, decision=Decision.ACCEPTED, reason="", actor=manager)
    mentor.refresh_from_db()
    assert mentor.decision == Decision.ACCEPTED


def test_places_count_accepted_confirmed_left_and_freed(cohort, offered, places):
    places(4)
    confirms, declines, waits = offered(), offered(), offered()
    offered(decision=Decision.WAITLISTED)
    services.answer_offer(application=confirms, accept=True, now=OFFERED_AT)
    services.answer_offer(application=declines, accept=False, now=OFFERED_AT)

    counted = selectors.places(cohort=cohort, now=OFFERED_AT)[Kind.CANDIDATE]

    assert (counted.limit, counted.accepted, counted.confirmed, counted.left) == (4, 2, 1, 2)
    assert (counted.freed, counted.waitlisted, counted.can_offer) == (1, 1, True)
    assert waits.awaits_answer


# Offers: the answer-by time, membership only on confirmation ---------------------------------------------------


def test_acceptance_email_names_the_answer_by_time_from_the_cohorts_days_and_makes_no_member(
    cohort, offered, sent
):
    with sent():
        application = offered()
    assert application.answer_by == HELD_UNTIL
    assert not Membership.objects.filter(cohort=cohort, user=application.applicant).exists()
    (email,) = mail.outbox
    assert f"please confirm or decline your place by {in_zone(HELD_UNTIL, cohort)}." in email.body
    assert in_zone(HELD_UNTIL, cohort) == "Mon, Mar 17, 2031, 5:00 p.m. Pacific Time (PDT)"


def test_answer_by_time_follows_the_cohorts_setting(cohort, offered):
    cohort.offer_answer_days = 3
    cohort.save(update_fields=["offer_answer_days"])
    assert offered().answer_by == datetime(2031, 3, 6, 17, 0, tzinfo=PACIFIC)


def test_confirming_makes_the_member_and_tells_the_managers(cohort, manager, offered, places, sent):
    places(3)
    application = offered()
    with sent():
        services.answer_offer(application=application, accept=True, now=OFFERED_AT)
    assert Membership.objects.filter(cohort=cohort, user=application.applicant, role=Role.CANDIDATE).exists()
    (told,) = [m for m in mail.outbox if m.to == [manager.email]]
    assert told.subject == f"{application.applicant} confirmed the candidate place in the {cohort}"
    assert "Candidate places: 1 accepted, 1 confirmed, 2 of 3 left." in told.body
    assert [m.recipient for m in notices("place_confirmed")] == [manager]


def test_a_manager_who_turned_the_notice_off_is_not_emailed(cohort, manager, offered, sent):
    Preference.objects.create(user=manager, notice="place_confirmed", enabled=False)
    application = offered()
    with sent():
        services.answer_offer(application=application, accept=True, now=OFFERED_AT)
    assert mail.outbox == []
    application.refresh_from_db()
    assert application.response == Response.CONFIRMED


def test_declining_frees_the_place_and_tells_the_managers_the_ranked_waitlist(
    cohort, manager, offered, places, sent
):
    places(1)
    declines = offered()
    lower, higher = offered(Decision.WAITLISTED, average=2), offered(Decision.WAITLISTED, average=4)
    with sent():
        services.answer_offer(application=declines, accept=False, now=OFFERED_AT)
    assert not Membership.objects.filter(cohort=cohort, user=declines.applicant).exists()
    (told,) = [m for m in mail.outbox if m.to == [manager.email]]
    assert told.subject == f"{declines.applicant} declined: a candidate place is free in the {cohort}"
    assert (
        "The waitlist, best weighted average first:\n"
        f"1. {higher.applicant} (4.00)\n"
        f"2. {lower.applicant} (2.00)\n"
    ) in told.body
    assert f"Offer the place to {higher.applicant} with one click on the decisions page:" in told.body
    assert told.body.strip().endswith(f"/applications/cohort/{cohort.slug}/decisions/#places")


def test_a_decline_tells_each_manager_per_their_preferences_in_the_notices_and_by_email(
    client, cohort, manager, member, offered, sent
):
    quiet = member(Role.PROGRAM_MANAGER)
    Preference.objects.create(user=quiet, notice="place_freed", enabled=False)
    declines = offered()
    with sent():
        services.answer_offer(application=declines, accept=False, now=OFFERED_AT)
    subject = f"{declines.applicant} declined: a candidate place is free in the {cohort}"
    assert [(m.to, m.subject) for m in mail.outbox] == [([manager.email], subject)]
    client.force_login(manager)
    assert subject in client.get(reverse("notifications:inbox")).text
    client.force_login(quiet)
    assert subject not in client.get(reverse("notifications:inbox")).text


def test_an_offer_is_answered_once(offered):
    application = offered()
    services.answer_offer(application=application, accept=True, now=OFFERED_AT)
    with pytest.raises(ValidationError) as refused:
        services.answer_offer(application=application, accept=False, now=OFFERED_AT)
    assert refused.value.messages == ["There is no offer waiting for your answer."]


def test_confirming_after_the_answer_by_time_is_refused(cohort, offered):
    application = offered()
    with pytest.raises(ValidationError) as refused:
        services.answer_offer(application=application, accept=True, now=HELD_UNTIL)
    assert refused.value.messages == [
        "The time to answer this offer ended Mon, Mar 17, 2031, 5:00 p.m. Pacific Time (PDT); the place is no longer "
        "held for "
        "you. Please write to the program manager."
    ]
    application.refresh_from_db()
    assert application.response == Response.PENDING
    assert not Membership.objects.filter(cohort=cohort, user=application.applicant).exists()


def test_a_lapsed_offer_frees_its_place_before_the_sweep_records_it(cohort, offered, places):
    places(1)
    application = offered()
    offered(Decision.WAITLISTED)
    before, after = (
        selectors.places(cohort=cohort, now=moment)[Kind.CANDIDATE]
        for moment in (HELD_UNTIL - timedelta(seconds=1), HELD_UNTIL)
    )
    assert (before.accepted, before.left, after.accepted, after.left) == (1, 0, 0, 1)
    assert application.offer_lapsed(HELD_UNTIL)


def test_lapse_offers_records_each_lapse_once_and_tells_the_managers_once(cohort, manager, offered, sent):
    application = offered()
    waiting = offered(Decision.WAITLISTED)
    with sent():
        assert services.lapse_offers(now=HELD_UNTIL - timedelta(minutes=1)) == 0
        assert services.lapse_offers(now=HELD_UNTIL + timedelta(minutes=3)) == 1
        assert services.lapse_offers(now=HELD_UNTIL + timedelta(minutes=18)) == 0
    application.refresh_from_db()
    assert (application.response, application.responded_at) == (Response.LAPSED, HELD_UNTIL)
    (told,) = [m for m in mail.outbox if m.to == [manager.email]]
    assert (
        told.subject
        == f"{application.applicant} did not answer in time: a candidate place is free in the {cohort}"
    )
    assert f"by {in_zone(HELD_UNTIL, cohort)}: the offer has lapsed." in told.body
    assert f"1. {waiting.applicant}\n" in told.body


def test_the_freed_place_goes_to_the_next_on_the_waitlist_with_one_email(
    cohort, manager, offered, places, sent
):
    places(1)
    lapses = offered()
    first, second = offered(Decision.WAITLISTED, average=5), offered(Decision.WAITLISTED, average=3)
    with pytest.raises(ValidationError) as refused:
        services.offer_place(application=first, actor=manager, now=OFFERED_AT)
    assert refused.value.messages == ["All 1 candidate places are taken; there is none to offer."]
    services.lapse_offers(now=HELD_UNTIL)
    mail.outbox.clear()

    now = HELD_UNTIL + timedelta(hours=1)
    with sent():
        services.offer_place(application=first, actor=manager, now=now)
        with pytest.raises(ValidationError):
            services.offer_place(application=first, actor=manager, now=now)
        with pytest.raises(ValidationError):
            services.offer_place(application=second, actor=manager, now=now)

    assert [m.to for m in mail.outbox] == [[first.applicant.email]]
    assert mail.outbox[0].subject.startswith("Answer needed: you are accepted as candidate")
    first.refresh_from_db()
    assert first.answer_by == datetime(2031, 3, 31, 17, 0, tzinfo=PACIFIC)
    services.answer_offer(application=first, accept=True, now=now)
    assert Membership.objects.filter(cohort=cohort, user=first.applicant, role=Role.CANDIDATE).exists()
    assert lapses.applicant not in [m.user for m in Membership.objects.filter(cohort=cohort)]


def test_with_no_limit_only_a_freed_place_is_offered_from_the_waitlist(cohort, manager, offered):
    declines, waiting = offered(), offered(Decision.WAITLISTED)
    with pytest.raises(ValidationError) as refused:
        services.offer_place(application=waiting, actor=manager, now=OFFERED_AT)
    assert refused.value.messages == [
        "No accepted applicant has declined a place or let it lapse; there is none to offer."
    ]
    services.answer_offer(application=declines, accept=False, now=OFFERED_AT)
    services.offer_place(application=waiting, actor=manager, now=OFFERED_AT)
    waiting.refresh_from_db()
    assert waiting.decision == Decision.ACCEPTED


# The answer-by time of one offer -------------------------------------------------------------------------------


def test_change_answer_by_moves_a_waiting_offer_only_to_a_time_to_come(offered):
    application = offered()
    later = HELD_UNTIL + timedelta(days=7)
    services.change_answer_by(application=application, answer_by=later, now=OFFERED_AT)
    application.refresh_from_db()
    assert application.answer_by == later
    with pytest.raises(ValidationError) as refused:
        services.change_answer_by(application=application, answer_by=OFFERED_AT, now=OFFERED_AT)
    assert refused.value.message_dict == {"answer_by": ["Choose a time still to come."]}
    with pytest.raises(ValidationError) as lapsed:
        services.change_answer_by(
            application=application, answer_by=later + timedelta(days=1), now=later + timedelta(minutes=1)
        )
    assert lapsed.value.messages == ["This offer has lapsed: its place is free. Offer a place again instead."]


def test_offer_reminder_goes_before_the_answer_by_time_once(cohort, offered, sent):
    cohort.commencement = datetime(2031, 11, 10).date()  # reminders go for cohorts not yet past commencement
    cohort.save(update_fields=["commencement"])
    application = offered()
    with sent():
        assert send_due_reminders(now=HELD_UNTIL - timedelta(days=3, minutes=-5)) == 1
        assert send_due_reminders(now=HELD_UNTIL - timedelta(days=2)) == 0
    (reminder,) = mail.outbox
    assert reminder.to == [application.applicant.email]
    assert reminder.subject == (
        f"Reminder: please confirm or decline your place in the {cohort} "
        "by Mon, Mar 17, 2031, 5:00 p.m. Pacific Time (PDT)"
    )
    services.answer_offer(application=application, accept=True, now=OFFERED_AT)
    assert send_due_reminders(now=HELD_UNTIL - timedelta(hours=23)) == 0


# Pages ---------------------------------------------------------------------------------------------------------


def test_decisions_page_shows_places_and_offers_the_freed_place_to_the_first_on_the_waitlist(
    client, cohort, manager, offered, places, sent
):
    places(2, 1)
    offered()
    declines = offered()
    second, first = offered(Decision.WAITLISTED, average=3), offered(Decision.WAITLISTED, average=5)
    client.force_login(manager)
    page = client.get(url("decisions", cohort.slug)).text
    assert "<td>2</td>\n    <td>2</td>\n    <td>0</td>\n    <td>0</td>" in page
    assert "Offer the place to" not in page

    services.answer_offer(application=declines, accept=False, now=timezone.now())
    page = client.get(url("decisions", cohort.slug)).text
    assert f'<form method="post" action="{url("offer", first.pk)}" class="mt-1">' in page
    assert f"Offer the place to {first.applicant}</button>" in page
    with sent():
        response = client.post(url("offer", first.pk), follow=True)
    assert f"The place is offered to {first.applicant}; we e-mailed them." in response.text
    assert [m.to for m in mail.outbox] == [[first.applicant.email]]
    assert "Offer the place to" not in response.text
    second.refresh_from_db()
    assert second.decision == Decision.WAITLISTED


def test_decide_page_asks_to_confirm_an_acceptance_past_the_places(
    client, cohort, manager, submitted, places
):
    places(1)
    services.decide(application=submitted(), decision=Decision.ACCEPTED, reason="", actor=manager)
    application = submitted()
    client.force_login(manager)
    detail = client.get(application.get_absolute_url()).text
    assert (
        "Candidate places: 1 · 1 accepted · 0 confirmed · 0 left. Accepting one more asks you to confirm."
        in detail
    )
    assert 'name="past_places"' in detail

    response = client.post(url("decide", application.pk), {"decision": "accepted", "reason": "Strong plan"})
    assert response.status_code == 200
    assert "Tick “Accept past the places” to accept anyway." in response.text
    assert "Strong plan</textarea>" in response.text
    application.refresh_from_db()
    assert application.decision == Decision.UNDECIDED

    response = client.post(
        url("decide", application.pk), {"decision": "accepted", "reason": "Strong plan", "past_places": "on"}
    )
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.decision == Decision.ACCEPTED


def test_place_page_asks_before_declining(client, offered):
    application = offered(now=timezone.now())
    client.force_login(application.applicant)
    response = client.post(url("place", application.pk), {"answer": "decline"})
    assert "Declining gives up your place for good" in response.text
    application.refresh_from_db()
    assert application.response == Response.PENDING
    response = client.post(url("place", application.pk), {"answer": "decline", "sure": "yes"}, follow=True)
    assert "You declined the place; it goes to someone on the waitlist." in response.text
    application.refresh_from_db()
    assert application.response == Response.DECLINED


def test_place_page_of_a_lapsed_offer_refuses_the_confirmation(client, cohort, offered):
    application = offered(now=timezone.now() - timedelta(days=30))
    client.force_login(application.applicant)
    page = client.get(url("place", application.pk)).text
    assert "so the place is no longer held for you" in page
    assert "Confirm my place" not in page
    response = client.post(url("place", application.pk), {"answer": "confirm"}, follow=True)
    assert "the place is no longer held for you. Please write to the program manager." in response.text
    application.refresh_from_db()
    assert application.response == Response.PENDING
    assert not Membership.objects.filter(cohort=cohort, user=application.applicant).exists()


def test_answer_by_page_moves_the_time_and_keeps_bad_input(client, cohort, manager, offered):
    application = offered(now=timezone.now())
    client.force_login(manager)
    page = client.get(url("answer_by", application.pk)).text
    assert "Answer by (America/Los Angeles time)" in page
    response = client.post(url("answer_by", application.pk), {"answer_by": "2020-01-02T17:00"})
    assert "Choose a time still to come." in response.text
    assert 'value="2020-01-02T17:00"' in response.text
    new_time = (timezone.localdate(timezone.now(), PACIFIC) + timedelta(days=30)).isoformat() + "T12:00"
    response = client.post(url("answer_by", application.pk), {"answer_by": new_time}, follow=True)
    assert f"{application.applicant} now has until the new time to answer." in response.text
    application.refresh_from_db()
    assert application.answer_by.astimezone(PACIFIC).strftime("%Y-%m-%dT%H:%M") == new_time


def test_manager_home_says_a_place_can_be_offered_to_the_waitlist(client, cohort, manager, offered, places):
    places(1)
    declines = offered()
    offered(Decision.WAITLISTED)
    offered(Decision.WAITLISTED)
    services.answer_offer(application=declines, accept=False, now=OFFERED_AT)
    client.force_login(manager)
    assert "1 candidate place to offer, 2 on the waitlist" in client.get(reverse("home")).text


def test_cohort_settings_page_saves_the_days_to_answer_an_offer(client, cohort, manager):
    client.force_login(manager)
    settings = reverse("cohorts:settings", args=[cohort.slug])
    data = settings_data(client, settings)
    assert data["offer_answer_days"] == "14"
    response = client.post(settings, {**data, "offer_answer_days": "0"})
    assert "Ensure this value is greater than or equal to 1." in response.text
    assert client.post(settings, {**data, "offer_answer_days": "10"}).status_code == 302
    cohort.refresh_from_db()
    assert cohort.offer_answer_days == 10


@pytest.mark.parametrize(
    "notice", ["application_decision", "offer_answer_reminder", "place_confirmed", "place_freed"]
)
def test_notice_text_page_previews_the_offers_notices_for_a_real_recipient(
    client, cohort, manager, offered, notice
):
    declines = offered()
    offered(Decision.WAITLISTED, average=4)
    services.answer_offer(application=declines, accept=False, now=OFFERED_AT)
    client.force_login(manager)
    page = client.get(reverse("notifications:notice_text", args=[cohort.slug, notice])).text
    assert "{applicant_name}" in page
    assert "{answer_by}" in page


def test_offers_from_before_answer_by_times_are_settled_by_the_migration(cohort, offered):
    """The old rule made the applicant a member when the acceptance was e-mailed: such an offer counts as
    confirmed; one whose applicant holds no role waits for its answer until the cohort's days from today."""
    settle = import_module("applications.migrations.0009_answer_by_for_offers_made_before_it")
    member_already, removed_since, answered = offered(), offered(), offered()
    Membership.objects.create(cohort=cohort, user=member_already.applicant, role=Role.CANDIDATE)
    services.answer_offer(application=answered, accept=False, now=OFFERED_AT)
    Application.objects.update(answer_by=None)

    settle.settle_offers_without_answer_by(django_apps, None)

    member_already.refresh_from_db()
    assert (member_already.response, member_already.responded_at) == (
        Response.CONFIRMED,
        member_already.decision_sent_at,
    )
    removed_since.refresh_from_db()
    assert removed_since.response == Response.PENDING
    assert removed_since.answer_by == services.default_answer_by(cohort=cohort, now=timezone.now())
    assert removed_since.awaits_answer
    answered.refresh_from_db()
    assert (answered.response, answered.answer_by) == (Response.DECLINED, None)
