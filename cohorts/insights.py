"""The program manager's cohort dashboard: the pictures each app contributes, each a chart with its table.

An app's `insights.py` may define `cohort_charts(*, cohort, now, pages, per_page) -> list[Chart]`; the
dashboard shows them in the order of INSTALLED_APPS, which is the order of the program year (intake, the
classes, mentoring). `pages` is the request's GET, from which a long picture takes its page number; the app
names those parameters in `PAGE_PARAMS`.

The charts are kept in the cache, per app, cohort, day and page, under a version that any change to their
data deletes: each app names in `FIGURES_FROM` the apps whose rows its pictures count or name, and a saved or
deleted row of one of those apps (a mark, a review, a pairing, a renamed person) deletes the version, at once
and again when its transaction commits, so no reader keeps what it read before the commit. A service that
writes without signals (`bulk_create`) calls `forget_figures()` itself.
"""

import secrets
from functools import cache as memoize

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from cto_mentor import charts
from cto_mentor.discovery import app_modules

from .models import Cohort

CHART_ROWS = 25  # candidates or pairs pictured at a time, as on the attendance grid: a large cohort has 200
VERSION_KEY = "cohort-dashboard:version"
FIGURES_TIMEOUT = 60 * 60 * 24  # figures are also kept per day: "per month" rates move with the date


def cohort_dashboard(*, cohort: Cohort, now=None, pages=None) -> list[charts.Chart]:
    """Every picture of the cohort; `pages` (the request's GET) chooses the page of the long ones."""
    now = now or timezone.now()
    pages = pages or {}
    modules = [module for module in app_modules("insights") if hasattr(module, "cohort_charts")]
    version = cache.get(VERSION_KEY)
    if version is None:
        version = secrets.token_hex(8)
        cache.add(VERSION_KEY, version, None)
        version = cache.get(VERSION_KEY, version)
    prefix = f"cohort-dashboard:{version}:{cohort.pk}:{timezone.localdate(now, cohort.tz):%Y%m%d}"
    asked = {module: _key(prefix, module, pages) for module in modules}
    kept = cache.get_many(asked.values())
    pictures = []
    for module in modules:
        if asked[module] in kept:
            pictures += kept[asked[module]]
            continue
        made = module.cohort_charts(cohort=cohort, now=now, pages=pages, per_page=CHART_ROWS)
        for chart in made:
            if chart.page is not None:
                chart.page = _bare_page(chart.page)
        # Kept under the page numbers shown, not those asked for: a number out of range adds no key.
        shown = {chart.page_param: chart.page.number for chart in made if chart.page is not None}
        cache.set(_key(prefix, module, shown), made, FIGURES_TIMEOUT)
        pictures += made
    return pictures


def _key(prefix: str, module, pages) -> str:
    numbers = ",".join(f"{param}={pages.get(param, 1)}" for param in getattr(module, "PAGE_PARAMS", ()))
    return f"{prefix}:{module.__name__}:{numbers}"


def _bare_page(page):
    """The same page over a range of the list's length: what the pager needs, light to keep in the cache."""
    return Paginator(range(page.paginator.count), page.paginator.per_page).page(page.number)


def forget_figures() -> None:
    """Every cohort's dashboard is counted again on its next visit."""
    cache.delete(VERSION_KEY)
    transaction.on_commit(lambda: cache.delete(VERSION_KEY))


@memoize
def watched_apps() -> frozenset[str]:
    """The labels of the apps whose rows some picture counts or names."""
    return frozenset(
        label for module in app_modules("insights") for label in getattr(module, "FIGURES_FROM", ())
    )


def _row_changed(sender, update_fields=None, **kwargs):
    if sender._meta.app_label not in watched_apps():
        return
    if update_fields is not None and set(update_fields) <= {"last_login"}:
        return  # signing in changes nothing a chart shows
    forget_figures()


def watch_figures() -> None:
    """Connected at start-up (CohortsConfig.ready), so every process that writes deletes what is kept."""
    post_save.connect(_row_changed, dispatch_uid="cohort-dashboard-figures-saved")
    post_delete.connect(_row_changed, dispatch_uid="cohort-dashboard-figures-deleted")
