"""Keyboard alone: on every kind of page each demo login reaches, Tab visits every visible control in order,
with a visible focus ring, and never gets stuck; and real tasks can be done without the mouse.

Pages are told apart by their URL pattern (`resolve(path).route`), so an assignment page is checked once, not
once per assignment. Presses are bounded by the number of controls on the page.
"""

from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.urls import Resolver404, resolve
from django.utils import timezone
from playwright.sync_api import expect

from cohorts.demo import DEMO_PASSWORD
from cto_mentor.users.models import User
from sessions.models import Submission

from ..class_sessions.factories import AssignmentFactory
from ..factories import PASSWORD, ClassSessionFactory, PairingFactory
from .test_crawl import DEMO_LOGINS, report, walk

EXTRA_PRESSES = 3  # past the last control: leave the page and come back round to the first
# Tab moves through the parts of a date or time field (month, day, year, hour, minute, AM/PM and the
# calendar button) before leaving it.
DATE_PARTS = 7

# Marks each control Tab should stop at, in document order, with data-kb-stop="<n>", and returns their
# descriptions and the controls with a positive tabindex. A group of radio buttons is one stop: its checked
# button, or its first one.
MARK_STOPS = """() => {
  const DATE_TYPES = ['date', 'time', 'datetime-local', 'month', 'week'];
  const describe = el => {
    const text = (el.getAttribute('aria-label') || el.labels?.[0]?.innerText || el.innerText || el.value
                  || el.name || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${text}"`;
  };
  const selector = 'a[href], area[href], button, input:not([type=hidden]), select, textarea, summary, '
                   + 'iframe, [tabindex], [contenteditable]:not([contenteditable=false])';
  const shown = el => el.checkVisibility({visibilityProperty: true}) && !el.closest('[inert]');
  const controls = [...document.querySelectorAll(selector)]
    .filter(el => el.tabIndex >= 0 && !el.matches(':disabled') && shown(el));
  const radioStop = new Map();
  for (const el of controls) {
    if (el.type !== 'radio' || !el.name) continue;
    const group = `${el.form ? [...document.forms].indexOf(el.form) : '-'}:${el.name}`;
    if (!radioStop.has(group) || (el.checked && !radioStop.get(group).checked)) radioStop.set(group, el);
  }
  const stops = controls.filter(el => el.type !== 'radio' || !el.name || [...radioStop.values()].includes(el));
  document.querySelectorAll('[data-kb-stop]').forEach(el => delete el.dataset.kbStop);
  stops.forEach((el, n) => { el.dataset.kbStop = n; });
  const positive = [...document.querySelectorAll('[tabindex]')].filter(el => el.tabIndex > 0).map(describe);
  const dates = stops.filter(el => DATE_TYPES.includes(el.type)).length;
  return {stops: stops.map(describe), positive, dates};
}"""

# What has the focus now: its stop number (or null when not a marked control), a description, whether it
# shows a focus ring (an outline, or a box shadow of some size, on it or on its label when it is hidden
# behind one), and whether it scrolls (Chromium lets Tab reach a scrolling box with nothing to focus inside).
FOCUSED = """() => {
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const ring = node => {
    const style = getComputedStyle(node);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none'
                   && /[1-9]/.test(style.boxShadow.replace(/rgba?\\([^)]*\\)/g, ''));
    return outline || shadow;
  };
  const text = (el.getAttribute('aria-label') || el.labels?.[0]?.innerText || el.innerText || el.value
                || el.name || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
  return {
    stop: el.dataset.kbStop === undefined ? null : Number(el.dataset.kbStop),
    name: `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${text}"`,
    ring: ring(el) || [...(el.labels || [])].some(ring),
    scrolls: el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight,
    parts: ['date', 'time', 'datetime-local', 'month', 'week'].includes(el.type),
  };
}"""


def keyboard_faults(page) -> list[str]:
    """Tab through the page from where it starts and report: a positive tabindex, a control Tab skips or
    reaches out of order, focus stuck on one control, an unmarked stop that is not a scrolling box, and a
    focused control without a visible focus ring."""
    marked = page.evaluate(MARK_STOPS)
    stops = marked["stops"]
    faults = [f"positive tabindex on {name}" for name in marked["positive"]]
    reached, previous, repeats = [], page.evaluate(FOCUSED), 0
    start = previous["stop"] if previous and previous["stop"] is not None else -1
    for _ in range(len(stops) + EXTRA_PRESSES + DATE_PARTS * marked["dates"]):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue  # left the page for the browser's own controls
        if previous and (focused["stop"], focused["name"]) == (previous["stop"], previous["name"]):
            repeats += 1
            if not focused["parts"] or repeats >= DATE_PARTS:
                faults.append(f"focus stuck on {focused['name']}")
                break
            continue
        previous, repeats = focused, 0
        if not focused["ring"]:
            faults.append(f"no visible focus ring on {focused['name']}")
        if focused["stop"] is None:
            if not focused["scrolls"]:
                faults.append(f"Tab stops on {focused['name']}, which is not a control")
            continue
        expected = ((reached[-1] if reached else start) + 1) % len(stops)
        if focused["stop"] != expected:
            faults.append(f"Tab goes to {focused['name']} before {stops[expected]}")
        reached.append(focused["stop"])
    missed = [name for n, name in enumerate(stops) if n not in reached]
    if missed:
        faults.append(f"Tab never reaches {len(missed)} control(s): {', '.join(missed[:3])}")
    return sorted(set(faults))


def route_of(page) -> str:
    try:
        return resolve(urlsplit(page.url).path).route
    except Resolver404:
        return urlsplit(page.url).path


def once_per_route(check):
    """An inspection for `walk` that runs `check` on the first page of each URL pattern only."""
    seen = set()

    def inspect(page):
        route = route_of(page)
        if route in seen:
            return []
        seen.add(route)
        return check(page)

    return inspect


@pytest.mark.parametrize("email", [*DEMO_LOGINS, None])
def test_every_kind_of_page_works_with_the_keyboard(browser, demo, log_in, email):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, reduced_motion="reduce")
    page = context.new_page()
    if email:
        log_in(page, User.objects.get(email=email), DEMO_PASSWORD)

    errors, faults, visited = walk(
        page, f"{demo.url}/", demo.url, back_office_pages=0, inspect=once_per_route(keyboard_faults)
    )
    context.close()

    assert errors == {}
    if faults:
        pytest.fail(report(faults), pytrace=False)
    assert visited["site"] > 2


def test_keyboard_check_finds_a_positive_tabindex_a_missing_focus_ring_and_a_trap(page):
    page.set_content(
        """<a href="#one">One</a>
        <button tabindex="2">Jumps the queue</button>
        <a href="#two" style="outline: none">No ring</a>
        <input aria-label="Trap" onkeydown="if (event.key === 'Tab') event.preventDefault()">
        <a href="#three">Never reached</a>"""
    )

    assert keyboard_faults(page) == [
        'Tab goes to a "No ring" before button "Jumps the queue"',
        'Tab goes to a "One" before a "No ring"',
        'Tab goes to button "Jumps the queue" before a "One"',
        'Tab never reaches 1 control(s): a "Never reached"',
        'focus stuck on input "Trap"',
        'no visible focus ring on a "No ring"',
        'positive tabindex on button "Jumps the queue"',
    ]


# The text a person hears for the focused control: its label, or its own text.
FOCUSED_TEXT = """() => {
  const el = document.activeElement;
  return (el.getAttribute('aria-label') || el.labels?.[0]?.innerText || el.innerText || '').trim();
}"""
MAX_TABS = 60


def tab_to(page, text: str):
    """Press Tab until the focused control says `text` (its start), as a keyboard user looks for it."""
    heard = []
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        heard.append(page.evaluate(FOCUSED_TEXT))
        if heard[-1].startswith(text):
            return
    pytest.fail(f"Tab never reached {text!r}; it went through {heard}", pytrace=False)


def press_enter_to_go_on(page):
    """Enter on a link or a submit button, waiting for the next page as a person would."""
    with page.expect_navigation():
        page.keyboard.press("Enter")


def test_candidate_hands_in_work_with_the_keyboard_alone(page, live_server, cohort, screenshot):
    candidate = PairingFactory(cohort=cohort).candidate
    assignment = AssignmentFactory(
        session=ClassSessionFactory(cohort=cohort, number=3, title="Fiscal Management"),
        title="District budget memo",
        due_at=timezone.now() + timedelta(days=2),
    )

    page.goto(f"{live_server.url}/accounts/login/")
    tab_to(page, "E-mail address")
    page.keyboard.type(candidate.email)
    tab_to(page, "Password")
    page.keyboard.type(PASSWORD)
    press_enter_to_go_on(page)
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
