"""The back office shows and reads a cohort's times in the cohort's zone, with the zone named."""

from datetime import UTC, datetime, timedelta

import pytest
from django.urls import reverse

from cohorts.back_office import cohort_path
from cto_mentor.notifications.models import NoticeText
from sessions.models import Meeting, Submission

from ..applications.factories import ExtensionFactory
from ..class_sessions.factories import AttendanceFactory
from ..factories import ClassSessionFactory, CohortFactory, MeetingFactory
from ..jobs.factories import JobFactory
from ..notifications.factories import MessageFactory

EASTERN = "America/New_York"
# 6:00 p.m. in London is 1:00 p.m. in New York, 10:00 a.m. in California.
STARTS = datetime(2018, 2, 2, 18, 0, tzinfo=UTC)


@pytest.fixture
def eastern_meeting(db):
    cohort = CohortFactory(time_zone=EASTERN)
    return MeetingFactory(
        session=ClassSessionFactory(cohort=cohort), starts_at=STARTS, ends_at=STARTS + timedelta(hours=2)
    )


def test_admin_list_shows_times_in_the_cohorts_zone_with_the_zone_named(admin_client, eastern_meeting):
    page = admin_client.get(reverse("admin:class_sessions_meeting_changelist")).text

    assert '<td class="field-starts_at">Fri, Feb 2, 2018, 1:00 p.m. Eastern Time (EST)</td>' in page
    assert "Pacific Time" not in page


def test_admin_list_sorts_by_a_time_column(admin_client, eastern_meeting):
    response = admin_client.get(reverse("admin:class_sessions_meeting_changelist"), {"o": "2"})

    assert response.status_code == 200
    assert "Fri, Feb 2, 2018, 1:00 p.m. Eastern Time (EST)" in response.text


def test_admin_change_page_shows_times_in_the_cohorts_zone_and_names_it(admin_client, eastern_meeting):
    url = reverse("admin:class_sessions_meeting_change", args=[eastern_meeting.pk])

    page = admin_client.get(url).text

    assert 'name="starts_at_1" value="13:00:00"' in page
    assert f"In Eastern Time ({EASTERN}), the cohort's zone." in page


def test_admin_names_a_meeting_by_its_times_in_the_cohorts_zone(admin_client, eastern_meeting):
    AttendanceFactory(meeting=eastern_meeting)
    named = f"{eastern_meeting.session} — Fri, Feb 2, 2018, 1:00 p.m.–3:00 p.m. Eastern Time (EST)"

    change_page = admin_client.get(reverse("admin:class_sessions_meeting_change", args=[eastern_meeting.pk]))
    attendance_list = admin_client.get(reverse("admin:class_sessions_attendance_changelist"))

    assert f"<h2>{named}</h2>" in change_page.text
    assert f'<td class="field-meeting nowrap">{named}</td>' in attendance_list.text


def test_admin_names_an_extension_by_its_end_in_the_cohorts_zone(db):
    cohort = CohortFactory(time_zone=EASTERN)
    extension = ExtensionFactory(cohort=cohort, until=STARTS)

    assert str(extension).endswith(f"in {cohort} until Fri, Feb 2, 2018, 1:00 p.m. Eastern Time (EST)")


def test_admin_change_page_reads_times_in_the_cohorts_zone(admin_client, eastern_meeting):
    url = reverse("admin:class_sessions_meeting_change", args=[eastern_meeting.pk])
    data = {
        "session": eastern_meeting.session_id,
        "starts_at_0": "2018-02-02",
        "starts_at_1": "14:00:00",
        "ends_at_0": "2018-02-02",
        "ends_at_1": "16:00:00",
        "location": "Albany",
        "address": "",
    }

    response = admin_client.post(url, data)

    assert response.status_code == 302
    eastern_meeting.refresh_from_db()
    assert eastern_meeting.starts_at == datetime(2018, 2, 2, 19, 0, tzinfo=UTC)


def test_admin_date_and_time_boxes_are_labelled(admin_client, db):
    page = admin_client.get(reverse("admin:class_sessions_meeting_add")).text

    assert '<label for="id_starts_at_0">Date:</label>' in page
    assert '<label for="id_starts_at_1">Time:</label>' in page


def test_cohort_is_found_up_to_three_steps_away():
    assert cohort_path(Meeting) == "session__cohort"
    assert cohort_path(Submission) == "assignment__session__cohort"


@pytest.mark.parametrize(
    ("changelist", "make", "column"),
    [
        (
            "admin:notifications_message_changelist",
            lambda c: MessageFactory(cohort=c, created_at=STARTS),
            "created_at",
        ),
        (
            "admin:notifications_message_changelist",
            lambda c: MessageFactory(cohort=c, sent_at=STARTS),
            "sent_at",
        ),
        (
            "admin:notifications_noticetext_changelist",
            lambda c: NoticeText.objects.create(
                cohort=c, notice="n", subject="s", body="b", updated_at=STARTS
            ),
            "updated_at",
        ),
        ("admin:jobs_job_changelist", lambda c: JobFactory(cohort=c, created_at=STARTS), "created_at"),
        ("admin:jobs_job_changelist", lambda c: JobFactory(cohort=c, heartbeat_at=STARTS), "heartbeat_at"),
    ],
)
def test_back_office_lists_of_e_mails_notice_texts_and_jobs_show_the_cohorts_zone(
    admin_client, db, changelist, make, column
):
    make(CohortFactory(time_zone=EASTERN))

    page = admin_client.get(reverse(changelist)).text

    assert f'<td class="field-{column}">Fri, Feb 2, 2018, 1:00 p.m. Eastern Time (EST)</td>' in page


def test_back_office_e_mail_without_a_cohort_shows_the_programs_zone_named(admin_client, db):
    MessageFactory(cohort=None, created_at=STARTS)

    page = admin_client.get(reverse("admin:notifications_message_changelist")).text

    assert '<td class="field-created_at">Fri, Feb 2, 2018, 10:00 a.m. Pacific Time (PST)</td>' in page


def test_back_office_job_page_shows_its_times_in_the_cohorts_zone(admin_client, db):
    job = JobFactory(cohort=CohortFactory(time_zone=EASTERN), created_at=STARTS)

    page = admin_client.get(reverse("admin:jobs_job_change", args=[job.pk])).text

    assert "Feb. 2, 2018, 1 p.m." in page
