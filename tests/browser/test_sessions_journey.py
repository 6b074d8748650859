"""The class year in the browser: attendance on a phone, an assignment handed in with a file, graded, seen."""

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import Role
from sessions.models import Attendance, Submission

from ..class_sessions.factories import AssignmentFactory
from ..factories import ClassSessionFactory, MeetingFactory, MembershipFactory, PairingFactory, TopicFactory
from ..files import pdf_bytes
from .screens import DESKTOP


@pytest.fixture
def class_year(cohort):
    """Session 3 under way since half an hour, taught by an instructor, with an assignment due in half an hour."""
    pairing = PairingFactory(cohort=cohort)
    instructor = MembershipFactory(cohort=cohort, role=Role.INSTRUCTOR).user
    manager = MembershipFactory(cohort=cohort, role=Role.PROGRAM_MANAGER).user
    second = MembershipFactory(cohort=cohort, role=Role.CANDIDATE).user
    session = ClassSessionFactory(cohort=cohort, number=3, title="Fiscal Management")
    TopicFactory(session=session, name="Fiscal Management")
    session.instructors.add(instructor)
    meeting = MeetingFactory(session=session, starts_at=timezone.now() - timedelta(minutes=30))
    assignment = AssignmentFactory(
        session=session, title="District budget memo", due_at=timezone.now() + timedelta(minutes=30)
    )
    return {
        "candidate": pairing.candidate,
        "second": second,
        "instructor": instructor,
        "manager": manager,
        "session": session,
        "meeting": meeting,
        "assignment": assignment,
    }


def test_instructor_takes_attendance_on_a_phone(phone, live_server, class_year, log_in, screenshot):
    candidate, second = class_year["candidate"], class_year["second"]
    log_in(phone, class_year["instructor"])
    phone.get_by_role("link", name="Take attendance: Session 3", exact=True).click()
    expect(phone.get_by_role("heading", name="Attendance · Session 3")).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    phone.get_by_text(f"Present — {candidate}").click()
    phone.get_by_text(f"Late — {second}").click()
    phone.get_by_label(f"Note for {second}").fill("Traffic on I-5")
    screenshot(phone, "sessions-attendance-phone")
    phone.get_by_role("button", name="Save attendance").click()
    expect(phone.get_by_text("Attendance saved (2 changes).")).to_be_visible()
    expect(phone.get_by_role("radio", name=f"Late — {second}")).to_be_checked()
    screenshot(phone, "sessions-attendance-saved-phone")
    assert {(a.person, a.status, a.note) for a in Attendance.objects.all()} == {
        (candidate, "present", ""),
        (second, "late", "Traffic on I-5"),
    }


def test_candidate_hands_in_instructor_grades_candidate_sees_grade(
    new_page, live_server, class_year, log_in, screenshot, tmp_path
):
    candidate, assignment = class_year["candidate"], class_year["assignment"]
    memo = tmp_path / "budget-memo.pdf"
    memo.write_bytes(pdf_bytes("Budget memo"))

    candidate_page = new_page(**DESKTOP)
    log_in(candidate_page, candidate)
    candidate_page.get_by_role("link", name="District budget memo").click()
    candidate_page.get_by_role("link", name="Hand in your work").click()
    candidate_page.get_by_label("Your answer (optional with files)").fill("My memo is attached.")
    candidate_page.get_by_label("Files (optional with an answer)").set_input_files(memo)
    screenshot(candidate_page, "sessions-submit")
    candidate_page.get_by_role("button", name="Hand in").click()
    expect(candidate_page.get_by_text("Your work is handed in (version 1).")).to_be_visible()
    expect(candidate_page.get_by_role("link", name="budget-memo.pdf")).to_be_visible()
    assert Submission.objects.get().files.get().original_name == "budget-memo.pdf"

    instructor_page = new_page(**DESKTOP)
    log_in(instructor_page, class_year["instructor"])
    instructor_page.goto(live_server.url + assignment.get_absolute_url())
    instructor_page.get_by_role("link", name=f"Waiting for a grade — {candidate}").click()
    with instructor_page.expect_download() as download:
        instructor_page.get_by_role("link", name="budget-memo.pdf").click()
    assert download.value.suggested_filename == "budget-memo.pdf"
    instructor_page.get_by_label("Pass").check()
    instructor_page.get_by_label("Comments").fill("Clear figures; well argued.")
    screenshot(instructor_page, "sessions-grade")
    instructor_page.get_by_role("button", name="Save the grade").click()
    expect(instructor_page.get_by_text(f"Graded; {candidate} is told by e-mail.")).to_be_visible()

    candidate_page.goto(live_server.url + assignment.get_absolute_url())
    expect(candidate_page.get_by_text("Clear figures; well argued.")).to_be_visible()
    expect(candidate_page.locator(".badge", has_text="Pass")).to_be_visible()
    expect(candidate_page.get_by_text("This work passed; it cannot be replaced any more.")).to_be_visible()
    screenshot(candidate_page, "sessions-graded")


def test_manager_sees_grids_and_progress(page, live_server, class_year, log_in, screenshot):
    from sessions.services import Mark, record_attendance

    record_attendance(
        meeting=class_year["meeting"],
        marks=[Mark(class_year["candidate"], "absent", "No word")],
        actor=class_year["manager"],
    )
    log_in(page, class_year["manager"])
    page.get_by_role("link", name="Attendance", exact=True).click()
    expect(page.get_by_role("table", name="Candidates × meetings; times in Pacific Time.")).to_be_visible()
    expect(page.get_by_text("Short of full attendance")).to_have_count(1)
    screenshot(page, "sessions-attendance-grid")
    page.get_by_role("link", name="Assignments").first.click()
    expect(page.get_by_role("heading", name=f"Assignments · {class_year['session'].cohort}")).to_be_visible()
    screenshot(page, "sessions-assignment-grid")
    page.get_by_role("link", name=str(class_year["candidate"]), exact=True).click()
    expect(page.get_by_role("heading", name="The ten responsibilities")).to_be_visible()
    expect(page.get_by_role("row", name=re.compile(r"^4\. Attend all classes.* Behind"))).to_be_visible()
    screenshot(page, "sessions-progress")
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Class schedule").click()
    expect(
        page.get_by_role("heading", name=f"Sessions of the {class_year['session'].cohort} and their meetings")
    ).to_be_attached()  # the cards' heading is for screen readers
    expect(
        page.get_by_role("listitem").filter(has=page.get_by_role("link", name="Session 3"))
    ).to_be_visible()
    screenshot(page, "sessions-schedule")
    page.get_by_role("link", name="Session 3", exact=True).click()
    expect(page.get_by_role("heading", name="Session 3 — Fiscal Management")).to_be_visible()
    screenshot(page, "sessions-session")
    page.get_by_role("link", name=f"Schedule of the {class_year['session'].cohort}").click()
    page.get_by_role("link", name="Subscribe in your calendar").click()
    page.get_by_role("button", name="Create my feed address").click()
    expect(page.get_by_label("Your new private feed address")).to_have_value(
        re.compile(r"/sessions/calendar/.+\.ics$")
    )
    screenshot(page, "sessions-calendar-feed")
