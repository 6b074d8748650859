"""Setting up a cohort year: copying one (DST-correct), creating a blank one, changing its dates."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from applications.models import Criterion
from cohorts import hooks, services
from cohorts.models import Cohort, Membership, Pairing, Role
from cto_mentor.notifications.models import Message, ReminderSetting
from sessions.models import ClassSession, Meeting

from ..applications.factories import ApplicationFactory
from ..factories import CohortFactory, UserFactory
from .year import PACIFIC, at, cohort_like_2018

NOW = datetime(2026, 11, 28, 20, 0, tzinfo=UTC)
KICKOFF_2027 = date(2027, 2, 5)  # a Friday, 470 weeks after 2018-02-02


def proposal(source, kickoff=KICKOFF_2027):
    """What the copy page proposes, made aware the way its form does."""
    weeks = services.weeks_between(source, kickoff)
    moments = hooks.proposed_moments(source=source, weeks=weeks)
    chosen = {
        m.key: (
            services.localize(m.starts, source.time_zone, m.key),
            services.localize(m.ends, source.time_zone, m.key),
        )
        for m in moments
    }
    shift = timedelta(weeks=weeks)
    timeline = services.Timeline(
        applications_open=services.localize(
            hooks.shifted(source.applications_open, weeks, source.tz), source.time_zone, "applications_open"
        ),
        applications_close=services.localize(
            hooks.shifted(source.applications_close, weeks, source.tz), source.time_zone, "applications_close"
        ),
        selection_date=source.selection_date + shift,
        notification_date=source.notification_date + shift,
        classes_start=source.classes_start + shift,
        commencement=source.commencement + shift,
    )
    return timeline, chosen, moments


def copy(source, manager, timeline, chosen, **kwargs):
    return services.create_cohort(
        program=source.program,
        actor=manager,
        name="2027 cohort",
        time_zone=source.time_zone,
        timeline=timeline,
        location=source.location,
        source=source,
        moments=chosen,
        now=NOW,
        **kwargs,
    )


def local(moment):
    return moment.astimezone(PACIFIC).strftime("%a %Y-%m-%d %H:%M %Z")


def test_copy_2018_onto_2027_keeps_local_times_across_daylight_saving(db):
    source, manager = cohort_like_2018()
    timeline, chosen, _ = proposal(source)
    cohort = copy(source, manager, timeline, chosen)
    meetings = Meeting.objects.filter(session__cohort=cohort).order_by("starts_at")
    assert [local(m.starts_at) for m in meetings] == [
        "Fri 2027-02-05 10:00 PST",
        "Fri 2027-03-05 17:30 PST",
        "Sat 2027-03-06 08:00 PST",
        "Fri 2027-04-09 17:30 PDT",  # after the change of March 14, 2027: still 5:30 p.m. on the clock
        "Sat 2027-04-10 08:00 PDT",
    ]
    assert local(cohort.applications_close) == "Fri 2026-10-02 17:00 PDT"
    assert (cohort.classes_start, cohort.commencement) == (date(2027, 2, 5), date(2027, 11, 15))


def test_copy_takes_the_plan_and_no_people(db):
    source, manager = cohort_like_2018()
    source.criteria.filter(kind="mentor").exclude(name="Hands-on experience").delete()
    source.criteria.filter(kind="mentor").update(weight=5)
    timeline, chosen, _ = proposal(source)
    cohort = copy(source, manager, timeline, chosen)
    sessions = ClassSession.objects.filter(cohort=cohort).order_by("pk")
    assert [(s.number, [t.name for t in s.topics.all()]) for s in sessions] == [
        (None, []),
        (2, ["Professional Development", "Educational Technology"]),
        (3, ["Fiscal Management"]),
    ]
    # Both rubrics: the source's mentors' rubric, changed from the default, replaces the new cohort's default.
    assert list(Criterion.objects.filter(cohort=cohort).values_list("kind", "name", "weight")) == [
        ("candidate", "Leadership experience", 3),
        ("candidate", "Commitment", 1),
        ("mentor", "Hands-on experience", 5),
    ]
    assert list(ReminderSetting.objects.filter(cohort=cohort).values_list("kind", "offsets_hours")) == [
        ("meeting", [168, 24])
    ]
    assert list(Membership.objects.filter(cohort=cohort).values_list("user", "role")) == [
        (manager.pk, Role.PROGRAM_MANAGER)
    ]
    assert Pairing.objects.filter(cohort=cohort).count() == 0
    assert cohort.candidate_places == 12
    assert cohort.history.get().history_change_reason == "Copied from 2018 cohort"


def test_copy_proposal_of_a_kickoff_on_another_weekday_keeps_fridays(db):
    source, _ = cohort_like_2018()
    weeks = services.weeks_between(source, date(2027, 2, 3))  # a Wednesday
    assert source.classes_start + timedelta(weeks=weeks) == KICKOFF_2027


def test_copy_onto_a_kickoff_in_the_past_is_refused(db):
    source, manager = cohort_like_2018()
    timeline, chosen, _ = proposal(source, kickoff=date(2026, 2, 6))
    with pytest.raises(ValidationError) as refused:
        copy(source, manager, timeline, chosen)
    assert refused.value.message_dict["classes_start"] == ["The kickoff has to be in the future."]
    assert Cohort.objects.count() == 1


def test_copy_with_a_saturday_before_its_friday_is_refused(db):
    source, manager = cohort_like_2018()
    timeline, chosen, moments = proposal(source)
    friday, saturday = [m for m in moments if m.group.startswith("Session 2")]
    chosen[saturday.key] = (
        chosen[friday.key][0] - timedelta(days=1),
        chosen[friday.key][0] - timedelta(hours=20),
    )
    with pytest.raises(ValidationError) as refused:
        copy(source, manager, timeline, chosen)
    assert refused.value.message_dict[saturday.key] == ["It must start after Session 2, Friday meeting ends."]


def test_copy_with_overlapping_meetings_is_refused(db):
    source, manager = cohort_like_2018()
    timeline, chosen, moments = proposal(source)
    kickoff, session2_friday = moments[0], moments[1]
    chosen[session2_friday.key] = (
        chosen[kickoff.key][0] + timedelta(hours=1),
        chosen[kickoff.key][1] + timedelta(hours=1),
    )
    with pytest.raises(ValidationError) as refused:
        copy(source, manager, timeline, chosen)
    assert refused.value.message_dict[session2_friday.key] == ["It overlaps Kickoff meeting, Friday meeting."]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        (
            {"applications_close": at(date(2027, 2, 6), time(17))},
            "applications_close",
            "The deadline must come before the kickoff (Fri, Feb 5, 2027).",
        ),
        (
            {"applications_open": at(date(2026, 10, 3), time(0))},
            "applications_open",
            "Applications must open before the deadline.",
        ),
        (
            {"selection_date": date(2026, 9, 1)},
            "selection_date",
            "Selection comes after the deadline (Fri, Oct 2, 2026).",
        ),
        (
            {"notification_date": date(2026, 10, 20)},
            "notification_date",
            "Notification comes after selection, or on the same day.",
        ),
        ({"commencement": date(2027, 1, 1)}, "commencement", "Final presentations come after the kickoff."),
    ],
)
def test_dates_out_of_order_are_refused_on_the_date_to_change(db, change, field, message):
    source, manager = cohort_like_2018()
    timeline, chosen, _ = proposal(source)
    timeline = services.Timeline(**{**vars(timeline), **change})
    with pytest.raises(ValidationError) as refused:
        copy(source, manager, timeline, chosen)
    assert refused.value.message_dict[field] == [message]


def test_localize_refuses_a_time_the_clocks_skip_and_one_they_show_twice():
    with pytest.raises(ValidationError) as skipped:
        services.localize(datetime(2027, 3, 14, 2, 30), "America/Los_Angeles", "starts")
    assert skipped.value.message_dict["starts"][0].startswith(
        "Sun, Mar 14, 2027, 2:30 a.m. Pacific Time does not exist"
    )
    with pytest.raises(ValidationError) as twice:
        services.localize(datetime(2027, 11, 7, 1, 30), "America/Los_Angeles", "starts")
    assert twice.value.message_dict["starts"][0].startswith(
        "Sun, Nov 7, 2027, 1:30 a.m. Pacific Time happens twice"
    )
    assert local(services.localize(datetime(2027, 3, 14, 3, 30), "America/Los_Angeles", "x")) == (
        "Sun 2027-03-14 03:30 PDT"
    )


def test_blank_cohort_makes_its_creator_program_manager(db):
    manager = UserFactory()
    program = CohortFactory().program
    cohort = services.create_cohort(
        program=program,
        actor=manager,
        name="New",
        time_zone="America/Chicago",
        timeline=services.Timeline(
            at(date(2026, 12, 1), time(0)),
            at(date(2027, 1, 15), time(17)),
            date(2027, 2, 1),
            date(2027, 2, 8),
            date(2027, 3, 5),
            date(2027, 11, 8),
        ),
        now=NOW,
    )
    assert cohort.slug == "new-2"  # "new" is the address of the new-cohort page
    assert list(cohort.memberships.values_list("user", "role")) == [(manager.pk, Role.PROGRAM_MANAGER)]
    assert ClassSession.objects.filter(cohort=cohort).count() == 0


def timeline_of(cohort, **change):
    return services.Timeline(
        **{
            name: getattr(cohort, name)
            for name in (
                "applications_open",
                "applications_close",
                "selection_date",
                "notification_date",
                "classes_start",
                "commencement",
            )
        }
        | change
    )


def test_deadline_moved_later_is_recorded_and_announced_to_drafts_only(
    db, django_capture_on_commit_callbacks
):
    cohort = CohortFactory()
    manager = UserFactory()
    draft = ApplicationFactory(cohort=cohort)
    ApplicationFactory(cohort=cohort, status="submitted")
    later = cohort.applications_close + timedelta(days=7)
    with django_capture_on_commit_callbacks(execute=True):
        told = services.update_cohort(
            cohort=cohort,
            actor=manager,
            timeline=timeline_of(cohort, applications_close=later),
            announce=True,
        )
    assert told == 1
    assert [m.to for m in mail.outbox] == [[draft.applicant.email]]
    assert "application deadline is now" in mail.outbox[0].subject
    change = cohort.history.latest()
    assert change.history_user == manager
    assert change.history_change_reason.startswith("Deadline moved from ")


def test_deadline_moved_is_noted_in_the_cohorts_zone_with_the_zone_named(db):
    cohort = CohortFactory(
        applications_open=datetime(2030, 1, 2, 9, tzinfo=PACIFIC),
        applications_close=datetime(2030, 2, 1, 17, tzinfo=PACIFIC),
        time_zone="America/Los_Angeles",
    )
    later = datetime(2030, 2, 8, 23, 59, tzinfo=PACIFIC)

    services.update_cohort(
        cohort=cohort, actor=UserFactory(), timeline=timeline_of(cohort, applications_close=later)
    )

    assert cohort.history.latest().history_change_reason == (
        "Deadline moved from Fri, Feb 1, 2030 to Fri, Feb 8, 2030, 11:59 p.m. Pacific Time (PST)"
    )


def test_deadline_moved_without_the_checkbox_or_earlier_tells_nobody(db):
    cohort = CohortFactory()
    ApplicationFactory(cohort=cohort)
    later = cohort.applications_close + timedelta(days=7)
    manager = UserFactory()
    assert (
        services.update_cohort(
            cohort=cohort, actor=manager, timeline=timeline_of(cohort, applications_close=later)
        )
        == 0
    )
    earlier = later - timedelta(days=9)
    told = services.update_cohort(
        cohort=cohort, actor=manager, timeline=timeline_of(cohort, applications_close=earlier), announce=True
    )
    assert told == 0
    assert Message.objects.filter(notice="deadline_moved").count() == 0


def test_update_refuses_dates_out_of_order_and_places_below_one(db):
    cohort = CohortFactory()
    before = cohort.applications_close
    with pytest.raises(ValidationError) as refused:
        services.update_cohort(
            cohort=cohort,
            actor=UserFactory(),
            timeline=timeline_of(cohort, applications_open=before + timedelta(days=1)),
            candidate_places=0,
        )
    assert set(refused.value.message_dict) == {"applications_open", "candidate_places"}
    cohort.refresh_from_db()
    assert cohort.applications_close == before
    assert cohort.candidate_places is None


def test_copy_takes_the_questions_the_email_texts_and_the_program_page(db):
    from applications.models import Kind, Question
    from cohorts.models import ProgramPage
    from cto_mentor.notifications.models import NoticeText

    source, manager = cohort_like_2018()
    Question.objects.filter(cohort=source, key="years-of-experience").update(
        label="Years leading K-12 technology?"
    )
    Question.objects.create(cohort=source, kind=Kind.CANDIDATE, label="Your district's size?", order=1)
    Question.objects.create(cohort=source, kind=Kind.CANDIDATE, label="No longer asked", hidden=True)
    NoticeText.objects.create(
        cohort=source, notice="application_decision", subject="Our news", body="Hi {cohort}"
    )
    ProgramPage.objects.create(cohort=source, body_markdown="# The program")
    timeline, chosen, _ = proposal(source)

    cohort = copy(source, manager, timeline, chosen)

    asked = Question.objects.filter(cohort=cohort)
    assert sorted(asked.values_list("label", flat=True)) == sorted(
        Question.objects.filter(cohort=source, hidden=False).values_list("label", flat=True)
    )
    assert asked.filter(label="Years leading K-12 technology?").count() == 1
    assert not asked.filter(label="No longer asked").exists()
    assert list(NoticeText.objects.filter(cohort=cohort).values_list("notice", "subject", "body")) == [
        ("application_decision", "Our news", "Hi {cohort}")
    ]
    assert ProgramPage.objects.get(cohort=cohort).body_markdown == "# The program"
