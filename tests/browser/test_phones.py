"""On a phone, 390 pixels wide: the schedule reads without sideways scrolling, a wide grid scrolls inside its
own box with the names kept in view, a form's errors are summed up at the top and focused, and every demo
login's home page fits (and is photographed for the contact sheet)."""

import pytest
from playwright.sync_api import expect

from cohorts.demo import DEMO_PASSWORD
from cohorts.models import Cohort
from cto_mentor.users.models import User
from sessions.models import ClassSession

from .crawl import DEMO_LOGINS
from .screens import PHONE

UNDER_WAY = "demo-under-way"
PAGE_WIDTH = "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"


def assert_fits(page):
    width, window = page.evaluate(PAGE_WIDTH)
    assert width <= window, f"{page.url} is {width} px wide in a {window} px window"


@pytest.mark.parametrize("path", [f"/sessions/cohort/{UNDER_WAY}/", f"/cohorts/{UNDER_WAY}/"])
def test_schedule_on_a_phone_is_a_card_per_session_with_its_meetings_stacked(phone, demo, log_in, path):
    """The schedule page and the cohort's timeline show the same cards."""
    cohort = Cohort.objects.get(slug=UNDER_WAY)
    log_in(phone, User.objects.get(email="candidate@example.org"), DEMO_PASSWORD)

    phone.goto(f"{demo.url}{path}")

    assert_fits(phone)
    cards = phone.locator("li.card")
    expect(cards).to_have_count(ClassSession.objects.filter(cohort=cohort).count())
    first = cards.first
    expect(first.get_by_role("heading", level=3)).to_have_text("Kickoff meeting Mentors attend")
    meeting = first.locator("dd p").first
    expect(meeting).to_contain_text(" to ")
    expect(meeting).to_contain_text("Sacramento area, Northern California")
    box = meeting.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= 390


def test_attendance_grid_on_a_phone_scrolls_in_its_box_with_names_in_view(phone, demo, log_in):
    log_in(phone, User.objects.get(email="manager@example.org"), DEMO_PASSWORD)

    phone.goto(f"{demo.url}/sessions/cohort/{UNDER_WAY}/attendance/")

    assert_fits(phone)
    grid = phone.get_by_role("region", name="Candidates × meetings; times in Pacific Time.")
    expect(phone.get_by_text("Scroll sideways for more").first).to_be_visible()
    name = grid.get_by_role("rowheader").first
    left = name.bounding_box()["x"]
    grid.focus()
    phone.keyboard.press("ArrowRight")  # the box takes the focus, so the keyboard scrolls it
    phone.wait_for_function("box => box.scrollLeft > 0", arg=grid.element_handle())
    grid.evaluate("box => box.scrollTo({left: box.scrollWidth, behavior: 'instant'})")
    box = name.bounding_box()
    assert abs(box["x"] - left) <= 1  # half a pixel of the collapsed border it leaves behind
    # Nothing scrolled over the name: it is what shows at its own place.
    shown = phone.evaluate(
        "([x, y]) => document.elementFromPoint(x, y).closest('th')?.innerText",
        [box["x"] + box["width"] / 2, box["y"] + box["height"] / 2],
    )
    assert shown == name.inner_text()


def test_form_errors_on_a_phone_are_summed_up_focused_and_linked_to_their_fields(phone, demo):
    phone.goto(f"{demo.url}/accounts/sign-up/")

    phone.get_by_role("button", name="Create account").click()

    assert_fits(phone)
    summary = phone.locator("[data-error-summary]")
    expect(summary).to_be_focused()
    expect(summary.get_by_role("heading")).to_have_text("There are 3 problems")
    links = summary.get_by_role("link")
    expect(links).to_have_text(
        [
            "E-mail address: This field is required.",
            "Password: This field is required.",
            "Password confirmation: This field is required.",
        ]
    )
    for target in links.evaluate_all("links => links.map(a => a.hash.slice(1))"):
        expect(phone.locator(f"#{target}")).to_have_attribute("aria-invalid", "true")
    links.nth(1).click()
    expect(phone.locator("#id_password1")).to_be_focused()


def test_every_demo_home_page_fits_a_phone(new_page, demo, log_in, screenshot):
    for email in DEMO_LOGINS:
        page = new_page(**PHONE)
        log_in(page, User.objects.get(email=email), DEMO_PASSWORD)

        screenshot(page, f"home-{email.split('@')[0]}-390")
        assert_fits(page)


@pytest.mark.parametrize(
    "path",
    [
        f"/notifications/outbox/{UNDER_WAY}/",
        f"/portfolios/cohorts/{UNDER_WAY}/",
        f"/cohorts/{UNDER_WAY}/",
        f"/cohorts/{UNDER_WAY}/pairings/",
    ],
)
def test_tables_with_hidden_text_do_not_widen_the_page_on_a_phone(phone, demo, log_in, path):
    log_in(phone, User.objects.get(email="manager@example.org"), DEMO_PASSWORD)

    phone.goto(f"{demo.url}{path}")

    assert_fits(phone)
