from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.core.management import call_command
from django.http import HttpRequest
from django.urls import reverse

from cohorts.demo import DEMO_PASSWORD, PEOPLE, seed
from cohorts.models import Cohort, Pairing, Role
from sessions.models import Assignment, SessionKind

PACIFIC = ZoneInfo("America/Los_Angeles")
TODAY = date(2026, 11, 28)

# The 2018 schedule as DESIGN.md gives it: (label, [(start, end) in Pacific wall-clock time]).
EXPECTED_2018 = [
    ("Kickoff meeting", [("2018-02-02 10:00", "2018-02-02 12:00")]),
    ("Session 1", [("2018-02-03 08:00", "2018-02-03 16:00")]),
    ("Session 2", [("2018-03-02 17:30", "2018-03-02 21:30"), ("2018-03-03 08:00", "2018-03-03 16:00")]),
    ("Session 3", [("2018-04-06 17:30", "2018-04-06 21:30"), ("2018-04-07 08:00", "2018-04-07 16:00")]),
    ("Session 4", [("2018-05-04 17:30", "2018-05-04 21:30"), ("2018-05-05 08:00", "2018-05-05 16:00")]),
    ("Session 5", [("2018-06-08 17:30", "2018-06-08 21:30"), ("2018-06-09 08:00", "2018-06-09 16:00")]),
    ("Session 6", [("2018-07-13 17:30", "2018-07-13 21:30"), ("2018-07-14 08:00", "2018-07-14 16:00")]),
    ("Session 7", [("2018-09-07 17:30", "2018-09-07 21:30"), ("2018-09-08 08:00", "2018-09-08 16:00")]),
    ("Session 8", [("2018-10-05 17:30", "2018-10-05 21:30"), ("2018-10-06 08:00", "2018-10-06 16:00")]),
    ("Final presentations and commencement", [("2018-11-12 09:00", "2018-11-12 12:00")]),
]
EXPECTED_TOPICS = {
    1: ["Leadership and Strategic Planning"],
    2: ["Professional Development", "Educational Technology"],
    3: ["Fiscal Management"],
    4: ["Security Fundamentals", "Organizational Management"],
    5: ["Staff and Student Centered Aspects", "Personnel Management"],
    6: ["Technology Infrastructure and Data Systems", "Project Management"],
    7: ["Assessment and Accountability"],
    8: ["Technology Policies and Standards", "Technology Leadership"],
}


def pacific(text):
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=PACIFIC)


@pytest.fixture
def seeded(db):
    seed(TODAY)


def schedule_of(cohort):
    return [
        (str(session), [(m.starts_at, m.ends_at) for m in session.meetings.order_by("starts_at")])
        for session in cohort.class_sessions.in_schedule_order()
    ]


def test_seed_demo_2018_schedule_matches_design_to_the_minute(seeded):
    cohort = Cohort.objects.get(slug="2018")
    expected = [(label, [(pacific(a), pacific(b)) for a, b in meetings]) for label, meetings in EXPECTED_2018]
    assert schedule_of(cohort) == expected


def test_seed_demo_2018_hours_hold_on_both_sides_of_daylight_saving(seeded):
    cohort = Cohort.objects.get(slug="2018")
    fridays = (
        cohort.class_sessions.get(number=2).meetings.order_by("starts_at").first(),
        cohort.class_sessions.get(number=3).meetings.order_by("starts_at").first(),
    )
    # March 2 is standard time (UTC-8), April 6 daylight time (UTC-7): both 5:30 p.m. Pacific.
    assert [m.starts_at.astimezone(UTC) for m in fridays] == [
        datetime(2018, 3, 3, 1, 30, tzinfo=UTC),
        datetime(2018, 4, 7, 0, 30, tzinfo=UTC),
    ]
    final = cohort.class_sessions.get(kind=SessionKind.FINAL).meetings.get()
    assert final.starts_at.astimezone(UTC) == datetime(2018, 11, 12, 17, 0, tzinfo=UTC)


def test_seed_demo_2018_deadline_and_topics(seeded):
    cohort = Cohort.objects.get(slug="2018")
    assert cohort.applications_open == pacific("2017-08-23 00:00")
    assert cohort.applications_close == pacific("2017-09-29 17:00")
    assert cohort.applications_close.astimezone(UTC) == datetime(2017, 9, 30, 0, 0, tzinfo=UTC)
    topics = {s.number: [t.name for t in s.topics.all()] for s in cohort.class_sessions.filter(kind="class")}
    assert topics == EXPECTED_TOPICS
    assert cohort.class_sessions.get(kind=SessionKind.KICKOFF).mentors_expected is True


def test_seed_demo_under_way_cohort_has_past_and_coming_meetings(seeded):
    cohort = Cohort.objects.get(slug="demo-under-way")
    now = pacific("2026-11-28 12:00")
    starts = list(cohort.class_sessions.filter(kind="class").values_list("meetings__starts_at", flat=True))
    assert sum(s < now for s in starts) >= 4
    assert sum(s > now for s in starts) >= 4


def test_seed_demo_next_cohort_is_open_for_applications(seeded):
    cohort = Cohort.objects.get(slug="demo-next")
    assert cohort.is_accepting_applications(pacific("2026-11-28 12:00")) is True
    assert cohort.applications_close.astimezone(PACIFIC).hour == 17


def test_seed_demo_roles_and_pairing(seeded):
    under_way = Cohort.objects.get(slug="demo-under-way")
    roles = {
        (m.user.email, m.cohort.slug, m.role) for m in under_way.memberships.select_related("user", "cohort")
    }
    assert roles == {
        ("manager@example.org", "demo-under-way", Role.PROGRAM_MANAGER),
        ("instructor@example.org", "demo-under-way", Role.INSTRUCTOR),
        ("mentor@example.org", "demo-under-way", Role.MENTOR),
        ("candidate@example.org", "demo-under-way", Role.CANDIDATE),
        ("candidate2@example.org", "demo-under-way", Role.CANDIDATE),
    }
    assert list(Pairing.objects.values_list("mentor__email", "candidate__email")) == [
        ("mentor@example.org", "candidate@example.org")
    ]
    assert (
        Cohort.objects.get(slug="demo-next")
        .memberships.filter(user__email="reviewer@example.org", role=Role.REVIEWER)
        .exists()
    )


def test_seed_demo_2018_cohort_has_its_graduates_in_the_archive(seeded, client):
    cohort = Cohort.objects.get(slug="2018")
    assert sorted(cohort.completions.values_list("candidate__email", "completed_on")) == [
        ("elena.ruiz@example.org", date(2018, 11, 12)),
        ("james.okafor@example.org", date(2018, 11, 12)),
    ]
    client.force_login(cohort.memberships.get(role=Role.PROGRAM_MANAGER).user)
    archive = client.get(reverse("cohorts:archive", args=[cohort.slug])).text
    graduates = archive[archive.index("Candidates and completion") :]
    assert "2 of 3 candidates met all ten responsibilities and completed the program" in graduates
    assert ("Elena Ruiz" in graduates, "James Okafor" in graduates, "Paul Hart" in graduates) == (
        True,
        True,
        False,
    )


def _snapshot():
    """Every row of every model of the project, as values."""
    labels = {
        "users",
        "cohorts",
        "class_sessions",
        "applications",
        "portfolios",
        "completion",
        "notifications",
        "auth",
    }
    return {
        model._meta.label: sorted(map(repr, model.objects.values_list()))
        for model in apps.get_models()
        if model._meta.app_label in labels
    }


def test_seed_demo_second_run_creates_and_changes_nothing(seeded):
    before = _snapshot()
    assert seed(TODAY) == 0
    assert _snapshot() == before


def test_seed_demo_logins_work(seeded, client):
    for email in PEOPLE:
        assert client.login(request=HttpRequest(), email=email, password=DEMO_PASSWORD), email
        client.logout()


def test_seed_demo_command_lists_the_logins(db, capsys):
    call_command("seed_demo")
    output = capsys.readouterr().out
    assert all(email in output for email in PEOPLE)
    assert DEMO_PASSWORD in output


def test_seed_demo_next_cohort_has_applications_at_every_stage(seeded):
    from applications.models import Application

    cohort = Cohort.objects.get(slug="demo-next")
    stages = sorted(
        Application.objects.filter(cohort=cohort).values_list("applicant__email", "kind", "status")
    )
    assert stages == [
        ("dana.price@example.org", "candidate", "submitted"),
        ("eli.brooks@example.org", "candidate", "draft"),
        ("fran.ortiz@example.org", "mentor", "submitted"),
        ("gil.hart@example.org", "candidate", "submitted"),
    ]
    reviewed = Application.objects.filter(cohort=cohort, reviews__reviewer__email="reviewer@example.org")
    assert reviewed.count() == 3
    assert reviewed.filter(reviews__status="submitted").count() == 1


def test_seed_demo_class_year_under_way_has_records_so_far(seeded):
    from sessions.models import Attendance, Presentation, Submission

    cohort = Cohort.objects.get(slug="demo-under-way")
    marks = Attendance.objects.filter(meeting__session__cohort=cohort)
    assert marks.filter(person__email="candidate2@example.org").exclude(status="present").count() == 3
    assert not marks.filter(meeting__starts_at__gt=pacific("2026-11-28 12:00")).exists()
    grades = sorted(
        Submission.objects.filter(assignment__session__cohort=cohort).values_list("candidate__email", "grade")
    )
    assert grades == [
        ("candidate2@example.org", ""),
        ("candidate@example.org", "needs_revision"),
        ("candidate@example.org", "pass"),
    ]
    assert Presentation.objects.filter(session__cohort=cohort).count() == 3


def test_seed_demo_mentoring_under_way(seeded):
    from portfolios.models import Feedback, MentorMeeting, MidYearEvaluation, Portfolio, ProgramFeedback

    portfolio = Portfolio.objects.get(cohort__slug="demo-under-way", candidate__email="candidate@example.org")
    assert (portfolio.artifacts.count(), portfolio.reflections.count()) == (2, 2)
    meetings = MentorMeeting.objects.filter(pairing__candidate=portfolio.candidate)
    assert (meetings.held().count(), meetings.awaiting_confirmation().count()) == (3, 1)
    [ahead] = meetings.scheduled()
    assert ahead.starts_at > pacific("2026-11-28 12:00")
    assert (portfolio.consultations.get().messages.count(), portfolio.work_study.count()) == (2, 1)
    assert sorted(Feedback.objects.filter(portfolio=portfolio).values_list("audience", flat=True)) == [
        "mentor_to_candidate",
        "mentor_to_manager",
    ]
    assert MidYearEvaluation.objects.get(portfolio=portfolio).starts_at > pacific("2026-11-28 12:00")
    assert ProgramFeedback.objects.filter(cohort__slug="demo-under-way").count() == 3


@pytest.mark.parametrize("today", [date(2026, 12, 3), date(2026, 12, 4)], ids=["thursday", "friday"])
def test_seed_demo_on_any_weekday_leaves_the_staffing_plan_to_come(db, today):
    """The cohort under way's sessions fall on Fridays counted back from the day the demo is seeded: on a
    Thursday, session 5 meets the next evening, and its assignment is still to be handed in."""
    seed(today)
    staffing_plan = Assignment.objects.get(title="Staffing plan")
    assert staffing_plan.due_at > datetime.combine(today, time(12), tzinfo=PACIFIC)
    assert staffing_plan.due_at < staffing_plan.session.meetings.earliest("starts_at").starts_at
