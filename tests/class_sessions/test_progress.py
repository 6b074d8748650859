from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from pytest_django.asserts import assertInHTML

from cohorts.templatetags.cohort_time import in_zone
from sessions.models import Grade, Presentation, PresentationKind, SessionKind
from sessions.selectors import progress
from sessions.services import (
    Mark,
    assess_presentation,
    grade_submission,
    record_attendance,
    schedule_presentation,
    submit_assignment,
)

from ..factories import ClassSessionFactory, MeetingFactory
from .factories import AssignmentFactory


@pytest.fixture
def final(cohort):
    session = ClassSessionFactory(cohort=cohort, kind=SessionKind.FINAL, number=None)
    MeetingFactory(session=session, starts_at=timezone.now() + timedelta(days=60))
    return session


# Presentations ------------------------------------------------------------------------------------------


def test_schedule_presentation_at_the_final_is_the_final_one(final, session, people):
    in_class = schedule_presentation(session=session, candidate=people["candidate"], topic="Budget")
    at_final = schedule_presentation(session=final, candidate=people["candidate"], topic="My year")
    assert (in_class.kind, at_final.kind) == (PresentationKind.CLASS, PresentationKind.FINAL)


def test_schedule_presentation_twice_in_a_session_is_refused(session, people):
    schedule_presentation(session=session, candidate=people["candidate"], topic="Budget")
    with pytest.raises(ValidationError):
        schedule_presentation(session=session, candidate=people["candidate"], topic="Again")


def test_assess_presentation_fail_needs_comments(session, people):
    presentation = schedule_presentation(session=session, candidate=people["candidate"], topic="Budget")
    with pytest.raises(ValidationError):
        assess_presentation(presentation=presentation, result="fail", comments="", actor=people["instructor"])


def test_presentation_pages_instructor_plans_and_assesses(client, session, meeting, people):
    client.force_login(people["instructor"])
    client.post(
        reverse("class_sessions:presentation_create", args=[session.pk]),
        {"candidate": people["candidate"].pk, "topic": "E-rate funding", "scheduled_at": "2020-04-07T10:00"},
    )
    presentation = Presentation.objects.get()
    assert presentation.topic == "E-rate funding"
    response = client.post(
        reverse("class_sessions:presentation_assess", args=[presentation.pk]),
        {"result": "pass", "comments": "Clear and well argued."},
        follow=True,
    )
    assert f"The presentation of {people['candidate']} is assessed." in response.text
    presentation.refresh_from_db()
    assert (presentation.result, presentation.assessed_by) == ("pass", people["instructor"])


@pytest.mark.parametrize("role", ["candidate", "mentor", "reviewer", "manager_of_other_cohort"])
def test_presentation_pages_refused_to_others(client, session, people, role):
    presentation = schedule_presentation(session=session, candidate=people["candidate"], topic="Budget")
    client.force_login(people[role])
    assert client.get(reverse("class_sessions:presentation_create", args=[session.pk])).status_code == 404
    assert (
        client.post(
            reverse("class_sessions:presentation_assess", args=[presentation.pk]), {"result": "pass"}
        ).status_code
        == 404
    )
    assert Presentation.objects.get().result == ""


def test_presentation_assess_refused_to_instructor_of_another_session(client, other_session, people):
    presentation = schedule_presentation(session=other_session, candidate=people["candidate"], topic="Budget")
    client.force_login(people["instructor"])
    assert (
        client.get(reverse("class_sessions:presentation_assess", args=[presentation.pk])).status_code == 404
    )


# Progress -----------------------------------------------------------------------------------------------


def test_progress_lists_what_is_missing(cohort, session, meeting, final, people):
    candidate = people["candidate"]
    now = timezone.now()
    held = meeting.ends_at  # the records are written as the meeting ends; the progress is read now
    record_attendance(meeting=meeting, marks=[Mark(candidate, "late")], actor=people["instructor"], now=held)
    assignment = AssignmentFactory(session=session, title="Budget memo", due_at=now - timedelta(hours=1))
    presentation = schedule_presentation(session=session, candidate=candidate, topic="Budget")
    assess_presentation(
        presentation=presentation, result="pass", comments="", actor=people["instructor"], now=held
    )
    record = progress(cohort=cohort, candidate=candidate, now=now)
    local = meeting.starts_at.astimezone(cohort.tz)
    assert record.missing == [
        f"Session 3, {local:%b} {local.day}: late",
        "1 meeting still to attend",
        "Assignment “Budget memo” (Session 3): missing",
        "Final oral presentation: not scheduled",
    ]
    submission = submit_assignment(assignment=assignment, candidate=candidate, text="Here", now=now)
    grade_submission(submission=submission, grade=Grade.PASS, comments="", actor=people["instructor"])
    record = progress(cohort=cohort, candidate=candidate, now=now)
    assert "Assignment “Budget memo” (Session 3): missing" not in record.missing
    assert record.complete is False


def test_progress_complete_when_everything_is_met(cohort, session, people):
    candidate = people["candidate"]
    past = timezone.now() - timedelta(days=30)
    meeting = MeetingFactory(session=session, starts_at=past)
    final_session = ClassSessionFactory(cohort=cohort, kind=SessionKind.FINAL, number=None)
    MeetingFactory(session=final_session, starts_at=past + timedelta(days=1))
    record_attendance(meeting=meeting, marks=[Mark(candidate, "present")], actor=people["instructor"])
    record_attendance(
        meeting=final_session.meetings.get(),
        marks=[Mark(candidate, "present")],
        actor=people["program_manager"],
    )
    for target in (session, final_session):
        presentation = schedule_presentation(session=target, candidate=candidate, topic="Topic")
        assess_presentation(
            presentation=presentation, result="pass", comments="", actor=people["program_manager"]
        )
    record = progress(cohort=cohort, candidate=candidate)
    assert record.missing == []
    assert record.complete is True


@pytest.mark.parametrize("role", ["candidate", "mentor", "program_manager"])
def test_progress_page_shown_to_candidate_their_mentor_and_manager(
    client, cohort, session, meeting, people, role
):
    client.force_login(people[role])
    response = client.get(reverse("class_sessions:progress", args=[cohort.slug, people["candidate"].pk]))
    assert response.status_code == 200
    assert f"Progress of {people['candidate']}" in response.text
    assert "Still missing" in response.text


def test_progress_page_rows_show_each_meeting_and_assignment(client, cohort, session, meeting, people):
    candidate = people["candidate"]
    now = timezone.now()
    held = MeetingFactory(session=session, starts_at=now - timedelta(days=2))
    unrecorded = MeetingFactory(session=session, starts_at=now - timedelta(days=1))
    record_attendance(
        meeting=held, marks=[Mark(candidate, "late", "Flat <tire>")], actor=people["instructor"]
    )
    assignment = AssignmentFactory(session=session, title="Budget & memo", due_at=now - timedelta(hours=1))
    submission = submit_assignment(assignment=assignment, candidate=candidate, text="Here", now=now)
    for moment in (held, unrecorded, meeting, assignment, submission):
        moment.refresh_from_db()  # times as stored
    client.force_login(people["mentor"])

    page = client.get(reverse("class_sessions:progress", args=[cohort.slug, candidate.pk])).text

    def shown(moment):
        return f'<time datetime="{moment.isoformat()}">{in_zone(moment, cohort)}</time>'

    assertInHTML(
        f'<tr class="table-warning"><th scope="row">Session 3</th><td>{shown(held.starts_at)}</td>'
        "<td>Late — Flat &lt;tire&gt;</td></tr>",
        page,
    )
    assertInHTML(
        f'<tr><th scope="row">Session 3</th><td>{shown(unrecorded.starts_at)}</td><td>Not recorded</td></tr>',
        page,
    )
    assertInHTML(
        f'<tr><th scope="row">Session 3</th><td>{shown(meeting.starts_at)}</td>'
        '<td><span class="text-body-secondary">Coming up</span></td></tr>',
        page,
    )
    assertInHTML(
        f'<tr class="table-warning"><th scope="row"><a href="{assignment.get_absolute_url()}">Budget &amp; memo'
        '</a><br><span class="small text-body-secondary">Session 3</span></th>'
        f"<td>{shown(assignment.due_at)}</td>"
        f'<td><a href="{submission.get_absolute_url()}">Waiting for a grade</a>'
        ' <span class="badge text-bg-warning">Late</span></td></tr>',
        page,
    )


@pytest.mark.parametrize(
    "role",
    ["other_mentor", "other_candidate", "instructor", "reviewer", "applicant", "manager_of_other_cohort"],
)
def test_progress_page_refused_to_others(client, cohort, people, role):
    client.force_login(people[role])
    response = client.get(reverse("class_sessions:progress", args=[cohort.slug, people["candidate"].pk]))
    assert response.status_code == 404


def test_progress_page_mentor_sees_only_own_candidates(client, cohort, people):
    client.force_login(people["mentor"])
    assert (
        client.get(reverse("class_sessions:progress", args=[cohort.slug, people["candidate"].pk])).status_code
        == 200
    )
    assert (
        client.get(
            reverse("class_sessions:progress", args=[cohort.slug, people["other_candidate"].pk])
        ).status_code
        == 404
    )


def test_progress_page_of_a_non_candidate_is_404(client, cohort, people):
    client.force_login(people["program_manager"])
    assert (
        client.get(reverse("class_sessions:progress", args=[cohort.slug, people["mentor"].pk])).status_code
        == 404
    )


def test_presentation_edit_changes_topic_and_time_in_cohort_zone(client, session, people):
    presentation = schedule_presentation(session=session, candidate=people["candidate"], topic="Budget")
    client.force_login(people["program_manager"])
    url = reverse("class_sessions:presentation_edit", args=[presentation.pk])
    assert 'value="Budget"' in client.get(url).text
    client.post(
        url, {"candidate": people["candidate"].pk, "topic": "E-rate", "scheduled_at": "2030-07-13T19:00"}
    )
    presentation.refresh_from_db()
    assert presentation.topic == "E-rate"
    assert presentation.scheduled_at.astimezone(session.cohort.tz).strftime("%Y-%m-%d %H:%M %Z") == (
        "2030-07-13 19:00 PDT"
    )


def test_presentation_edit_refused_to_candidate(client, session, people):
    presentation = schedule_presentation(session=session, candidate=people["candidate"], topic="Budget")
    client.force_login(people["candidate"])
    assert client.get(reverse("class_sessions:presentation_edit", args=[presentation.pk])).status_code == 404
