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

# How well the focus ring of a node shows: the contrast of its outline (or, without one, of its box shadow)
# against what lies behind the node, with translucent colours laid over it; 0 without a ring. Chromium's own
# `outline: auto` ring is drawn in two colours and shows on any background.
RING_CONTRAST = """
  const parse = c => {
    const m = c && c.match(/rgba?\\(([^)]*)\\)/);
    if (!m) return null;
    const [r, g, b, a = 1] = m[1].split(/[\\s,\\/]+/).filter(Boolean).map(Number);
    return {r, g, b, a};
  };
  const over = (top, below) => ({
    r: top.r * top.a + below.r * (1 - top.a), g: top.g * top.a + below.g * (1 - top.a),
    b: top.b * top.a + below.b * (1 - top.a), a: 1,
  });
  const behind = node => {
    const layers = [];
    for (let n = node.parentElement; n; n = n.parentElement) {
      const colour = parse(getComputedStyle(n).backgroundColor);
      if (colour && colour.a > 0) layers.push(colour);
      if (colour && colour.a === 1) break;
    }
    return layers.reduceRight((below, layer) => over(layer, below), {r: 255, g: 255, b: 255, a: 1});
  };
  const luminance = c => [c.r, c.g, c.b]
    .map(v => v / 255).map(v => (v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4))
    .reduce((sum, v, n) => sum + v * [0.2126, 0.7152, 0.0722][n], 0);
  const contrast = (x, y) => {
    const [light, dark] = [luminance(x), luminance(y)].sort((p, q) => q - p);
    return (light + 0.05) / (dark + 0.05);
  };
  const ringContrast = node => {
    const style = getComputedStyle(node);
    if (style.outlineStyle === 'auto') return 21;
    let ring = null;
    if (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0) ring = parse(style.outlineColor);
    else if (style.boxShadow !== 'none' && /[1-9]/.test(style.boxShadow.replace(/rgba?\\([^)]*\\)/g, '')))
      ring = parse(style.boxShadow);
    if (!ring) return 0;
    const background = behind(node);
    return contrast(over(ring, background), background);
  };"""

# Where the focus is now: its stop number (or null when not a marked control), a description, the contrast
# of its focus ring (or of its label's, when the control hides behind its label), and whether it scrolls
# (Chromium lets Tab reach a scrolling box with nothing to focus inside); null when it has left the page. And
# the controls it passed through on the way (`passed`, without their rings, which only show while focused):
# coming back round from the browser's own controls under load, Chromium may focus the first control by itself
# a moment after the page was asked, so the next Tab lands on the second.
FOCUS_MOVES = (
    "() => {"
    + DESCRIBE
    + DATE_TYPES
    + RING_CONTRAST
    + """
  const seen = el => ({
    stop: el.dataset.kbStop === undefined ? null : Number(el.dataset.kbStop),
    name: describe(el),
    scrolls: el.scrollWidth > el.clientWidth || el.scrollHeight > el.clientHeight,
    parts: DATE_TYPES.includes(el.type),
  });
  if (!window.kbFocusLog) {
    window.kbFocusLog = [];
    document.addEventListener('focusin', event => window.kbFocusLog.push(event.target));
  }
  const el = document.activeElement;
  const onPage = el && el !== document.body && el !== document.documentElement;
  const log = window.kbFocusLog.splice(0);
  const passed = log.at(-1) === el ? log.slice(0, -1) : log;
  return {
    passed: passed.map(seen),
    now: onPage
      ? {...seen(el), ring: Math.max(ringContrast(el), ...[...(el.labels || [])].map(ringContrast))}
      : null,
  };
}"""
)
RING_CONTRAST_NEEDED = 3  # WCAG 1.4.11: what shows a state, the focus among them, stands out 3:1


def keyboard_faults(page) -> list[str]:
    """Tab through the page from where it starts and report: a positive tabindex, a control Tab skips or
    reaches out of order, focus stuck on one control, an unmarked stop that is not a scrolling box, and a
    focused control without a focus ring that stands out 3:1 from its background."""
    marked = page.evaluate(MARK_STOPS)
    stops = marked["stops"]
    faults = [f"positive tabindex on {name}" for name in marked["positive"]]
    previous, repeats = page.evaluate(FOCUS_MOVES)["now"], 0
    reached = [previous["stop"]] if previous and previous["stop"] is not None else []

    def arrive(focused):
        """The order fault of reaching `focused` next, if any."""
        if focused["stop"] is None:
            if not focused["scrolls"]:
                faults.append(f"Tab stops on {focused['name']}, which is not a control")
            return
        expected = ((reached[-1] if reached else -1) + 1) % len(stops)
        if focused["stop"] != expected:
            faults.append(f"Tab goes to {focused['name']} before {stops[expected]}")
        reached.append(focused["stop"])

    for _ in range(len(stops) + EXTRA_PRESSES + DATE_PARTS * marked["dates"]):
        page.keyboard.press("Tab")
        moves = page.evaluate(FOCUS_MOVES)
        for passed in moves["passed"]:
            arrive(passed)
        focused = moves["now"]
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
        elif focused["ring"] < RING_CONTRAST_NEEDED:
            faults.append(
                f"faint focus ring on {focused['name']} ({focused['ring']:.1f}:1 against its background)"
            )
        arrive(focused)
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
