from django.shortcuts import render
from django.utils import timezone

from cohorts import selectors as cohort_selectors

from . import dashboard


def home(request):
    """Anyone may see the home page: visitors see open cohorts, people what they must do next, their own work
    first (an invitation to apply, where the applications app offers one, comes after it)."""
    now = timezone.now()
    if not request.user.is_authenticated:
        return render(
            request, "home_anonymous.html", {"open_cohorts": cohort_selectors.open_cohorts(now=now)}
        )
    memberships = cohort_selectors.active_memberships(user=request.user, now=now)
    sections = dashboard.home_sections(user=request.user, now=now)
    context = {
        "panels": [dashboard.build_panel(membership=m, user=request.user, now=now) for m in memberships],
        "sections": [section for section in sections if not section.after_panels],
        "later_sections": [section for section in sections if section.after_panels],
    }
    return render(request, "home.html", context)
