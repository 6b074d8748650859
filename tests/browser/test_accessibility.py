"""Pages the crawler cannot reach by links (e-mailed links, forms showing errors) pass axe-core too."""

import re
from datetime import timedelta

from django.utils import timezone
from playwright.sync_api import expect

from cohorts.models import Role

from ..applications.factories import NominationFactory
from ..factories import ClassSessionFactory, MeetingFactory
from .crawl import axe_faults
from .form_errors import ERROR_STATE


def test_nomination_form_with_errors_passes_axe(page, live_server, cohort):
    NominationFactory(application__cohort=cohort, token="open-sesame-token")
    page.goto(f"{live_server.url}/applications/nominate/open-sesame-token/")

    page.get_by_role("button", name="Submit the nomination").click()

    expect(page.get_by_text("This field is required.", exact=True).first).to_be_visible()
    assert axe_faults(page) == []


def test_sign_up_with_errors_passes_axe_on_a_phone(phone, live_server):
    phone.goto(f"{live_server.url}/accounts/sign-up/")
    phone.get_by_label("E-mail address").fill("not-an-address")
    phone.get_by_role("button", name="Create account").click()

    expect(phone.get_by_label("E-mail address")).to_have_value("not-an-address")
    assert axe_faults(phone) == []


def test_login_with_a_wrong_password_passes_axe(page, live_server, cohort):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("E-mail address").fill("nobody@example.org")
    page.get_by_label("Password").fill("wrong-password")
    page.get_by_role("button", name="Log in").click()

    expect(page.locator(".alert-danger")).to_be_visible()
    assert axe_faults(page) == []


def test_review_queue_filter_out_of_range_is_marked_and_passes_axe(page, live_server, cohort, member, log_in):
    log_in(page, member(Role.PROGRAM_MANAGER))
    page.goto(f"{live_server.url}/applications/cohort/{cohort.slug}/?min_score=9")

    expect(page.get_by_label("Average at least")).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Average at least")).to_have_accessible_description(
        "Ensure this value is less than or equal to 5."
    )
    assert page.evaluate(ERROR_STATE, [[], None])["faults"] == []
    assert axe_faults(page) == []


def test_attendance_note_too_long_is_marked_and_passes_axe(phone, live_server, cohort, member, log_in):
    instructor, candidate = member(Role.INSTRUCTOR), member(Role.CANDIDATE)
    session = ClassSessionFactory(cohort=cohort, number=3)
    session.instructors.add(instructor)
    meeting = MeetingFactory(session=session, starts_at=timezone.now() - timedelta(minutes=30))
    log_in(phone, instructor)
    phone.goto(f"{live_server.url}/sessions/meetings/{meeting.pk}/attendance/")

    note = phone.get_by_label(f"Note for {candidate}")
    note.evaluate("field => field.removeAttribute('maxlength')")
    note.fill("x" * 301)
    phone.get_by_role("button", name="Save attendance").click()

    expect(note).to_have_attribute("aria-invalid", "true")
    expect(note).to_have_accessible_description(re.compile("at most 300 characters"))
    assert phone.evaluate(ERROR_STATE, [[], None])["faults"] == []
    assert axe_faults(phone) == []
