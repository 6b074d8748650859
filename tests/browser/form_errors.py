"""Form error states: send each form of a page with its required fields empty and check the page that answers.

The browser's own checks are switched off (`novalidate`, `required` removed) so the server's validation runs,
as it does for anyone whose browser lets an empty field through. On the page that comes back: no serious or
critical axe-core violation, an error message, every field in error marked `aria-invalid="true"` and tied to
its message by `aria-describedby`, and what the person typed in an optional field still there.

Only forms that post and have a required field are sent: with a required field empty, nothing may change.
Forms without one (buttons that log out, send, decide, move or mark something) are not sent at all.
"""

from .crawl import axe_faults, route

TYPED = "Kept after the error"
# Forms with a required field that are still not sent, and why.
SKIPPED_ACTIONS = {
    "accounts/logout/": "logs out",
}
# The forms of the page worth sending: posted, with a visible required field.
FORMS = """() => [...document.forms].map((form, n) => ({
  n,
  action: new URL(form.getAttribute('action') || location.href, location.href).pathname,
  posts: form.getAttribute('method')?.toLowerCase() === 'post',
  required: [...form.elements].some(el => el.required && el.checkVisibility()),
})).filter(form => form.posts && form.required)"""

# Empties form n's visible required fields and lets the server judge them; marks a visible optional text
# field (data-probe-typed) to type into and the submit button (data-probe-submit). Returns the names emptied.
PREPARE = """(n) => {
  const form = document.forms[n];
  form.noValidate = true;
  const emptied = new Set();
  const optional = [...form.elements].find(el =>
    !el.required && !el.readOnly && !el.disabled && el.checkVisibility()
    && (el.tagName === 'TEXTAREA' || (el.tagName === 'INPUT' && ['text', 'search', 'tel'].includes(el.type))));
  if (optional) optional.dataset.probeTyped = '';
  for (const el of form.elements) {
    if (!el.required) continue;
    el.required = false;
    if (!el.checkVisibility()) continue;
    if (el.type === 'checkbox' || el.type === 'radio') el.checked = false;
    else if (el.tagName === 'SELECT') el.selectedIndex = [...el.options].findIndex(o => o.value === '');
    else if (el.type !== 'file') el.value = '';
    emptied.add(el.name);
  }
  const submit = form.querySelector('button:not([type=button]):not([type=reset]), input[type=submit]');
  submit.dataset.probeSubmit = '';
  return [...emptied];
}"""

# On the page that came back: the error messages shown, and the faults of the fields.
ERROR_STATE = """([emptied, typed]) => {
  const shown = el => el.checkVisibility() && el.innerText.trim() !== '';
  const messages = [...document.querySelectorAll('.invalid-feedback, .errorlist, .alert-danger, [role=alert]')]
    .filter(shown).length;
  const faults = [];
  // A radio button or check box may be described through its fieldset, as Django does.
  const describedByError = el => [el, el.closest('fieldset')].filter(Boolean)
    .flatMap(node => (node.getAttribute('aria-describedby') || '').split(/\\s+/))
    .map(id => id && document.getElementById(id))
    .some(note => note && shown(note) && /error|invalid/i.test(`${note.id} ${note.className}`));
  const controls = 'input.is-invalid, select.is-invalid, textarea.is-invalid, [aria-invalid=true]';
  for (const el of document.querySelectorAll(controls)) {
    const name = el.name || el.id;
    if (el.getAttribute('aria-invalid') !== 'true') faults.push(`${name} looks invalid but has no aria-invalid`);
    if (!describedByError(el)) faults.push(`${name} is not tied to its error message by aria-describedby`);
  }
  for (const name of emptied) {
    const fields = [...document.getElementsByName(name)];
    if (fields.length && !fields.some(el => el.getAttribute('aria-invalid') === 'true'))
      faults.push(`${name}, left empty, is not marked aria-invalid`);
  }
  if (typed) {
    const field = document.getElementsByName(typed.name)[0];
    if (!field || field.value !== typed.value) faults.push(`what was typed in ${typed.name} is lost`);
  }
  return {messages, faults};
}"""


def error_state_faults(page) -> list[str]:
    """Send each form of the page with its required fields empty and report what is wrong with the answer."""
    url, faults = page.url, []
    for form in page.evaluate(FORMS):
        if route(form["action"]) in SKIPPED_ACTIONS:
            continue
        page.goto(url)
        where = f"form {form['n']} (to {route(form['action'])})"
        emptied = page.evaluate(PREPARE, form["n"])
        typed = None
        if page.locator("[data-probe-typed]").count():
            field = page.locator("[data-probe-typed]")
            field.fill(TYPED)
            typed = {"name": field.get_attribute("name"), "value": TYPED}
        with page.expect_navigation() as sent:
            page.locator("[data-probe-submit]").click()
        status = sent.value.status if sent.value else 0
        if status >= 500:
            faults.append(f"{where}: server error {status}")
            continue
        state = page.evaluate(ERROR_STATE, [emptied, typed])
        if not state["messages"]:
            faults.append(f"{where}: no error message with {', '.join(emptied)} empty")
        faults += [f"{where}: {fault}" for fault in state["faults"]]
        faults += [f"{where}: {fault}" for fault in axe_faults(page)]
    return sorted(set(faults))
