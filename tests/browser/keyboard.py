"""Keyboard checks: Tab through a page as a keyboard user does, and helpers for journeys without the mouse."""

import pytest

EXTRA_PRESSES = 3  # past the last control: leave the page and come back round to the first
# Tab moves through the parts of a date or time field (month, day, year, hour, minute, AM/PM and the
# calendar button) before leaving it.
DATE_PARTS = 7

# How a control is named in a fault: its tag, id and label (or its own text).
DESCRIBE = """
  const describe = el => {
    const text = (el.getAttribute('aria-label') || el.labels?.[0]?.innerText || el.innerText || el.value
                  || el.name || '').trim().replace(/\\s+/g, ' ').slice(0, 50);
    return `${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''} "${text}"`;
  };"""
DATE_TYPES = """
  const DATE_TYPES = ['date', 'time', 'datetime-local', 'month', 'week'];"""

# Marks each control Tab should stop at, in document order, with data-kb-stop="<n>", and returns their
# descriptions and the controls with a positive tabindex. A group of radio buttons is one stop: its checked
# button, or its first one.
MARK_STOPS = (
    "() => {"
    + DESCRIBE
    + DATE_TYPES
    + """
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
)

# What has the focus now: its stop number (or null when not a marked control), a description, whether it
# shows a focus ring (an outline, or a box shadow of some size, on it or on its label when it is hidden
# behind one), and whether it scrolls (Chromium lets Tab reach a scrolling box with nothing to focus inside).
FOCUSED = (
    "() => {"
    + DESCRIBE
    + DATE_TYPES
    + """
  const el = document.activeElement;
  if (!el || el === document.body || el === document.documentElement) return null;
  const ring = node => {
    const style = getComputedStyle(node);
    const outline = style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0;
    const shadow = style.boxShadow !== 'none'
                   && /[1-9]/.test(style.boxShadow.replace(/rgba?\\([^)]*\\)/g, ''));
    return outline || shadow;
  };
  return {
    stop: el.dataset.kbStop === undefined ? null : Number(el.dataset.kbStop),
    name: describe(el),
    ring: ring(el) || [...(el.labels || [])].some(ring),
    scrolls: el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight,
    parts: DATE_TYPES.includes(el.type),
  };
}"""
)


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
            previous = None  # left the page for the browser's own controls
            continue
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


# The text a person hears for the focused control: its label, or its own text.
FOCUSED_TEXT = """() => {
  const el = document.activeElement;
  if (!el || el === document.body) return '';
  return (el.getAttribute('aria-label') || el.labels?.[0]?.innerText || el.innerText || '')
    .trim().replace(/\\s+/g, ' ');
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
