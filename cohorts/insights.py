"""The program manager's cohort dashboard: the pictures each app contributes, each a chart with its table.

An app's `insights.py` may define `cohort_charts(*, cohort, now, pages, per_page) -> list[Chart]`; the
dashboard shows them in the order of INSTALLED_APPS, which is the order of the program year (intake, the
classes, mentoring). `pages` is the request's GET, from which a long picture takes its page number.
"""

from django.utils import timezone

from cto_mentor import charts
from cto_mentor.discovery import app_modules

from .models import Cohort

CHART_ROWS = 25  # candidates or pairs pictured at a time, as on the attendance grid: a large cohort has 200


def cohort_dashboard(*, cohort: Cohort, now=None, pages=None) -> list[charts.Chart]:
    """Every picture of the cohort; `pages` (the request's GET) chooses the page of the long ones."""
    now = now or timezone.now()
    pages = pages or {}
    pictures = []
    for module in app_modules("insights"):
        if hasattr(module, "cohort_charts"):
            pictures += module.cohort_charts(cohort=cohort, now=now, pages=pages, per_page=CHART_ROWS)
    return pictures
