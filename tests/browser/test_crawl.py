"""Walk every page reachable by links from each demo login: no server error, no serious accessibility fault.

The demo data (`cohorts.demo.seed()`) is created in the live server's database first, so the walk sees the
product as a visitor of the demo does. Every page passes axe-core and fits its window; on the first page of
each URL pattern, Tab also goes through every control in order with a visible focus ring
(`keyboard.keyboard_faults`), and each form, sent with its required fields empty, answers with accessible
errors (`form_errors.error_state_faults`). One walk does all of it: the walk is most of the time spent.
"""

import pytest
from django.contrib import admin

from cohorts.demo import DEMO_PASSWORD
from cto_mentor.users.models import User

from .crawl import DEMO_LOGINS, axe_and_width_faults, once_per_route, report, walk
from .form_errors import error_state_faults
from .keyboard import keyboard_faults
from .screens import DESKTOP


def every_check():
    """axe-core and the width on every page; the keyboard and the forms' errors once per URL pattern (they
    come last: sending a form leaves the page)."""
    once = once_per_route(lambda page: keyboard_faults(page) + error_state_faults(page))
    return lambda page: axe_and_width_faults(page) + once(page)


# Without animation, a focus ring is computed at its final width, not in the middle of a transition.
STILL_DESKTOP = {**DESKTOP, "reduced_motion": "reduce"}


@pytest.mark.parametrize("email", DEMO_LOGINS)
def test_every_page_of_a_demo_login_answers_and_is_accessible(new_page, demo, log_in, screenshot, email):
    page = new_page(**STILL_DESKTOP)
    user = User.objects.get(email=email)
    log_in(page, user, DEMO_PASSWORD)
    screenshot(page, f"home-{email.split('@')[0]}-1280")

    errors, faults, visited = walk(page, f"{demo.url}/", demo.url, inspect=every_check())

    assert errors == {}
    if faults:
        pytest.fail(report(faults), pytrace=False)
    assert visited["site"] > 3
    if user.is_staff:  # the index and, for each model, its list, add page and a change page
        assert visited["back office"] > len(admin.site._registry)


def test_every_public_page_answers_and_is_accessible(new_page, demo):
    errors, faults, visited = walk(new_page(**STILL_DESKTOP), f"{demo.url}/", demo.url, inspect=every_check())

    assert errors == {}
    if faults:
        pytest.fail(report(faults), pytrace=False)
    assert visited == {"site": visited["site"], "back office": 0}
    assert visited["site"] > 2


@pytest.mark.parametrize("email", ["manager@example.org", "mentor@example.org", "candidate@example.org"])
def test_every_page_of_a_demo_login_fits_a_phone(phone, demo, log_in, email):
    log_in(phone, User.objects.get(email=email), DEMO_PASSWORD)

    errors, faults, visited = walk(phone, f"{demo.url}/", demo.url, back_office_pages=0)

    assert errors == {}
    if faults:
        pytest.fail(report(faults), pytrace=False)
    assert visited["site"] > 3
