"""Browser journeys: pytest-playwright driving Debian's Chromium against pytest-django's live server."""

import html
import os
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from cohorts.demo import seed

from ..factories import PASSWORD
from .screens import PHONE

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make are still
# plain synchronous calls.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]
# TEST_ARTIFACTS_DIR: where screenshots (and their contact sheet, index.html) are saved; .ci/run points it
# outside the clone so they outlive it. By default test-artifacts/ in the repository.
ARTIFACTS = Path(
    os.environ.get("TEST_ARTIFACTS_DIR") or Path(__file__).resolve().parents[2] / "test-artifacts"
)
SCREENSHOTS = ARTIFACTS / "screenshots"


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _card(shot: Path) -> str:
    name, source = html.escape(shot.stem), f"screenshots/{html.escape(shot.name)}"
    return (
        f'<figure><a href="{source}"><img src="{source}" alt="{name}" loading="lazy"></a>'
        f"<figcaption>{name}</figcaption></figure>"
    )


def pytest_sessionfinish(session):
    """Write the contact sheet: every screenshot in the folder, on one page to open in a browser."""
    shots = sorted(SCREENSHOTS.glob("*.png"))
    if not shots:
        return
    cards = "\n".join(_card(shot) for shot in shots)
    written = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    (ARTIFACTS / "index.html").write_text(
        f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>CTO Mentor screenshots</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 1rem; }}
main {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(260px, 1fr)); gap: 1rem; }}
figure {{ margin: 0; }} img {{ width: 100%; height: 320px; object-fit: cover; object-position: left top;
  border: 1px solid #ccc; }}
</style></head>
<body><h1>CTO Mentor screenshots</h1><p>{len(shots)} screenshots, written {written}.</p>
<main>
{cards}
</main></body></html>
"""
    )


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.access(CHROMIUM, os.X_OK):
        message = f"{CHROMIUM} is missing: apt-get install chromium (scripts/test installs it when it can)"
        if os.environ.get("CI") == "true":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_FLAGS}


@pytest.fixture(scope="session", autouse=True)
def live_server_outlives_the_browser(live_server):
    """The live server starts before Chromium and stops after it, once the request threads of Chromium's last
    kept-alive connections have ended. When it stopped first, those threads closed the shared in-memory
    SQLite connection after the server had stopped sharing it ("DatabaseWrapper objects created in a
    thread…" warnings at the end of the run)."""
    yield live_server
    for thread in threading.enumerate():
        if thread.name.endswith("(process_request_thread)"):
            thread.join(timeout=5)


@pytest.fixture(scope="session")
def base_url():
    """None: the tests address the live server by its full URL. Defined here because pytest-playwright's own
    fallback is a fixture method on a plugin object, which pytest 9 warns is deprecated."""
    return None


@pytest.fixture
def new_page(browser):
    """new_page(**options): a page in a browser context of its own (another person signed in, another screen),
    with Playwright's context options; every context is closed after the test."""
    contexts = []

    def open_page(**options):
        contexts.append(browser.new_context(**options))
        return contexts[-1].new_page()

    yield open_page
    for context in contexts:
        context.close()


@pytest.fixture
def phone(new_page):
    """A page 390 pixels wide, as on a phone."""
    return new_page(**PHONE)


@pytest.fixture
def demo(live_server):
    """The live server with the demo data (`cohorts.demo.seed()`), as a visitor of the demo sees it."""
    seed()
    return live_server


@pytest.fixture
def log_in(live_server):
    """log_in(page, user) signs the user in through the login form."""

    def sign_in(page, user, password=PASSWORD):
        page.goto(f"{live_server.url}/accounts/login/")
        page.get_by_label("E-mail address").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Log in").click()
        page.wait_for_url(f"{live_server.url}/")

    return sign_in


@pytest.fixture
def screenshot():
    """screenshot(page, name) saves a full-page PNG under $TEST_ARTIFACTS_DIR/screenshots/, which CI keeps; a
    screenshot that cannot be written fails the test."""

    def take(page, name):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        path = SCREENSHOTS / f"{name}.png"
        page.screenshot(path=path, full_page=True)
        if not path.is_file() or path.stat().st_size == 0:
            pytest.fail(f"the screenshot {path} was not written", pytrace=False)

    return take
