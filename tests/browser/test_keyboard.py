"""Without the mouse: a task done with the keyboard alone, and the keyboard check the crawler runs on every kind
of page (`keyboard.keyboard_faults`) shown to find what it looks for."""

from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import Role
from sessions.models import Attendance, Submission

from ..class_sessions.factories import AssignmentFactory
from ..factories import PASSWORD, ClassSessionFactory, MeetingFactory, MembershipFactory, PairingFactory
from .keyboard import keyboard_faults, press_enter_to_go_on, tab_to


def test_keyboard_check_finds_a_positive_tabindex_missing_and_faint_focus_rings_and_a_trap(page):
    page.set_content(
        """<a href="#one">One</a>
        <button tabindex="2">Jumps the queue</button>
        <a href="#two" style="outline: none">No ring</a>
        <button style="outline: none; box-shadow: 0 0 0 4px rgba(13, 110, 253, 0.25)">Faint</button>
        <input aria-label="Trap" onkeydown="if (event.key === 'Tab') event.preventDefault()">
        <a href="#three">Never reached</a>"""
    )

    assert keyboard_faults(page) == [
        'Tab goes to a "No ring" before button "Jumps the queue"',
        'Tab goes to a "One" before a "No ring"',
        'Tab goes to button "Jumps the queue" before a "One"',
        'Tab never reaches 1 control(s): a "Never reached"',
        'faint focus ring on button "Faint" (1.4:1 against its background)',
        'focus stuck on input "Trap"',
        'no visible focus ring on a "No ring"',
        'positive tabindex on button "Jumps the queue"',
    ]


def test_keyboard_check_follows_a_focus_the_browser_moves_between_two_presses(page):
    """Coming back round from the browser's own controls, Chromium under load may put the focus on the first
    control a moment late, so the next Tab lands on the second: the focus went through both, in order."""
    page.set_content(
        """<a href="#one">One</a> <a href="#two">Two</a>
        <script>
          addEventListener('focusout', (event) => {
            if (event.relatedTarget) return;
            const late = () => document.querySelector('a').focus();
            addEventListener('keydown', late, { once: true, capture: true });
          });
        </script>"""
    )

    assert keyboard_faults(page) == []


def log_in_with_the_keyboard(page, live_server, user):
    page.goto(f"{live_server.url}/accounts/login/")
    tab_to(page, "E-mail address")
    page.keyboard.type(user.email)
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    press_enter_to_go_on(page)


def test_candidate_hands_in_work_with_the_keyboard_alone(page, live_server, cohort, screenshot):
    candidate = PairingFactory(cohort=cohort).candidate
    assignment = AssignmentFactory(
        session=ClassSessionFactory(cohort=cohort, number=3, title="Fiscal Management"),
        title="District budget memo",
        due_at=timezone.now() + timedelta(days=2),
    )

    log_in_with_the_keyboard(page, live_server, candidate)
    tab_to(page, "District budget memo")
    press_enter_to_go_on(page)
    expect(page.get_by_role("heading", name="District budget memo")).to_be_visible()
    tab_to(page, "Hand in your work")
    press_enter_to_go_on(page)
    tab_to(page, "Your answer")
    page.keyboard.type("Savings come from the bus contract.")
    tab_to(page, "Hand in")
    screenshot(page, "keyboard-hand-in")
    press_enter_to_go_on(page)

    expect(page.get_by_text("Your work is handed in (version 1).")).to_be_visible()
    expect(page.get_by_text("Savings come from the bus contract.")).to_be_visible()
    assert Submission.objects.get(assignment=assignment).text == "Savings come from the bus contract."


def test_instructor_takes_attendance_on_a_phone_with_the_keyboard_alone(
    phone, live_server, cohort, screenshot
):
    instructor = MembershipFactory(cohort=cohort, role=Role.INSTRUCTOR).user
    first, second = (MembershipFactory(cohort=cohort, role=Role.CANDIDATE).user for _ in range(2))
    session = ClassSessionFactory(cohort=cohort, number=3, title="Fiscal Management")
    session.instructors.add(instructor)
    # The roll call opens once the meeting has started.
    MeetingFactory(session=session, starts_at=timezone.now() - timedelta(minutes=30))

    log_in_with_the_keyboard(phone, live_server, instructor)
    tab_to(phone, "Take attendance: Session 3")
    press_enter_to_go_on(phone)
    tab_to(phone, f"Present — {first}")
    phone.keyboard.press("Space")
    tab_to(phone, f"Present — {second}")
    phone.keyboard.press("ArrowRight")  # the next choice of the group: Late
    tab_to(phone, f"Note for {second}")
    phone.keyboard.type("Traffic on I-5")
    tab_to(phone, "Save attendance")
    screenshot(phone, "keyboard-attendance-phone")
    press_enter_to_go_on(phone)

    expect(phone.get_by_text("Attendance saved (2 changes).")).to_be_visible()
    expect(phone.get_by_role("radio", name=f"Late — {second}")).to_be_checked()
    assert {(a.person, a.status, a.note) for a in Attendance.objects.all()} == {
        (first, "present", ""),
        (second, "late", "Traffic on I-5"),
    }
