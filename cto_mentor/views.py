from django.shortcuts import render
from django.utils import timezone

from cohorts import selectors as cohort_selectors
from cohorts.models import Role
from sessions import selectors as session_selectors


def _panel(membership, user, now):
    cohort, role = membership.cohort, membership.role
    panel = {"cohort": cohort, "role": Role(role), "template": f"dashboard/_{role}.html"}
    panel["next_meeting"] = session_selectors.next_meeting(user=user, cohort=cohort, now=now)
    if role == Role.CANDIDATE:
        panel["mentors"] = cohort_selectors.mentors_of(candidate=user, cohort=cohort)
    elif role == Role.MENTOR:
        panel["candidates"] = cohort_selectors.candidates_of(mentor=user, cohort=cohort)
    elif role == Role.PROGRAM_MANAGER:
        panel["people"] = cohort_selectors.people(cohort=cohort)
    return panel


def home(request):
    """Anyone may see the home page: visitors see open cohorts, people what to do next."""
    now = timezone.now()
    open_cohorts = cohort_selectors.open_cohorts(now=now)
    if not request.user.is_authenticated:
        return render(request, "home_anonymous.html", {"open_cohorts": open_cohorts})
    memberships = cohort_selectors.active_memberships(user=request.user, now=now)
    member_of = {m.cohort_id for m in memberships}
    context = {
        "panels": [_panel(m, request.user, now) for m in memberships],
        "open_cohorts": [c for c in open_cohorts if c.pk not in member_of],
    }
    return render(request, "home.html", context)
