"""The program manager sets up next year from /cohorts/: copies the 2018 cohort onto a new kickoff, reviews
the proposed dates, then moves the new cohort's deadline on its settings page. Every new page passes axe."""

import re
from datetime import date, timedelta

from django.utils import timezone
from playwright.sync_api import expect

from cohorts.demo import DEMO_PASSWORD
from cohorts.models import Cohort
from cto_mentor.users.models import User
from sessions.models import Meeting

from .crawl import axe_faults
from .form_errors import ERROR_STATE

PACIFIC = "America/Los_Angeles"


def next_friday_after(day: date) -> date:
    return day + timedelta(days=(4 - day.weekday()) % 7 or 7)


def test_manager_copies_2018_into_a_new_cohort_and_moves_its_deadline(page, demo, log_in, screenshot):
    manager = User.objects.get(email="manager@example.org")
    log_in(page, manager, password=DEMO_PASSWORD)
    page.get_by_role("link", name="Cohorts", exact=True).click()
    expect(page.get_by_role("heading", name="Past cohorts")).to_be_visible()
    assert axe_faults(page) == []

    row = page.get_by_role("listitem").filter(has=page.get_by_role("link", name="2018 cohort", exact=True))
    row.get_by_role("link", name="Archive").click()
    expect(page.get_by_role("heading", name="Candidates and completion")).to_be_visible()
    assert axe_faults(page) == []
    page.go_back()

    row.get_by_role("link", name="Copy into a new cohort").click()
    page.get_by_label("Kickoff of the new cohort").fill("2019-02-01")
    page.get_by_role("button", name="Propose the dates").click()
    expect(page.get_by_text("The kickoff has to be in the future.", exact=True)).to_be_visible()
    assert axe_faults(page) == []

    kickoff = next_friday_after(timezone.localdate() + timedelta(days=400))
    page.get_by_label("Kickoff of the new cohort").fill(f"{kickoff:%Y-%m-%d}")
    page.get_by_role("button", name="Propose the dates").click()
    name = f"{kickoff:%Y} cohort"
    expect(page.get_by_label("Name")).to_have_value(name)
    expect(page.get_by_label(re.compile(r"Session 2, Friday meeting starts"))).to_have_value(
        re.compile(r"T17:30$")
    )
    assert axe_faults(page) == []
    screenshot(page, "cohort-copy-proposal")

    # A typing slip first: a Saturday before its Friday is refused beside it, with everything else kept.
    friday = page.get_by_label(re.compile(r"Session 3, Friday meeting starts"))
    saturday = page.get_by_label(re.compile(r"Session 3, Saturday meeting starts"))
    saturday_value = saturday.input_value()
    saturday.fill(friday.input_value().replace("T17:30", "T08:00"))
    page.get_by_role("button", name="Create the cohort").click()
    expect(page.get_by_text("It must start after Session 3, Friday meeting ends.").first).to_be_visible()
    expect(saturday).to_have_attribute("aria-invalid", "true")
    assert page.evaluate(ERROR_STATE, [[], None])["faults"] == []
    assert axe_faults(page) == []
    saturday.fill(saturday_value)
    page.get_by_role("button", name="Create the cohort").click()

    expect(page.get_by_text(f"{name} is created from 2018 cohort")).to_be_visible()
    cohort = Cohort.objects.get(name=name)
    assert cohort.classes_start == kickoff
    assert (
        Meeting.objects.filter(session__cohort=cohort).count()
        == Meeting.objects.filter(session__cohort__slug="2018").count()
    )
    assert cohort.memberships.get().user == manager
    assert axe_faults(page) == []

    deadline = page.get_by_label(re.compile(r"Application deadline \(America/Los Angeles time\)"))
    moved = cohort.applications_close.astimezone(cohort.tz) + timedelta(days=7)
    deadline.fill(f"{moved:%Y-%m-%dT%H:%M}")
    page.get_by_label("Places for candidates").fill("15")
    page.get_by_role("button", name="Save the settings").click()

    expect(page.get_by_text(f"The settings of {name} are saved.")).to_be_visible()
    expect(page.get_by_text(re.compile(r"Deadline moved from"))).to_be_visible()
    cohort.refresh_from_db()
    assert (
        cohort.applications_close.astimezone(cohort.tz).strftime("%Y-%m-%d %H:%M")
        == f"{moved:%Y-%m-%d %H:%M}"
    )
    assert cohort.candidate_places == 15
    screenshot(page, "cohort-settings")

    page.goto(f"{demo.url}/cohorts/new/")
    expect(page.get_by_role("heading", name="Without a template")).to_be_visible()
    assert axe_faults(page) == []
    page.goto(f"{demo.url}/sessions/cohort/{cohort.slug}/plan/")
    expect(page.get_by_label(re.compile(r"Saturday starts \(America/Los Angeles time\)"))).to_be_visible()
    assert axe_faults(page) == []
