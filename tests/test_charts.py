"""The SVG charts and the program manager's cohort dashboard built from them."""

from datetime import timedelta

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from applications import insights as application_insights
from applications.models import Decision, Kind, ReviewStatus, Status
from cohorts import insights
from cohorts.models import Pairing
from cto_mentor import charts
from portfolios import insights as portfolio_insights
from portfolios.services.mentoring import log_meeting, schedule_meeting
from sessions import insights as session_insights
from sessions.models import AttendanceStatus, Grade
from sessions.services import Mark, record_attendance

from .applications.factories import (
    ApplicationFactory,
    CompleteApplicationFactory,
    NominationFactory,
    ResumeFactory,
    ReviewFactory,
)
from .class_sessions.factories import AssignmentFactory, AttendanceFactory, SubmissionFactory
from .factories import ClassSessionFactory, MeetingFactory, PairingFactory
from .portfolios.factories import MentorMeetingFactory


def test_bar_chart_escapes_labels_and_names_itself():
    chart = charts.bar_chart([("<b>Ada</b> & co", 3), ("Grace", 6)], title="Meetings <per> pair")

    assert "<b>" not in chart.svg
    assert "&lt;b&gt;Ada&lt;/b&gt; &amp; co" in chart.svg
    assert 'role="img"' in chart.svg
    assert "Meetings &lt;per&gt; pair</title>" in chart.svg
    assert chart.rows == [["<b>Ada</b> & co", 3], ["Grace", 6]]


def test_bar_chart_scales_bars_to_the_largest_value():
    chart = charts.bar_chart([("Half", 5), ("Full", 10)], title="Scale")

    assert f'width="{charts.BAR_WIDTH // 2}" height' in chart.svg
    assert f'width="{charts.BAR_WIDTH}" height="20" fill="{charts.BAR}"' in chart.svg


def test_bar_chart_with_only_zeros_draws_empty_bars():
    chart = charts.bar_chart([("None", 0)], title="Zero")

    assert f'width="0" height="20" fill="{charts.BAR}"' in chart.svg


def test_progress_chart_writes_done_of_total_with_share():
    chart = charts.progress_chart([("Reviewer", 1, 4), ("Nobody assigned", 0, 0)], title="Progress")

    assert "1 of 4 (25%)" in chart.svg
    assert chart.rows == [["Reviewer", 1, 4, "25%"], ["Nobody assigned", 0, 0, "0%"]]


def test_heat_map_names_every_cell_in_words():
    chart = charts.heat_map(["Ada"], ["Feb 3", "Mar 2"], [[(1.0, "Present"), None]], title="Attendance")

    assert "<title>Ada, Feb 3: Present</title>" in chart.svg
    assert "<title>Ada, Mar 2: not recorded</title>" in chart.svg
    assert chart.rows == [["Ada", "Present", "—"]]


def test_empty_chart_is_empty():
    assert charts.bar_chart([], title="Nothing").is_empty is True


def test_heat_map_without_columns_is_empty():
    assert charts.heat_map(["Ada"], [], [[]], title="Attendance").is_empty is True


def test_application_funnel_counts_each_stage_reached(cohort):
    ApplicationFactory(cohort=cohort)  # started only
    complete = CompleteApplicationFactory(cohort=cohort, kind=Kind.MENTOR)
    ResumeFactory(application=complete)
    reviewed = CompleteApplicationFactory(cohort=cohort, status=Status.SUBMITTED)
    ReviewFactory(application=reviewed, status=ReviewStatus.SUBMITTED)
    CompleteApplicationFactory(cohort=cohort, status=Status.SUBMITTED, decision=Decision.ACCEPTED)
    ApplicationFactory(cohort=cohort, status=Status.WITHDRAWN)

    chart = application_insights.application_funnel(cohort=cohort)

    assert chart.rows == [["Started", 4], ["Complete", 3], ["Submitted", 2], ["Reviewed", 1], ["Decided", 1]]


def test_application_funnel_needs_a_nomination_for_a_complete_candidate(cohort):
    application = CompleteApplicationFactory(cohort=cohort)
    ResumeFactory(application=application)
    NominationFactory(application=application)  # requested, not received

    assert application_insights.application_funnel(cohort=cohort).rows[1] == ["Complete", 0]


def test_reviewer_progress_counts_submitted_out_of_assigned(cohort, people):
    reviewer = people["reviewer"]
    reviewer.first_name, reviewer.last_name = "Rita", "Reviewer"
    reviewer.save()
    for status in (ReviewStatus.SUBMITTED, ReviewStatus.ASSIGNED, ReviewStatus.CONFLICT):
        ReviewFactory(reviewer=reviewer, application__cohort=cohort, status=status)

    assert application_insights.reviewer_progress(cohort=cohort).rows == [["Rita Reviewer", 1, 2, "50%"]]


def test_attendance_heat_map_has_a_row_per_candidate_and_a_column_per_meeting(cohort, people):
    meeting = MeetingFactory(session__cohort=cohort)
    AttendanceFactory(meeting=meeting, person=people["candidate"], status=AttendanceStatus.LATE)

    chart = session_insights.attendance_heat_map(cohort=cohort)

    assert len(chart.columns) == 2
    assert chart.columns[1].startswith(f"{meeting.session.label}, ")
    assert sorted(chart.rows) == sorted(
        [[str(people["candidate"]), "Late"], [str(people["other_candidate"]), "—"]]
    )


def test_assignment_completion_counts_newest_versions_per_session(cohort, people):
    session = ClassSessionFactory(cohort=cohort, number=1)
    first, second = AssignmentFactory(session=session), AssignmentFactory(session=session)
    SubmissionFactory(assignment=first, candidate=people["candidate"], grade=Grade.NEEDS_REVISION)
    SubmissionFactory(assignment=first, candidate=people["candidate"], version=2, grade=Grade.PASS)
    SubmissionFactory(assignment=second, candidate=people["other_candidate"])

    chart = session_insights.assignment_completion(cohort=cohort, candidates=2)

    # 2 assignments × 2 candidates expected; 2 handed in (newest versions), 1 passed.
    assert chart.rows == [["Session 1", 2, 4, "50%", 1]]


def test_assignment_completion_lists_sessions_with_work_by_its_first_due_time(cohort):
    now = timezone.now()
    later, sooner = ClassSessionFactory(cohort=cohort, number=1), ClassSessionFactory(cohort=cohort, number=2)
    ClassSessionFactory(cohort=cohort, number=3)  # no assignments
    AssignmentFactory(session=later, due_at=now + timedelta(days=3))
    AssignmentFactory(session=sooner, due_at=now + timedelta(days=9))
    AssignmentFactory(session=sooner, due_at=now + timedelta(days=1))

    chart = session_insights.assignment_completion(cohort=cohort, candidates=3)

    assert chart.rows == [["Session 2", 0, 6, "0%", 0], ["Session 1", 0, 3, "0%", 0]]


def test_mentor_meetings_counts_each_pair(cohort, people):
    pairing = Pairing.objects.get(cohort=cohort)
    MentorMeetingFactory(pairing=pairing)
    MentorMeetingFactory(pairing=pairing)

    chart = portfolio_insights.mentor_meetings(cohort=cohort, now=timezone.now())

    assert [row[:2] for row in chart.rows] == [[f"{pairing.mentor} & {pairing.candidate}", 2]]


def test_mentor_meetings_pictures_a_page_of_pairs_by_the_candidates_name(cohort, people):
    PairingFactory(cohort=cohort, candidate=people["other_candidate"])
    pairs = sorted(
        Pairing.objects.filter(cohort=cohort),
        key=lambda pair: (pair.candidate.last_name, pair.candidate.first_name, pair.pk),
    )

    chart = portfolio_insights.mentor_meetings(cohort=cohort, now=timezone.now(), page_number=2, per_page=1)

    assert [row[0] for row in chart.rows] == [f"{pairs[1].mentor} & {pairs[1].candidate}"]
    assert (chart.page.number, chart.page.paginator.count) == (2, 2)


def test_mentor_meetings_gives_the_monthly_rate_and_the_last_meeting(cohort, people):
    today = timezone.localdate(timezone.now(), cohort.tz)
    cohort.classes_start = today - timedelta(days=122)  # four months (of 30.44 days)
    cohort.save()
    pairing = Pairing.objects.get(cohort=cohort)
    for days_ago in (40, 9, 20):
        MentorMeetingFactory(pairing=pairing, held_on=today - timedelta(days=days_ago))
    PairingFactory(cohort=cohort, candidate=people["other_candidate"])

    chart = portfolio_insights.mentor_meetings(cohort=cohort, now=timezone.now())

    assert chart.columns == ["", "Meetings", "Per month", "Last meeting"]
    last = today - timedelta(days=9)
    assert sorted(row[1:] for row in chart.rows) == [
        [0, 0.0, "none yet"],
        [3, 0.7, f"{last:%a, %b} {last.day}, {last.year}"],
    ]


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("program_manager", 200),
        ("reviewer", 404),
        ("instructor", 404),
        ("mentor", 404),
        ("candidate", 404),
        ("applicant", 404),
        ("manager_of_other_cohort", 404),
    ],
)
def test_cohort_dashboard_only_for_the_cohorts_manager(client, cohort, people, role, status):
    client.force_login(people[role])

    response = client.get(reverse("cohorts:dashboard", args=[cohort.slug]))

    assert response.status_code == status


def test_cohort_dashboard_sends_anonymous_visitors_to_log_in(client, cohort):
    url = reverse("cohorts:dashboard", args=[cohort.slug])

    response = client.get(url)

    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={url}"


def test_cohort_dashboard_shows_each_picture_with_its_table(client, cohort, people):
    CompleteApplicationFactory(cohort=cohort, status=Status.SUBMITTED)
    client.force_login(people["program_manager"])

    response = client.get(reverse("cohorts:dashboard", args=[cohort.slug]))

    html = response.content.decode()
    # The funnel and the pair's (empty) meeting count; no reviews, meetings or assignments yet.
    assert html.count('<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img"') == 2
    assert html.count("<summary>The numbers</summary>") == 2
    assert html.count("Nothing to show yet.") == 3
    assert '<caption id="chart-1-numbers">Application funnel</caption>' in html
    assert "<script" not in html.split("</main>")[0]


def test_cohort_dashboard_expects_each_assignment_from_every_candidate(client, cohort, people):
    AssignmentFactory(session=ClassSessionFactory(cohort=cohort, number=1))
    client.force_login(people["program_manager"])

    response = client.get(reverse("cohorts:dashboard", args=[cohort.slug]))

    # Two candidates, neither has handed it in.
    assert '<tr><th scope="row">Session 1</th><td>0</td><td>2</td><td>0%</td><td>0</td></tr>' in (
        response.content.decode()
    )


def test_manager_home_panel_links_to_the_dashboard(client, cohort, people):
    client.force_login(people["program_manager"])

    response = client.get(reverse("home"))

    assert (
        f'href="{reverse("cohorts:dashboard", args=[cohort.slug])}">Dashboard</a>'
        in response.content.decode()
    )


# session, user, roles, cohort, then a fixed number per picture (the heat map's at-risk rows: the ten
# responsibilities' evidence of the page's candidates)
QUERIES = 24


def _year_of(cohort, candidates):
    """Applications, reviews, attendance, work and meetings for `candidates` paired in `cohort`."""
    meeting = MeetingFactory(session__cohort=cohort)
    assignment = AssignmentFactory(session=meeting.session)
    for pairing in candidates:
        application = CompleteApplicationFactory(
            cohort=cohort, applicant=pairing.candidate, status=Status.SUBMITTED
        )
        ReviewFactory(application=application, status=ReviewStatus.SUBMITTED)
        AttendanceFactory(meeting=meeting, person=pairing.candidate)
        SubmissionFactory(assignment=assignment, candidate=pairing.candidate)
        MentorMeetingFactory(pairing=pairing)


def test_cohort_dashboard_pictures_a_page_of_candidates_and_of_pairs_at_a_time(
    client, cohort, people, monkeypatch
):
    monkeypatch.setattr(insights, "CHART_ROWS", 1)
    PairingFactory(cohort=cohort, candidate=people["other_candidate"])
    MeetingFactory(session__cohort=cohort)
    names = sorted(
        [people["candidate"], people["other_candidate"]], key=lambda u: (u.last_name, u.first_name)
    )
    client.force_login(people["program_manager"])
    url = reverse("cohorts:dashboard", args=[cohort.slug])

    first = client.get(url).content.decode()
    second = client.get(url, {"attendance_page": 2, "pairs_page": 2}).content.decode()

    heat_map = first.split('id="chart-3"')[1].split("</section>")[0]
    assert f'<th scope="row">{names[0]}</th>' in heat_map
    assert f'<th scope="row">{names[1]}</th>' not in heat_map
    assert "1–1 of 2." in heat_map
    assert 'href="?attendance_page=2">Next</a>' in heat_map
    assert f'<th scope="row">{names[1]}</th>' in second.split('id="chart-3"')[1].split("</section>")[0]
    pairs = second.split('id="chart-5"')[1].split("</section>")[0]
    assert pairs.count('<th scope="row">') == 1  # the second of two pairs
    assert "2–2 of 2." in pairs


@pytest.mark.parametrize("pairs", [1, 4])
def test_cohort_dashboard_queries_do_not_grow_with_the_cohort(
    client, cohort, people, pairs, django_assert_max_num_queries
):
    extra = [PairingFactory(cohort=cohort) for _ in range(pairs - 1)]
    _year_of(cohort, [Pairing.objects.get(cohort=cohort, candidate=people["candidate"]), *extra])
    client.force_login(people["program_manager"])

    with django_assert_max_num_queries(QUERIES):
        response = client.get(reverse("cohorts:dashboard", args=[cohort.slug]))

    assert response.status_code == 200


def test_chart_table_heads_each_row_with_its_label_and_escapes_every_cell():
    chart = charts.progress_chart([("<b>Ada</b>", 1, 4)], title="Progress")

    html = render_to_string("dashboard/_chart.html", {"chart": chart, "number": 1})

    assert '<tr><th scope="row">&lt;b&gt;Ada&lt;/b&gt;</th><td>1</td><td>4</td><td>25%</td></tr>' in html
    assert "<b>Ada</b>" not in html


def test_cohort_dashboard_shows_a_renamed_candidate_by_the_new_name(
    client, cohort, people, django_capture_on_commit_callbacks
):
    MeetingFactory(session__cohort=cohort)
    client.force_login(people["program_manager"])
    url = reverse("cohorts:dashboard", args=[cohort.slug])
    client.get(url)
    candidate = people["candidate"]

    candidate.first_name = "Renamed"
    with django_capture_on_commit_callbacks(execute=True):
        candidate.save(update_fields=["first_name"])

    assert f'<th scope="row">{candidate}</th>' in client.get(url).content.decode()


def _queries_of_visit(client, url) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as queries:
        html = client.get(url).content.decode()
    return len(queries), html


def test_dashboard_keeps_the_class_year_figures_until_attendance_is_recorded(
    client, cohort, people, django_capture_on_commit_callbacks
):
    manager = people["program_manager"]
    meeting = MeetingFactory(session__cohort=cohort, starts_at=timezone.now() - timedelta(hours=1))
    client.force_login(manager)
    url = reverse("cohorts:dashboard", args=[cohort.slug])

    first, html = _queries_of_visit(client, url)
    again, _ = _queries_of_visit(client, url)
    with django_capture_on_commit_callbacks(execute=True):  # the figures are forgotten once it commits
        record_attendance(meeting=meeting, marks=[Mark(people["candidate"], "late", "")], actor=manager)
    _, after = _queries_of_visit(client, url)

    assert again < first  # the heat map and the assignments were kept, not counted again
    assert f'<th scope="row">{people["candidate"]}</th><td>Late</td>' not in html
    assert f'<th scope="row">{people["candidate"]}</th><td>Late</td>' in after


def test_dashboard_counts_a_meeting_once_it_is_logged_not_while_scheduled(
    client, cohort, people, django_capture_on_commit_callbacks
):
    pairing = Pairing.objects.get(cohort=cohort)
    client.force_login(people["program_manager"])
    url = reverse("cohorts:dashboard", args=[cohort.slug])
    client.get(url)

    with django_capture_on_commit_callbacks(execute=True):
        schedule_meeting(
            pairing=pairing,
            scheduled_by=pairing.mentor,
            starts_at=timezone.now() + timedelta(days=3),
            duration_minutes=60,
            mode="video",
            location="",
        )
    scheduled = client.get(url).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        log_meeting(
            pairing=pairing,
            logged_by=pairing.mentor,
            held_on=timezone.localdate(),
            duration_minutes=45,
            mode="video",
        )
    logged = client.get(url).content.decode()

    row = f'<th scope="row">{pairing.mentor} &amp; {pairing.candidate}</th><td>{{}}</td>'
    assert row.format(0) in scheduled
    assert row.format(1) in logged


def test_dashboard_is_counted_afresh_when_the_cache_fails(client, cohort, people, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:9/0",
        }
    }  # nothing listens there
    AttendanceFactory(meeting=MeetingFactory(session__cohort=cohort), person=people["candidate"])
    client.force_login(people["program_manager"])

    response = client.get(reverse("cohorts:dashboard", args=[cohort.slug]))

    assert response.status_code == 200
    assert f'<th scope="row">{people["candidate"]}</th><td>Present</td>' in response.content.decode()
