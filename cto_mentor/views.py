from django.shortcuts import render
from django.utils import timezone

from cohorts import selectors as cohort_selectors

from . import dashboard


def home(request):
    """Anyone may see the home page: visitors see open cohorts, people what they must do next."""
    now = timezone.now()
    open_cohorts = cohort_selectors.open_cohorts(now=now)
    if not request.user.is_authenticated:
        return render(request, "home_anonymous.html", {"open_cohorts": open_cohorts})
    memberships = cohort_selectors.active_memberships(user=request.user, now=now)
    member_of = {m.cohort_id for m in memberships}
    context = {
        "panels": [dashboard.build_panel(membership=m, user=request.user, now=now) for m in memberships],
        "sections": dashboard.home_sections(user=request.user, now=now),
        "open_cohorts": [c for c in open_cohorts if c.pk not in member_of],
    }
    return render(request, "home.html", context)
