from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Role
from cto_mentor.dates import in_zone
from cto_mentor.notifications.models import Message, Preference, ReminderSetting
from cto_mentor.notifications.reminders import send_due_reminders

from ..factories import ClassSessionFactory, CohortFactory, MeetingFactory, MembershipFactory

PACIFIC = ZoneInfo("America/Los_Angeles")


@pytest.fixture
def class_day(cohort, people):
    """A Saturday class meeting on 2030-03-16 at 8:00 Pacific (daylight time began on March 10)."""
    cohort.commencement = datetime(2030, 11, 11).date()
    cohort.save(update_fields=["commencement"])
    session = ClassSessionFactory(cohort=cohort, title="Fiscal Management")
    session.instructors.add(people["instructor"])
    start = datetime(2030, 3, 16, 8, tzinfo=PACIFIC)
    return MeetingFactory(session=session, starts_at=start, ends_at=start + timedelta(hours=8))


def occasion(message):
    """The occasion part of the message's outbox key: the reminder's offset and the moment it counts back from."""
    return message.key.split("|")[2]


def reminded(meeting):
    return sorted(Message.objects.filter(notice="meeting_reminder").values_list("to_email", flat=True))


@pytest.fixture(autouse=True)
def no_quiet_pair_or_behind_reminders(cohort):
    """The pairs of the `people` fixture never logged a meeting, so their candidates are behind; these tests
    are about the other reminders (tests/completion/test_behind_notice.py is about candidates behind)."""
    ReminderSetting.objects.create(cohort=cohort, kind="quiet_pair", offsets_hours=[672], enabled=False)
    ReminderSetting.objects.create(cohort=cohort, kind="candidate_behind", offsets_hours=[168], enabled=False)


def test_meeting_reminder_goes_to_everyone_expected_once(
    class_day, people, django_capture_on_commit_callbacks
):
    two_days_before = datetime(2030, 3, 14, 8, tzinfo=PACIFIC)
    with django_capture_on_commit_callbacks(execute=True):
        assert send_due_reminders(now=two_days_before) == 3
        assert send_due_reminders(now=two_days_before + timedelta(minutes=15)) == 0
    expected = sorted(people[role].email for role in ["candidate", "other_candidate", "instructor"])
    assert sorted(m.to[0] for m in mail.outbox) == expected
    assert mail.outbox[0].attachments[0][0] == "meeting.ics"
    # The class meeting is an ordinary session: mentors, reviewers and program managers are not expected.
    assert people["mentor"].email not in reminded(class_day)
    assert "Fiscal Management" in mail.outbox[0].subject


def test_meeting_reminder_to_mentors_for_the_kickoff(cohort, people):
    kickoff = MeetingFactory(session__cohort=cohort, session__mentors_expected=True, session__kind="kickoff")
    send_due_reminders(now=kickoff.starts_at - timedelta(hours=47))
    assert people["mentor"].email in reminded(kickoff)
    assert people["other_mentor"].email in reminded(kickoff)


def test_meeting_reminder_counts_days_on_the_cohorts_clock_across_daylight_saving(class_day):
    # 48 hours before on the Pacific clock is Thursday 8:00 PDT = 15:00 UTC; 48 elapsed hours would be 15:00
    # UTC too here, so use the week-long offset, which spans the change on March 10.
    ReminderSetting.objects.create(cohort=class_day.session.cohort, kind="meeting", offsets_hours=[168])
    week_before_on_the_clock = datetime(2030, 3, 9, 8, tzinfo=PACIFIC)  # 16:00 UTC, standard time
    assert week_before_on_the_clock.astimezone(UTC) == datetime(2030, 3, 9, 16, tzinfo=UTC)
    assert (
        send_due_reminders(now=datetime(2030, 3, 9, 15, 30, tzinfo=UTC)) == 0
    )  # 168 elapsed hours, too early
    assert send_due_reminders(now=datetime(2030, 3, 9, 16, 0, tzinfo=UTC)) == 3


def test_meeting_reminder_not_before_its_time_nor_after_the_start(class_day):
    assert send_due_reminders(now=class_day.starts_at - timedelta(hours=49)) == 0
    assert send_due_reminders(now=class_day.starts_at + timedelta(minutes=1)) == 0
    assert Message.objects.count() == 0


def test_missed_reminder_points_give_one_reminder_not_several(class_day):
    ReminderSetting.objects.create(cohort=class_day.session.cohort, kind="meeting", offsets_hours=[168, 24])
    send_due_reminders(now=class_day.starts_at - timedelta(hours=12))
    assert [occasion(m) for m in Message.objects.all()] == ["24h@2030-03-16T15:00:00+00:00"] * 3
    send_due_reminders(now=class_day.starts_at - timedelta(hours=11))
    assert Message.objects.count() == 3


def test_reminder_turned_off_by_the_cohort_or_the_person(class_day, people):
    Preference.objects.create(user=people["candidate"], notice="meeting_reminder", enabled=False)
    send_due_reminders(now=class_day.starts_at - timedelta(hours=24))
    assert people["candidate"].email not in reminded(class_day)
    Message.objects.all().delete()
    ReminderSetting.objects.create(
        cohort=class_day.session.cohort, kind="meeting", offsets_hours=[48], enabled=False
    )
    assert send_due_reminders(now=class_day.starts_at - timedelta(hours=24)) == 0


def test_reminders_skip_cohorts_long_finished(db):
    old = CohortFactory(
        applications_open=datetime(2017, 8, 23, tzinfo=PACIFIC),
        applications_close=datetime(2017, 9, 29, 17, tzinfo=PACIFIC),
        selection_date=datetime(2017, 10, 31).date(),
        notification_date=datetime(2017, 10, 31).date(),
        classes_start=datetime(2018, 2, 2).date(),
        commencement=datetime(2018, 11, 12).date(),
    )
    MembershipFactory(cohort=old, role=Role.CANDIDATE)
    MeetingFactory(
        session__cohort=old,
        starts_at=datetime(2018, 3, 3, 8, tzinfo=PACIFIC),
        ends_at=datetime(2018, 3, 3, 16, tzinfo=PACIFIC),
    )
    assert send_due_reminders(now=datetime(2026, 11, 28, tzinfo=UTC)) == 0


REFUSED = ["applicant", "reviewer", "instructor", "mentor", "candidate", "manager_of_other_cohort"]


@pytest.mark.parametrize("role", REFUSED)
def test_reminder_settings_refused_to_all_but_the_cohorts_managers(client, cohort, people, role):
    client.force_login(people[role])
    url = reverse("notifications:reminder_settings", args=[cohort.slug])
    assert client.get(url).status_code == 404
    assert client.post(url, {"meeting_enabled": "on", "meeting_offsets": "1d"}).status_code == 404
    assert not ReminderSetting.objects.filter(kind="meeting").exists()


def test_reminder_settings_manager_changes_times(client, cohort, people):
    client.force_login(people["program_manager"])
    url = reverse("notifications:reminder_settings", args=[cohort.slug])
    assert 'value="2d"' in client.get(url).text
    client.post(url, {"meeting_enabled": "on", "meeting_offsets": "1w, 1d, 3h"})
    setting = ReminderSetting.objects.get(cohort=cohort, kind="meeting")
    assert (setting.enabled, setting.offsets_hours) == (True, [168, 24, 3])


def test_reminder_settings_bad_times_are_explained_and_kept(client, cohort, people):
    client.force_login(people["program_manager"])
    url = reverse("notifications:reminder_settings", args=[cohort.slug])
    response = client.post(url, {"meeting_enabled": "on", "meeting_offsets": "tomorrow"})
    assert response.status_code == 200
    assert "is not a time before" in response.text
    assert 'value="tomorrow"' in response.text
    assert not ReminderSetting.objects.filter(kind="meeting").exists()


def sent_to(notice):
    return sorted(Message.objects.filter(notice=notice).values_list("to_email", flat=True))


def test_application_deadline_reminder_to_drafts_only_with_the_missing_parts(cohort):
    from ..applications.factories import ApplicationFactory, ExtensionFactory

    draft = ApplicationFactory(cohort=cohort)
    submitted = ApplicationFactory(cohort=cohort, status="submitted")
    extended = ApplicationFactory(cohort=cohort)
    ExtensionFactory(
        cohort=cohort, applicant=extended.applicant, until=cohort.applications_close + timedelta(days=5)
    )
    day_before = cohort.applications_close - timedelta(hours=23)
    send_due_reminders(now=day_before)
    send_due_reminders(now=cohort.applications_close + timedelta(days=4, hours=1))
    reminders = Message.objects.filter(notice="application_deadline_reminder")
    # Each against their own deadline: the extended applicant a week and a day before theirs.
    close, extended_close = cohort.applications_close, cohort.applications_close + timedelta(days=5)
    assert sorted((m.to_email, occasion(m)) for m in reminders) == sorted(
        [
            (draft.applicant.email, f"24h@{close.astimezone(UTC).isoformat()}"),
            (extended.applicant.email, f"168h@{extended_close.astimezone(UTC).isoformat()}"),
            (extended.applicant.email, f"24h@{extended_close.astimezone(UTC).isoformat()}"),
        ]
    )
    assert submitted.applicant.email not in sent_to("application_deadline_reminder")
    assert "Resume" in reminders.filter(to_email=draft.applicant.email).get().body_text


def test_assignment_reminder_to_candidates_who_have_not_submitted(cohort, people):
    from ..class_sessions.factories import AssignmentFactory, SubmissionFactory

    assignment = AssignmentFactory(session__cohort=cohort)
    SubmissionFactory(assignment=assignment, candidate=people["candidate"])
    send_due_reminders(now=assignment.due_at - timedelta(hours=47))
    assert sent_to("assignment_due_reminder") == [people["other_candidate"].email]
    assert assignment.title in Message.objects.get(notice="assignment_due_reminder").subject


def test_event_reminder_for_a_mid_year_evaluation_to_candidate_and_mentor(cohort, people):
    from ..portfolios.factories import MidYearEvaluationFactory, PortfolioFactory

    portfolio = PortfolioFactory(cohort=cohort, candidate=people["candidate"])
    evaluation = MidYearEvaluationFactory(portfolio=portfolio, mentor=people["mentor"])
    send_due_reminders(now=evaluation.starts_at - timedelta(hours=24))
    assert sent_to("event_reminder") == sorted([people["candidate"].email, people["mentor"].email])


def test_quiet_pair_reminder_once_per_quiet_spell(cohort, people):
    from ..portfolios.factories import MentorMeetingFactory

    ReminderSetting.objects.filter(kind="quiet_pair").update(enabled=True, offsets_hours=[336])
    pairing = cohort.pairings.get()
    later = timezone.now() + timedelta(weeks=3)
    cohort.classes_start = timezone.localdate() - timedelta(weeks=1)
    cohort.save(update_fields=["classes_start"])
    send_due_reminders(now=later)
    send_due_reminders(now=later + timedelta(days=1))
    assert sent_to("quiet_pair_reminder") == sorted([pairing.mentor.email, pairing.candidate.email])
    MentorMeetingFactory(pairing=pairing, held_on=later.date())
    send_due_reminders(now=later + timedelta(weeks=1))
    assert len(sent_to("quiet_pair_reminder")) == 2  # they met: no new reminder
    send_due_reminders(now=later + timedelta(weeks=2, days=1))
    assert len(sent_to("quiet_pair_reminder")) == 4  # a new quiet spell


def test_nominator_reminder_carries_a_fresh_link_once(cohort, client):
    from applications.models import Nomination

    from ..applications.factories import ApplicationFactory, NominationFactory

    nomination = NominationFactory(application=ApplicationFactory(cohort=cohort), token="the-first-link")
    day_before = cohort.applications_close - timedelta(hours=23)
    send_due_reminders(now=day_before)
    send_due_reminders(now=day_before + timedelta(minutes=15))
    message = Message.objects.get(notice="nomination_reminder")
    assert message.to_email == nomination.nominator_email
    new_token = message.link.rstrip("/").rsplit("/", 1)[1]
    nomination.refresh_from_db()
    assert nomination.token_hash == Nomination.hash_token(new_token)  # the second run changed nothing
    assert client.get(message.link.replace("http://127.0.0.1:8000", "")).status_code == 200
    assert client.get("/applications/nominate/the-first-link/").status_code == 410


# A moment moved, a clock changed --------------------------------------------------------------------------


def test_meeting_moved_by_a_day_after_its_reminder_is_reminded_before_the_new_time(class_day):
    from sessions.services import save_meeting

    send_due_reminders(now=datetime(2030, 3, 14, 8, tzinfo=PACIFIC))  # 48 hours before Saturday 8:00
    sunday = datetime(2030, 3, 17, 8, tzinfo=PACIFIC)
    save_meeting(
        session=class_day.session, meeting=class_day, starts_at=sunday, ends_at=sunday + timedelta(hours=8)
    )
    assert send_due_reminders(now=datetime(2030, 3, 15, 7, 45, tzinfo=PACIFIC)) == 0
    assert send_due_reminders(now=datetime(2030, 3, 15, 8, tzinfo=PACIFIC)) == 3
    assert send_due_reminders(now=datetime(2030, 3, 16, 8, tzinfo=PACIFIC)) == 0
    latest = Message.objects.filter(notice="meeting_reminder").order_by("-pk").first()
    assert "is on Sun, Mar 17, 2030, 8:00 a.m.–4:00 p.m. Pacific Time (PDT)." in latest.body_text


def test_applicant_granted_an_extension_after_the_reminder_is_reminded_before_the_new_deadline(
    cohort, people
):
    from applications.services import grant_extension

    from ..applications.factories import ApplicationFactory

    draft = ApplicationFactory(cohort=cohort)
    close = cohort.applications_close
    send_due_reminders(now=close - timedelta(hours=23))
    new_deadline = close + timedelta(days=3)
    grant_extension(
        cohort=cohort,
        applicant=draft.applicant,
        until=new_deadline,
        reason="A family emergency.",
        granted_by=people["program_manager"],
    )
    assert send_due_reminders(now=new_deadline - timedelta(hours=23)) == 1
    reminders = Message.objects.filter(notice="application_deadline_reminder").order_by("pk")
    assert [occasion(m) for m in reminders] == [
        f"24h@{close.astimezone(UTC).isoformat()}",
        f"24h@{new_deadline.astimezone(UTC).isoformat()}",
    ]
    assert f"due\n{in_zone(new_deadline, cohort)}" in reminders.last().body_text


def test_nominator_reminded_again_before_the_applicants_new_deadline(cohort, people):
    from applications.services import grant_extension

    from ..applications.factories import ApplicationFactory, NominationFactory

    nomination = NominationFactory(application=ApplicationFactory(cohort=cohort))
    close = cohort.applications_close
    send_due_reminders(now=close - timedelta(hours=23))
    new_deadline = close + timedelta(days=3)
    grant_extension(
        cohort=cohort,
        applicant=nomination.application.applicant,
        until=new_deadline,
        reason="A family emergency.",
        granted_by=people["program_manager"],
    )
    send_due_reminders(now=new_deadline - timedelta(hours=23))
    first, second = Message.objects.filter(notice="nomination_reminder").order_by("pk")
    assert (first.to_email, second.to_email) == (nomination.nominator_email, nomination.nominator_email)
    assert first.link != second.link  # a fresh link, good until after the new deadline
    assert in_zone(new_deadline, cohort) in second.body_text


@pytest.mark.parametrize(
    "starts_at, week_before, day_before",
    [
        # Clocks went back on Sunday, November 3: a week before 10:00 PST is 10:00 PDT, 169 hours before.
        (
            datetime(2030, 11, 9, 10, tzinfo=PACIFIC),
            datetime(2030, 11, 2, 17, tzinfo=UTC),
            datetime(2030, 11, 8, 18, tzinfo=UTC),
        ),
        # Clocks went forward on Sunday, March 10: a week before 10:00 PDT is 10:00 PST, 167 hours before.
        (
            datetime(2030, 3, 16, 10, tzinfo=PACIFIC),
            datetime(2030, 3, 9, 18, tzinfo=UTC),
            datetime(2030, 3, 15, 17, tzinfo=UTC),
        ),
    ],
    ids=["autumn", "spring"],
)
def test_meeting_reminded_once_per_point_at_its_time_of_day_across_daylight_saving(
    cohort, people, starts_at, week_before, day_before
):
    cohort.commencement = datetime(2030, 11, 30).date()
    cohort.save(update_fields=["commencement"])
    ReminderSetting.objects.create(cohort=cohort, kind="meeting", offsets_hours=[168, 24])
    meeting = MeetingFactory(
        session__cohort=cohort, starts_at=starts_at, ends_at=starts_at + timedelta(hours=6)
    )
    queued_at = {}
    now = meeting.starts_at.astimezone(UTC) - timedelta(days=8)  # the beat's clock: UTC, as timezone.now()
    while now < meeting.starts_at + timedelta(hours=1):  # every hour for eight days
        send_due_reminders(now=now)
        for message in Message.objects.filter(notice="meeting_reminder"):
            queued_at.setdefault(occasion(message), now)
        now += timedelta(hours=1)
    moment = meeting.starts_at.astimezone(UTC).isoformat()
    assert queued_at == {f"168h@{moment}": week_before, f"24h@{moment}": day_before}
    assert Message.objects.filter(notice="meeting_reminder").count() == 2 * 2  # the two candidates, once each
