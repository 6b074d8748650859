"""The crawler: walk every page reachable by links from a starting page, and inspect each.

Only GET links of the same origin are followed; logging out, delete confirmations and file downloads are
skipped, and each walk is bounded. In the back office (Django's admin) only its index, each model's list, add
page and first change page are visited, and each passes axe-core: Django's markup with our repairs.
"""

from collections import deque
from urllib.parse import urldefrag, urlsplit

from axe_playwright_python.sync_playwright import Axe
from django.urls import Resolver404, resolve

DEMO_LOGINS = [
    "manager@example.org",
    "reviewer@example.org",
    "instructor@example.org",
    "mentor@example.org",
    "candidate@example.org",
    "candidate2@example.org",
    "applicant@example.org",
]
MAX_PAGES = 150  # per login: the demo has fewer; a runaway (links that keep making new URLs) stops here
MAX_BACK_OFFICE_PAGES = 200  # the index and three pages for each of some sixty models
# The back office pages walked besides its index: per model, its list, its add page and one change page.
BACK_OFFICE_PAGES = ("_changelist", "_add", "_change")
MAX_VARIANTS = 3  # query strings followed per path (sorting, filters, pages), so lists don't explode
SKIPPED_PREFIXES = ("/accounts/logout", "/admin/logout", "/static/", "/media/")
BACK_OFFICE = "/admin/"
SERIOUS = {"serious", "critical"}
_axe = Axe()


def _followable(url: str, origin: str) -> bool:
    parts = urlsplit(url)
    if f"{parts.scheme}://{parts.netloc}" != origin:
        return False
    return not parts.path.startswith(SKIPPED_PREFIXES) and not parts.path.endswith("/delete/")


def axe_faults(page) -> list[str]:
    """Serious and critical axe-core violations of the page, one line per rule with the first places."""
    results = _axe.run(page)
    faults = []
    for violation in results.response["violations"]:
        if violation["impact"] in SERIOUS:
            targets = ", ".join(str(node["target"]) for node in violation["nodes"][:3])
            faults.append(f"{violation['id']} ({violation['impact']}): {violation['help']} at {targets}")
    return faults


def too_wide(page) -> list[str]:
    """A fault when the page scrolls sideways (tables scroll inside their own box instead)."""
    width, viewport = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
    return [f"page is {width} px wide in a {viewport} px window"] if width > viewport else []


def axe_and_width_faults(page) -> list[str]:
    return axe_faults(page) + too_wide(page)


def route(path: str) -> str:
    """The URL pattern `path` matches (`sessions/assignments/<int:pk>/`), or the path itself."""
    try:
        return resolve(path).route
    except Resolver404:
        return path


def back_office_page(url: str) -> str | None:
    """The name of the back office page `url` opens ("cohorts_cohort_change"), if it is one the walk visits."""
    parts = urlsplit(url)
    if parts.query or not parts.path.startswith(BACK_OFFICE):
        return None
    try:
        name = resolve(parts.path).url_name or ""
    except Resolver404:
        return None
    return name if name == "index" or name.endswith(BACK_OFFICE_PAGES) else None


def once_per_route(check):
    """An inspection for `walk` that runs `check` on the first page of each URL pattern only, so an
    assignment's page is checked once, not once per assignment."""
    seen = set()

    def inspect(page):
        if (pattern := route(urlsplit(page.url).path)) in seen:
            return []
        seen.add(pattern)
        return check(page)

    return inspect


def walk(
    page,
    start: str,
    origin: str,
    back_office_pages: int = MAX_BACK_OFFICE_PAGES,
    inspect=axe_and_width_faults,
):
    """Visit pages breadth first from `start`; returns ({url: status} of errors, {path: [faults]}, and how many
    pages were visited in the site and in the back office).

    `inspect(page)` returns the faults of each page of the site; back office pages get axe-core's. It is
    called after the page's links are read, so it may leave the page (submit a form, follow a link)."""
    queue, seen, variants, back_office_seen = deque([start]), {start}, {}, set()
    errors, faults = {}, {}
    visited, limits = {"site": 0, "back office": 0}, {"site": MAX_PAGES, "back office": back_office_pages}
    while queue:
        url = queue.popleft()
        area = "back office" if urlsplit(url).path.startswith(BACK_OFFICE) else "site"
        if visited[area] >= limits[area]:
            continue
        visited[area] += 1
        check = page.context.request.get(url, max_redirects=5)
        if check.status >= 500:
            errors[url] = check.status
            continue
        if check.status >= 400 or not check.headers.get("content-type", "").startswith("text/html"):
            continue  # a download, a feed or a page refused on purpose: nothing to read
        if "attachment" in check.headers.get("content-disposition", ""):
            continue
        page.goto(url)
        shown_path = urlsplit(page.url).path
        links = page.eval_on_selector_all("a[href]:not([download])", "links => links.map(a => a.href)")
        if found := (inspect(page) if area == "site" else axe_faults(page)):
            faults[shown_path] = found
        for href in links:
            link = urldefrag(href).url
            if link in seen or not _followable(link, origin):
                continue
            if urlsplit(link).path.startswith(BACK_OFFICE):
                if (name := back_office_page(link)) is None or name in back_office_seen:
                    continue
                back_office_seen.add(name)
            path = urlsplit(link).path
            if urlsplit(link).query:
                variants[path] = variants.get(path, 0) + 1
                if variants[path] > MAX_VARIANTS:
                    continue
            seen.add(link)
            queue.append(link)
    return errors, faults, visited


def report(faults: dict) -> str:
    """Each distinct fault once, with the pages that have it (a fault in base.html shows on every page)."""
    pages_by_fault = {}
    for path, found in faults.items():
        for fault in found:
            pages_by_fault.setdefault(fault, []).append(path)
    return "\n".join(
        f"{fault}\n    on {len(paths)} page(s): {', '.join(sorted(paths)[:5])}"
        for fault, paths in sorted(pages_by_fault.items())
    )
