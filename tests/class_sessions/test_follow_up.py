"""The class year as the program requires it: revision until passing, grades corrected with a reason,
attendance and results only once the meeting has come, every absence followed up, make-up work, and the
notices each of these sends once."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from icalendar import Calendar

from cohorts.models import Role
from completion.responsibilities import record_of
from cto_mentor.dates import in_zone
from cto_mentor.notifications.models import Message
from sessions.insights import attendance_heat_map
from sessions.models import Assignment, Attendance, AttendanceStatus, Grade, Submission
from sessions.selectors import assignment_grid, candidates_missing_submission
from sessions.services import (
    Mark,
    assess_presentation,
    correct_grade,
    grade_submission,
    post_assignment,
    record_attendance,
    renew_calendar_feed,
    schedule_presentation,
    set_make_up,
    submit_assignment,
)

from ..factories import MeetingFactory
from .factories import AssignmentFactory

ABSENT, LATE, EXCUSED = AttendanceStatus.ABSENT, AttendanceStatus.LATE, AttendanceStatus.EXCUSED


@pytest.fixture
def assignment(session, meeting, people):
    return AssignmentFactory(session=session, created_by=people["instructor"])


@pytest.fixture
def held(session):
    """Two class days of the session that have happened."""
    now = timezone.now()
    return [
        MeetingFactory(
            session=session, starts_at=now - timedelta(days=days), ends_at=now - timedelta(days=days - 0.3)
        )
        for days in (9, 8)
    ]


def submit(assignment, candidate, text="My answer.", now=None):
    return submit_assignment(assignment=assignment, candidate=candidate, text=text, now=now)


def grade(submission, result, actor, comments="Add the budget figures.", **kwargs):
    return grade_submission(submission=submission, grade=result, comments=comments, actor=actor, **kwargs)


def sent(notice, to=None):
    """Subjects of the notices of this kind in the outbox, to one person or to all."""
    messages = Message.objects.filter(notice=notice)
    if to is not None:
        messages = messages.filter(recipient=to)
    return sorted(messages.values_list("subject", flat=True))


# Revision until passing ---------------------------------------------------------------------------------


@pytest.mark.parametrize("result", [Grade.FAIL, Grade.NEEDS_REVISION])
def test_fail_or_needs_revision_reopens_for_a_new_version_until_it_passes(assignment, people, result):
    candidate, instructor = people["candidate"], people["instructor"]
    grade(submit(assignment, candidate), result, instructor)
    revision = submit(assignment, candidate, text="With the figures")
    grade(revision, Grade.PASS, instructor, comments="")
    with pytest.raises(ValidationError) as error:
        submit(assignment, candidate, text="One more")
    assert error.value.messages == ["This work passed; it cannot be replaced any more."]
    assert list(Submission.objects.order_by("version").values_list("version", "grade")) == [
        (1, result),
        (2, Grade.PASS),
    ]


def test_revision_is_taken_until_the_revision_due_time(assignment, people):
    now = timezone.now()
    first = submit(assignment, people["candidate"], now=now)
    grade(first, Grade.FAIL, people["instructor"], revision_due_at=now + timedelta(days=3), now=now)
    with pytest.raises(ValidationError) as error:
        submit(assignment, people["candidate"], now=now + timedelta(days=3, minutes=1))
    due = in_zone(now + timedelta(days=3), assignment.session.cohort)
    assert error.value.messages == [f"The revision was due {due}; ask the instructor if you need more time."]
    assert submit(assignment, people["candidate"], now=now + timedelta(days=2)).version == 2


def test_revision_keeps_the_late_mark_of_the_version_it_revises(assignment, people):
    on_time = submit(assignment, people["candidate"])
    grade(on_time, Grade.NEEDS_REVISION, people["instructor"])
    revision = submit(assignment, people["candidate"], now=assignment.due_at + timedelta(days=5))
    assert (on_time.is_late, revision.is_late) == (False, False)


@pytest.mark.parametrize(
    "result, due_in, field, message",
    [
        (
            Grade.PASS,
            timedelta(days=2),
            "revision_due_at",
            "Work that passes needs no revision: leave this empty.",
        ),
        (
            Grade.FAIL,
            -timedelta(minutes=1),
            "revision_due_at",
            "Give a time still to come, or leave it empty.",
        ),
    ],
)
def test_grade_with_a_revision_due_time_that_cannot_be_is_refused(
    assignment, people, result, due_in, field, message
):
    handed_in = submit(assignment, people["candidate"])
    with pytest.raises(ValidationError) as error:
        grade(handed_in, result, people["instructor"], revision_due_at=timezone.now() + due_in)
    assert error.value.message_dict == {field: [message]}
    assert Submission.objects.get().grade == ""


def test_revision_is_told_to_the_instructor_who_asked_for_it_once(
    assignment, people, django_capture_on_commit_callbacks
):
    candidate, instructor = people["candidate"], people["instructor"]
    grade(submit(assignment, candidate), Grade.FAIL, instructor)
    with django_capture_on_commit_callbacks(execute=True):
        submit(assignment, candidate, text="Better")
        submit(assignment, candidate, text="Better still")  # a replacement before grading: no revision
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([instructor.email], f"Revision to grade: {candidate}, {assignment.title} (version 2)")
    ]


def test_submit_page_after_passing_offers_no_new_version_and_refuses_a_direct_post(
    client, assignment, people
):
    candidate = people["candidate"]
    grade(submit(assignment, candidate), Grade.PASS, people["instructor"], comments="")
    client.force_login(candidate)
    detail = client.get(reverse("class_sessions:assignment", args=[assignment.pk])).text
    assert "This work passed; it cannot be replaced any more." in detail
    assert "Hand in a revision" not in detail
    page = client.get(reverse("class_sessions:submit", args=[assignment.pk])).text
    assert "This work passed; it cannot be replaced any more." in page
    assert "This will be version 2" not in page
    assert 'name="text"' not in page
    response = client.post(reverse("class_sessions:submit", args=[assignment.pk]), {"text": "Sneaky"})
    assert "This work passed; it cannot be replaced any more." in response.text
    assert Submission.objects.count() == 1


def test_assignment_page_after_a_fail_offers_a_revision_with_its_due_time(client, assignment, people):
    due = timezone.now() + timedelta(days=4)
    grade(submit(assignment, people["candidate"]), Grade.FAIL, people["instructor"], revision_due_at=due)
    client.force_login(people["candidate"])
    detail = client.get(reverse("class_sessions:assignment", args=[assignment.pk])).text
    assert "Hand in a revision" in detail
    page = client.get(reverse("class_sessions:submit", args=[assignment.pk])).text
    assert "This will be version 2" in page
    response = client.post(
        reverse("class_sessions:submit", args=[assignment.pk]), {"text": "Revised"}, follow=True
    )
    assert "Your work is handed in (version 2)." in response.text


def test_grade_page_sets_a_revision_due_time_on_the_cohorts_clock(client, assignment, people):
    handed_in = submit(assignment, people["candidate"])
    client.force_login(people["instructor"])
    local = (
        (timezone.now() + timedelta(days=5))
        .astimezone(assignment.session.cohort.tz)
        .replace(second=0, microsecond=0)
    )
    client.post(
        reverse("class_sessions:submission", args=[handed_in.pk]),
        {"grade": "fail", "comments": "Start again.", "revision_due_at": local.strftime("%Y-%m-%dT%H:%M")},
    )
    assert Submission.objects.get().revision_due_at == local


# Correcting a grade -------------------------------------------------------------------------------------


def test_instructor_corrects_own_grade_with_a_reason_kept_in_the_history(
    client, assignment, people, django_capture_on_commit_callbacks
):
    candidate, instructor = people["candidate"], people["instructor"]
    handed_in = submit(assignment, candidate)
    grade(handed_in, Grade.FAIL, instructor)
    client.force_login(instructor)
    assert "Correct your grade" in client.get(reverse("class_sessions:submission", args=[handed_in.pk])).text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("class_sessions:grade_correct", args=[handed_in.pk]),
            {"grade": "pass", "comments": "", "reason": "I missed the appendix with the figures."},
            follow=True,
        )
    assert "The grade is corrected" in response.text
    assert "Grade corrected from “Fail” to “Pass”" in response.text
    assert "I missed the appendix with the figures." in response.text
    assert Submission.objects.get().grade == Grade.PASS
    assert [r.history_change_reason for r in handed_in.history.order_by("history_id")][-1] == (
        "I missed the appendix with the figures."
    )
    assert [m.subject for m in mail.outbox] == [f"Grade corrected “Pass”: {assignment.title} (Session 3)"]
    assert "The grade was corrected: I missed the appendix with the figures." in mail.outbox[0].body


def test_correct_grade_needs_a_reason_and_the_same_grader(assignment, people, member):
    handed_in = submit(assignment, people["candidate"])
    grade(handed_in, Grade.FAIL, people["instructor"])
    with pytest.raises(ValidationError) as error:
        correct_grade(submission=handed_in, grade="pass", comments="", reason=" ", actor=people["instructor"])
    assert list(error.value.message_dict) == ["reason"]
    colleague = member(Role.INSTRUCTOR)
    assignment.session.instructors.add(colleague)
    with pytest.raises(ValidationError) as error:
        correct_grade(submission=handed_in, grade="pass", comments="", reason="Kinder", actor=colleague)
    assert error.value.messages == ["Only the person who gave this grade can correct it."]
    assert Submission.objects.get().grade == Grade.FAIL


def test_correct_grade_page_of_someone_elses_grade_offers_no_form(client, assignment, people):
    handed_in = submit(assignment, people["candidate"])
    grade(handed_in, Grade.FAIL, people["instructor"])
    client.force_login(people["program_manager"])
    page = client.get(reverse("class_sessions:grade_correct", args=[handed_in.pk])).text
    assert "Only the person who gave this grade can correct it." in page
    assert 'name="reason"' not in page
    client.post(
        reverse("class_sessions:grade_correct", args=[handed_in.pk]),
        {"grade": "pass", "comments": "", "reason": "Overruled"},
    )
    assert Submission.objects.get().grade == Grade.FAIL


# Attendance and results only once the meeting has come -------------------------------------------------


def test_attendance_for_a_meeting_not_started_is_refused(meeting, people):
    with pytest.raises(ValidationError) as error:
        record_attendance(
            meeting=meeting, marks=[Mark(people["candidate"], "present")], actor=people["instructor"]
        )
    start = in_zone(meeting.starts_at, meeting.session.cohort)
    assert error.value.messages == [f"Attendance is taken once the meeting has started, {start}."]
    assert not Attendance.objects.exists()


def test_roll_call_page_of_a_future_meeting_explains_and_refuses_a_direct_post(client, meeting, people):
    client.force_login(people["instructor"])
    url = reverse("class_sessions:attendance", args=[meeting.pk])
    page = client.get(url).text
    assert "Attendance is taken once the meeting has started" in page
    assert "Save attendance" not in page
    response = client.post(url, {f"status_{people['candidate'].pk}": "present"})
    assert "Attendance is taken once the meeting has started" in response.text
    assert not Attendance.objects.exists()


def test_result_of_a_presentation_not_yet_given_is_refused(session, meeting, people):
    presentation = schedule_presentation(
        session=session,
        candidate=people["candidate"],
        topic="Budget",
        scheduled_at=timezone.now() + timedelta(days=1),
    )
    with pytest.raises(ValidationError) as error:
        assess_presentation(presentation=presentation, result="pass", comments="", actor=people["instructor"])
    assert error.value.messages[0].startswith("A result is recorded once the presentation has happened")
    presentation.refresh_from_db()
    assert presentation.result == ""


def test_assess_page_of_a_future_presentation_explains_and_refuses_a_direct_post(
    client, session, meeting, people
):
    presentation = schedule_presentation(session=session, candidate=people["candidate"], topic="Budget")
    client.force_login(people["instructor"])
    url = reverse("class_sessions:presentation_assess", args=[presentation.pk])
    page = client.get(url).text
    assert "A result is recorded once the presentation has happened" in page
    assert "Save the assessment" not in page
    response = client.post(url, {"result": "pass", "comments": ""})
    assert "A result is recorded once the presentation has happened" in response.text
    presentation.refresh_from_db()
    assert presentation.result == ""


def test_presentation_assessed_is_told_to_the_presenter_once_per_result(
    session, held, people, django_capture_on_commit_callbacks
):
    presentation = schedule_presentation(session=session, candidate=people["candidate"], topic="Budget")
    with django_capture_on_commit_callbacks(execute=True):
        assess_presentation(
            presentation=presentation, result="fail", comments="Too long.", actor=people["instructor"]
        )
        assess_presentation(
            presentation=presentation, result="fail", comments="Too long.", actor=people["instructor"]
        )
    assert [(m.to, m.subject) for m in mail.outbox] == [
        ([people["candidate"].email], f"Your presentation in {session}: Fail")
    ]


# Every absence followed up ------------------------------------------------------------------------------


def test_each_absence_is_told_to_candidate_mentor_and_manager_and_the_threshold_once(
    held, people, django_capture_on_commit_callbacks
):
    candidate, manager, mentor = people["candidate"], people["program_manager"], people["mentor"]
    for meeting in held:
        with django_capture_on_commit_callbacks(execute=True):
            record_attendance(meeting=meeting, marks=[Mark(candidate, ABSENT)], actor=people["instructor"])
            # Saving the roll again tells nobody twice.
            record_attendance(
                meeting=meeting, marks=[Mark(candidate, ABSENT, "")], actor=people["instructor"]
            )
    assert len(sent("attendance_concern", to=candidate)) == 2
    assert len(sent("attendance_concern", to=mentor)) == 2
    assert len(sent("attendance_concern", to=manager)) == 2
    assert sent("candidate_at_risk") == [
        f"At risk: {candidate} has 2 unexcused absences ({candidate_cohort(people)})"
    ]
    assert [m.to for m in mail.outbox if "At risk" in m.subject] == [[manager.email]]
    to_candidate = [m.body for m in mail.outbox if m.to == [candidate.email]]
    assert ["Unexcused absences on record in this cohort: 1" in body for body in to_candidate] == [
        True,
        False,
    ]
    assert "Unexcused absences on record in this cohort: 2" in to_candidate[1]


def candidate_cohort(people):
    return people["candidate"].memberships.get(role=Role.CANDIDATE).cohort


def test_late_arrival_is_told_to_candidate_and_mentor_not_the_manager(held, people):
    candidate = people["candidate"]
    record_attendance(meeting=held[0], marks=[Mark(candidate, LATE)], actor=people["instructor"])
    record_attendance(meeting=held[1], marks=[Mark(candidate, LATE)], actor=people["instructor"])
    assert (
        Message.objects.filter(notice="attendance_concern").values_list("recipient", flat=True).count() == 4
    )
    assert not Message.objects.filter(recipient=people["program_manager"]).exists()


def test_a_mark_changed_from_late_to_absent_is_followed_up_again(held, people):
    candidate = people["candidate"]
    record_attendance(meeting=held[0], marks=[Mark(candidate, LATE)], actor=people["instructor"])
    record_attendance(meeting=held[0], marks=[Mark(candidate, ABSENT)], actor=people["instructor"])
    assert sent("attendance_concern", to=candidate) == [
        f"Your attendance: absent at {held[0].session}",
        f"Your attendance: late at {held[0].session}",
    ]


def test_threshold_comes_from_the_cohort_settings(held, people, cohort):
    cohort.absences_at_risk = 3
    cohort.save()
    for meeting in held:
        record_attendance(
            meeting=meeting, marks=[Mark(people["candidate"], ABSENT)], actor=people["instructor"]
        )
    assert sent("candidate_at_risk") == []
    labels = [row[0] for row in attendance_heat_map(cohort=cohort).rows]
    assert str(people["candidate"]) in labels
    assert [label for label in labels if label.startswith("At risk")] == []


def test_cohort_settings_page_shows_and_saves_the_threshold(client, cohort, people):
    client.force_login(people["program_manager"])
    url = reverse("cohorts:settings", args=[cohort.slug])
    page = client.get(url)
    assert "Absences that put a candidate at risk" in page.text
    form = page.context["form"]
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    data.update(absences_at_risk="4", reviewers_see_all="")
    data = {k: v for k, v in data.items() if v != ""}
    reminders = page.context["reminder_form"]
    data.update(
        {f"reminders-{name}": reminders[name].value() for name in reminders.fields if reminders[name].value()}
    )
    for name in ("applications_open", "applications_close"):
        data[name] = form[name].value().strftime("%Y-%m-%dT%H:%M")
    response = client.post(url, data, follow=True)
    assert "are saved" in response.text
    cohort.refresh_from_db()
    assert cohort.absences_at_risk == 4


def test_manager_sees_candidates_at_risk_on_the_dashboard_and_home(client, cohort, held, people):
    for meeting in held:
        record_attendance(
            meeting=meeting, marks=[Mark(people["candidate"], ABSENT)], actor=people["instructor"]
        )
    record_attendance(
        meeting=held[0], marks=[Mark(people["other_candidate"], ABSENT)], actor=people["instructor"]
    )
    client.force_login(people["program_manager"])
    dashboard = client.get(reverse("cohorts:dashboard", args=[cohort.slug])).text
    assert escape(f"At risk: {people['candidate']}") in dashboard
    assert escape(f"At risk: {people['other_candidate']}") not in dashboard
    home = client.get(reverse("home")).text
    assert "1 candidate at risk" in home
    assert f"{reverse('completion:cohort_table', args=[cohort.slug])}?sort=risk" in home


# Make-up work for an excused absence -------------------------------------------------------------------


def excuse(meeting, people, candidate=None):
    candidate = candidate or people["candidate"]
    record_attendance(
        meeting=meeting, marks=[Mark(candidate, EXCUSED, "Board meeting")], actor=people["instructor"]
    )
    return Attendance.objects.get(meeting=meeting, person=candidate)


def make_up(attendance, people, **kwargs):
    return set_make_up(
        attendance=attendance,
        title="Make-up: fiscal case study",
        instructions="Work the case of the missed day.",
        due_at=timezone.now() + timedelta(days=10),
        actor=people["instructor"],
        **kwargs,
    )


def test_make_up_work_is_the_candidates_alone_and_tracked_like_any_assignment(held, people, cohort):
    work = make_up(excuse(held[0], people), people)
    candidate, other = people["candidate"], people["other_candidate"]
    assert list(candidates_missing_submission(assignment=work)) == [candidate]
    assert [cell.assignment for cell in record_of(cohort=cohort, candidate=candidate).work] == [work]
    assert record_of(cohort=cohort, candidate=other).work == []
    assert assignment_grid(cohort=cohort)[0] == []
    assert sent("assignment_posted") == [sent("assignment_posted", to=candidate)[0]]
    with pytest.raises(ValidationError):
        submit(work, other)
    handed_in = submit(work, candidate)
    assert grade(handed_in, Grade.PASS, people["instructor"], comments="").grade == Grade.PASS


def test_make_up_work_is_on_the_cohort_assignment_grid_in_its_candidates_row(client, held, people, cohort):
    work = make_up(excuse(held[0], people), people)
    grade(submit(work, people["candidate"]), Grade.NEEDS_REVISION, people["instructor"], comments="More.")

    _, page = assignment_grid(cohort=cohort)
    rows = {row.candidate: row for row in page.object_list}
    client.force_login(people["program_manager"])
    grid = client.get(reverse("class_sessions:assignment_grid", args=[cohort.slug])).text

    assert [(c.assignment, c.state) for c in rows[people["candidate"]].make_ups] == [(work, "needs_revision")]
    assert rows[people["other_candidate"]].make_ups == []
    row = grid[grid.index(escape(str(people["candidate"])) + "</a>") :]
    row = row[: row.index("</tr>")]
    assert f"{work.title}</a> ({held[0].session}), due" in row
    assert "Needs revision</a>" in row


@pytest.mark.parametrize(
    "role, status",
    [
        ("candidate", 200),
        ("mentor", 200),
        ("other_candidate", 404),
        ("other_mentor", 404),
        ("instructor", 200),
    ],
)
def test_make_up_work_is_seen_by_the_candidate_their_mentor_and_staff_only(
    client, held, people, role, status
):
    work = make_up(excuse(held[0], people), people)
    client.force_login(people[role])
    assert client.get(reverse("class_sessions:assignment", args=[work.pk])).status_code == status


def test_make_up_for_a_mark_not_excused_or_twice_is_refused(held, people):
    record_attendance(meeting=held[0], marks=[Mark(people["candidate"], ABSENT)], actor=people["instructor"])
    absent = Attendance.objects.get()
    with pytest.raises(ValidationError) as error:
        make_up(absent, people)
    assert error.value.messages == ["Make-up work is set for an excused absence; this mark is “Absent”."]
    excused = excuse(held[1], people)
    make_up(excused, people)
    with pytest.raises(ValidationError):
        make_up(excused, people)
    assert Assignment.objects.count() == 1


def test_make_up_page_sets_the_work_from_the_roll_call_and_then_leads_to_it(client, held, people):
    excuse(held[0], people)
    client.force_login(people["instructor"])
    roll = client.get(reverse("class_sessions:attendance", args=[held[0].pk])).text
    url = reverse("class_sessions:make_up", args=[held[0].pk, people["candidate"].pk])
    assert url in roll
    due = (timezone.now() + timedelta(days=7)).astimezone(held[0].session.cohort.tz)
    response = client.post(
        url,
        {"title": "Make-up memo", "instructions": "Cover the day.", "due_at": due.strftime("%Y-%m-%dT%H:%M")},
        follow=True,
    )
    assert "The make-up work is set" in response.text
    work = Assignment.objects.get()
    assert (work.assigned_to, work.makes_up.meeting) == (people["candidate"], held[0])
    assert client.get(url).url == work.get_absolute_url()


# Notices of the class year ------------------------------------------------------------------------------


def test_new_assignment_is_told_to_each_candidate_once(
    session, meeting, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        posted = post_assignment(
            session=session,
            title="Budget memo",
            instructions="Write it.",
            due_at=meeting.starts_at - timedelta(days=1),
            actor=people["instructor"],
        )
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [people["candidate"].email, people["other_candidate"].email]
    )
    assert mail.outbox[0].subject.startswith(f"New assignment for {session}: Budget memo, due ")
    assert posted.get_absolute_url() in mail.outbox[0].body


def test_calendar_feed_carries_a_candidates_due_dates_only(client, assignment, people):
    def feed_of(person):
        token = renew_calendar_feed(user=person)
        response = client.get(reverse("class_sessions:feed", args=[token]))
        return [str(event["summary"]) for event in Calendar.from_ical(response.content).walk("VEVENT")]

    due = f"Due: {assignment.title}, {assignment.session} ({assignment.session.cohort})"
    assert due in feed_of(people["candidate"])
    assert due not in feed_of(people["mentor"])
    assert due not in feed_of(people["instructor"])
