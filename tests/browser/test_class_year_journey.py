"""A class year in the browser, as the program requires it: a candidate fails an assignment, revises and passes;
misses two classes and the program manager sees them at risk; the mentor schedules a meeting that shows in both
people's calendar feeds and records the mid-year evaluation with a follow-up; the candidate, having met every
requirement, is marked completed and downloads the certificate."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import Role
from completion.responsibilities import record_of
from portfolios.models import FollowUp, MentorMeeting, MidYearEvaluation
from sessions.models import Attendance, AttendanceStatus, Grade, Submission
from sessions.services import renew_calendar_feed

from ..class_sessions.factories import AssignmentFactory, SubmissionFactory
from ..completion.year import give_evidence, make_year
from ..factories import MeetingFactory, MembershipFactory, PairingFactory
from .screens import DESKTOP


@pytest.fixture
def year(cohort):
    """The year of `tests/completion/year.py` (classes began 75 days ago, Session 1 held 60 days ago, the
    final presentations this morning) with two more class days of Session 1 a month ago, an assignment due in
    two days, and the candidate's evidence of every responsibility so far."""
    pairing = PairingFactory(cohort=cohort)
    instructor = MembershipFactory(cohort=cohort, role=Role.INSTRUCTOR).user
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    year = make_year(cohort, instructor)
    now = timezone.now()
    missed = [MeetingFactory(session=year["session"], starts_at=now - timedelta(days=d)) for d in (30, 29)]
    memo = AssignmentFactory(
        session=year["session"], title="District budget memo", due_at=now + timedelta(days=2)
    )
    give_evidence(cohort, year, pairing.candidate)
    return {
        **year,
        "candidate": pairing.candidate,
        "mentor": pairing.mentor,
        "instructor": instructor,
        "manager": manager,
        "missed": missed,
        "memo": memo,
    }


def hand_in(page, text, version):
    page.get_by_label("Your answer (optional with files)").fill(text)
    page.get_by_role("button", name="Hand in").click()
    expect(page.get_by_text(f"Your work is handed in (version {version}).")).to_be_visible()


def grade(page, url, candidate, result, comments):
    page.goto(url)
    page.get_by_role("link", name=f"Waiting for a grade — {candidate}").click()
    page.get_by_label(result, exact=True).check()
    page.get_by_label("Comments").fill(comments)
    page.get_by_role("button", name="Save the grade").click()
    expect(page.get_by_text(f"Graded; {candidate} is told by e-mail.")).to_be_visible()


def fail_revise_and_pass(live_server, year, candidate_page, instructor_page):
    candidate, memo_url = year["candidate"], live_server.url + year["memo"].get_absolute_url()
    candidate_page.get_by_role("link", name="District budget memo").click()
    candidate_page.get_by_role("link", name="Hand in your work").click()
    hand_in(candidate_page, "Our budget, in brief.", 1)

    grade(instructor_page, memo_url, candidate, "Fail", "No figures at all.")
    candidate_page.goto(memo_url)
    expect(candidate_page.get_by_text("No figures at all.")).to_be_visible()
    candidate_page.get_by_role("link", name="Hand in a revision").click()
    expect(candidate_page.get_by_text("This will be version 2")).to_be_visible()
    hand_in(candidate_page, "Our budget, with every figure.", 2)

    grade(instructor_page, memo_url, candidate, "Pass", "Clear figures.")
    candidate_page.goto(memo_url)
    expect(candidate_page.get_by_text("This work passed; it cannot be replaced any more.")).to_be_visible()
    expect(candidate_page.get_by_role("link", name="Hand in a revision")).to_have_count(0)
    versions = Submission.objects.filter(assignment=year["memo"]).order_by("version")
    assert list(versions.values_list("grade", flat=True)) == ["fail", "pass"]


def miss_two_classes_and_manager_sees_at_risk(live_server, year, instructor_page, manager_page, screenshot):
    candidate, cohort = year["candidate"], year["session"].cohort
    for day in (1, 2):  # the first class day is recorded present already
        instructor_page.goto(live_server.url + year["session"].get_absolute_url())
        instructor_page.get_by_role("link", name="Take attendance").nth(day).click()
        instructor_page.get_by_text(f"Absent — {candidate}").click()
        instructor_page.get_by_role("button", name="Save attendance").click()
        expect(instructor_page.get_by_text("Attendance saved (1 change).")).to_be_visible()

    manager_page.goto(live_server.url)
    manager_page.get_by_role("link", name="1 candidate at risk", exact=False).click()
    screenshot(manager_page, "class-year-at-risk-table")
    manager_page.get_by_role("link", name=str(candidate), exact=True).click()
    expect(manager_page.get_by_role("heading", name=f"Progress of {candidate} · {cohort}")).to_be_visible()
    expect(manager_page.get_by_role("heading", name="At risk", exact=True)).to_be_visible()
    expect(manager_page.get_by_text("2 unexcused absences (the cohort's limit is 2)")).to_be_visible()
    manager_page.goto(live_server.url + reverse("cohorts:dashboard", args=[cohort.slug]))
    manager_page.get_by_role("region", name="Attendance").get_by_text("The numbers").click()
    expect(manager_page.get_by_role("rowheader", name=f"At risk: {candidate}")).to_be_visible()


def schedule_a_meeting_in_both_feeds(live_server, year, mentor_page, screenshot):
    cohort, candidate, mentor = year["session"].cohort, year["candidate"], year["mentor"]
    feeds = [
        f"{live_server.url}{reverse('class_sessions:feed', args=[renew_calendar_feed(user=person)])}"
        for person in (mentor, candidate)
    ]
    next_week = timezone.localdate(timezone.now(), cohort.tz) + timedelta(days=7)
    mentor_page.get_by_role("link", name=f"Portfolio of {candidate}").click()
    mentor_page.get_by_role("link", name="Mentor meetings").click()
    mentor_page.get_by_role("link", name="Schedule a meeting").click()
    mentor_page.get_by_label("Starts at").fill(f"{next_week.isoformat()}T16:30")
    mentor_page.get_by_label("Duration (minutes)").fill("45")
    mentor_page.get_by_label("Video").check()
    mentor_page.get_by_label("Place or link").fill("https://video.example.org/budget")
    mentor_page.get_by_role("button", name="Schedule the meeting").click()
    expect(
        mentor_page.get_by_text("The meeting is scheduled; it is in both your calendar feeds.")
    ).to_be_visible()
    expect(mentor_page.get_by_text("https://video.example.org/budget")).to_be_visible()
    screenshot(mentor_page, "class-year-meeting-scheduled")
    assert MentorMeeting.objects.filter(starts_at__isnull=False).count() == 1
    for url in feeds:
        response = mentor_page.request.get(url)
        assert (response.status, response.headers["content-type"].split(";")[0]) == (200, "text/calendar")
        body = response.text().replace("\r\n ", "")
        assert f"SUMMARY:Mentor meeting: {mentor} and {candidate}" in body, url
        assert f"DTSTART;TZID={cohort.time_zone}:{next_week:%Y%m%d}T163000" in body, url


def record_the_mid_year_evaluation(year, mentor_page, screenshot):
    cohort, candidate, mentor = year["session"].cohort, year["candidate"], year["mentor"]
    yesterday = timezone.localdate(timezone.now(), cohort.tz) - timedelta(days=1)
    mentor_page.get_by_role("link", name="Portfolio", exact=True).click()
    mentor_page.get_by_role("link", name="Record a mid-year evaluation meeting").click()
    mentor_page.get_by_label("When it took place").fill(f"{yesterday.isoformat()}T10:00")
    mentor_page.get_by_label("Face to face").check()
    mentor_page.get_by_label("Areas needing improvement").fill("Budget narratives for the board.")
    mentor_page.get_by_role("button", name="Record the meeting").click()
    expect(
        mentor_page.get_by_text("The evaluation meeting is recorded; add its follow-up items below.")
    ).to_be_visible()
    mentor_page.get_by_label("Area needing improvement or task").fill("Rewrite the budget summary")
    mentor_page.get_by_label("Owner").select_option(label=str(candidate))
    due = date.today() + timedelta(days=21)
    mentor_page.get_by_label("Due on").fill(due.isoformat())
    mentor_page.get_by_role("button", name="Add the follow-up item").click()
    expect(mentor_page.get_by_role("cell", name="Rewrite the budget summary", exact=True)).to_be_visible()
    screenshot(mentor_page, "class-year-evaluation-recorded")
    evaluation = MidYearEvaluation.objects.get()
    assert (evaluation.recorded_by, evaluation.mode) == (mentor, "face_to_face")
    assert FollowUp.objects.filter(evaluation=evaluation, owner=candidate, due_on=due).count() == 1


def make_up_the_missed_classes_and_let_the_memo_fall_due(year):
    """What the rest of the year brings, recorded directly (tests/class_sessions/test_follow_up.py walks
    these pages): both absences excused with make-up work the candidate passed, and the memo's due date past."""
    now = timezone.now()
    for meeting in year["missed"]:
        absence = Attendance.objects.get(meeting=meeting, person=year["candidate"])
        absence.status = AttendanceStatus.EXCUSED
        absence.save(update_fields=["status"])
        work = AssignmentFactory(
            session=year["session"],
            title=f"Make-up for {meeting.starts_at:%b %-d}",
            assigned_to=year["candidate"],
            makes_up=absence,
            due_at=now - timedelta(days=2),
        )
        SubmissionFactory(
            assignment=work,
            candidate=year["candidate"],
            submitted_at=now - timedelta(days=3),
            grade=Grade.PASS,
        )
    year["memo"].due_at = now - timedelta(hours=1)
    year["memo"].save(update_fields=["due_at"])


def test_a_class_year_from_a_failed_assignment_to_the_certificate(
    new_page, live_server, year, log_in, screenshot
):
    candidate, cohort = year["candidate"], year["session"].cohort
    candidate_page, instructor_page, manager_page, mentor_page = (new_page(**DESKTOP) for _ in range(4))
    log_in(candidate_page, candidate)
    log_in(instructor_page, year["instructor"])
    log_in(manager_page, year["manager"])
    log_in(mentor_page, year["mentor"])

    fail_revise_and_pass(live_server, year, candidate_page, instructor_page)
    miss_two_classes_and_manager_sees_at_risk(live_server, year, instructor_page, manager_page, screenshot)
    schedule_a_meeting_in_both_feeds(live_server, year, mentor_page, screenshot)
    record_the_mid_year_evaluation(year, mentor_page, screenshot)

    # The candidate sees the follow-up on their home page and the notice that assigned it.
    candidate_page.goto(live_server.url)
    expect(candidate_page.get_by_role("link", name="Rewrite the budget summary")).to_be_visible()
    candidate_page.goto(f"{live_server.url}{reverse('notifications:inbox')}")
    expect(
        candidate_page.get_by_role("link", name="Follow-up for you: Rewrite the budget summary")
    ).to_be_visible()

    make_up_the_missed_classes_and_let_the_memo_fall_due(year)
    assert [r.number for r in record_of(cohort=cohort, candidate=candidate).unmet] == []

    manager_page.goto(live_server.url + reverse("completion:commencement", args=[cohort.slug]))
    to_mark = manager_page.get_by_role("region", name="Every responsibility met: to mark as completed (1)")
    to_mark.get_by_role("link", name="Mark completed").click()
    expect(manager_page.get_by_text(f"{candidate} has met all ten responsibilities.")).to_be_visible()
    manager_page.get_by_role("button", name="Mark completed").click()
    expect(manager_page.get_by_text(f"{candidate} completed the program")).to_be_visible()

    candidate_page.goto(live_server.url)
    candidate_page.get_by_role("link", name="My progress").click()
    expect(
        candidate_page.get_by_role("heading", name="Completed the program on", exact=False)
    ).to_be_visible()
    screenshot(candidate_page, "class-year-completed")
    with candidate_page.expect_download() as download:
        candidate_page.get_by_role("link", name="Download the certificate (PDF)").click()
    with open(download.value.path(), "rb") as certificate:
        content = certificate.read()
    assert content[:5] == b"%PDF-"
    assert candidate.display_name.encode() in content  # the document's title names them
