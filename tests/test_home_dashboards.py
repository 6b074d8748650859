"""What each role's home page says they must do next (the sections of the apps' dashboard.py)."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions.models import AttendanceStatus, Grade

from .applications.factories import ApplicationFactory, CompleteApplicationFactory, ResumeFactory
from .class_sessions.factories import AssignmentFactory, AttendanceFactory, SubmissionFactory
from .factories import MeetingFactory, MembershipFactory, PairingFactory

MENTOR_HOME_QUERIES = 15  # the same with one mentee or three


def test_applicant_home_lists_missing_parts_and_time_left(client, cohort, people):
    application = CompleteApplicationFactory(cohort=cohort, applicant=people["applicant"])
    ResumeFactory(application=application)
    client.force_login(people["applicant"])

    html = client.get(reverse("home")).text

    assert "Still to do:" in html
    assert f'<a href="{reverse("applications:nomination", args=[application.pk])}">Nomination</a>' in html
    assert ">Resume</a>" not in html  # uploaded
    assert " left)" in html


def test_applicant_home_shows_no_to_do_for_a_submitted_application(client, cohort, people):
    ApplicationFactory(cohort=cohort, applicant=people["applicant"], status="submitted")
    client.force_login(people["applicant"])

    assert "Still to do:" not in client.get(reverse("home")).text


def test_instructor_home_lists_work_to_grade(client, cohort, people):
    meeting = MeetingFactory(session__cohort=cohort)
    meeting.session.instructors.add(people["instructor"])
    assignment = AssignmentFactory(session=meeting.session, title="District budget memo")
    SubmissionFactory(assignment=assignment, candidate=people["candidate"])
    SubmissionFactory(assignment=assignment, candidate=people["other_candidate"], grade=Grade.PASS)
    client.force_login(people["instructor"])

    html = client.get(reverse("home")).text

    assert (
        f'<a href="{assignment.get_absolute_url()}">District budget memo</a> ({meeting.session}): '
        "1 waiting for a grade" in html
    )


def test_instructor_home_lists_held_meetings_without_attendance(client, cohort, people):
    held = MeetingFactory(session__cohort=cohort, starts_at=timezone.now() - timedelta(days=1))
    recorded = MeetingFactory(session=held.session, starts_at=timezone.now() - timedelta(days=2))
    AttendanceFactory(meeting=recorded, person=people["candidate"])
    held.session.instructors.add(people["instructor"])
    client.force_login(people["instructor"])

    html = client.get(reverse("home")).text

    assert "Attendance not taken yet:" in html
    assert reverse("class_sessions:attendance", args=[held.pk]) in html
    assert reverse("class_sessions:attendance", args=[recorded.pk]) not in html


def test_instructor_home_with_nothing_to_grade_says_so(client, cohort, people):
    client.force_login(people["instructor"])

    html = client.get(reverse("home")).text

    assert "Nothing waiting for a grade." in html
    assert "Attendance not taken yet:" not in html


def test_mentor_home_sums_up_each_candidates_standing(client, cohort, people):
    candidate = people["candidate"]
    held = MeetingFactory(session__cohort=cohort, starts_at=timezone.now() - timedelta(days=3))
    AttendanceFactory(meeting=held, person=candidate, status=AttendanceStatus.LATE)
    AssignmentFactory(session=held.session, due_at=timezone.now() - timedelta(days=4))  # not handed in
    client.force_login(people["mentor"])

    html = client.get(reverse("home")).text

    assert (
        f"{candidate}: 1 class day short of full attendance, 1 assignment missing, late or failed · "
        f'<a href="{reverse("completion:progress", args=[cohort.slug, candidate.pk])}">'
        f"Progress of {candidate}</a>" in html
    )


@pytest.mark.parametrize("mentees", [1, 3])
def test_mentor_home_queries_do_not_grow_with_mentees(
    client, cohort, people, mentees, django_assert_max_num_queries
):
    mentor = people["mentor"]
    for _ in range(mentees - 1):
        PairingFactory(cohort=cohort, mentor=mentor, candidate=MembershipFactory(cohort=cohort).user)
    held = MeetingFactory(session__cohort=cohort, starts_at=timezone.now() - timedelta(days=3))
    AssignmentFactory(session=held.session, due_at=timezone.now() - timedelta(days=4))
    client.force_login(mentor)
    client.get(reverse("home"))  # the first page of a session writes it

    with django_assert_max_num_queries(MENTOR_HOME_QUERIES):
        client.get(reverse("home"))
