"""Every main page makes at most 15 queries whatever the amount of data.

Each page is rendered at two data sizes written by the load-data generator (SMALL, then LARGE, each in a
savepoint rolled back afterwards), under the same budget at both: a page whose queries grow with its rows
breaks it on the large data.
"""

import pytest
from django.urls import reverse

from applications.models import Application, Review
from portfolios.models import Portfolio
from sessions.models import Assignment, Meeting

from .conftest import LARGE, SMALL

MAX_QUERIES = 15


def portfolio_of_candidate(loaded):
    return Portfolio.objects.get(cohort=loaded.cohort, candidate=loaded.people["candidate"]).pk


def reviewed_application(loaded):
    reviews = Review.objects.filter(reviewer=loaded.people["reviewer"], application__cohort=loaded.cohort)
    return reviews[0].application_id


def every_application_checked(name):
    """The address of a queue action with every application of the cohort checked."""

    def address(loaded):
        ids = Application.objects.filter(cohort=loaded.cohort).values_list("pk", flat=True)
        return reverse(name, args=[loaded.cohort.slug]) + "?" + "&".join(f"applications={pk}" for pk in ids)

    return address


def own_offer(loaded):
    application = Application.objects.get(cohort=loaded.cohort, applicant=loaded.people["candidate"])
    return reverse("applications:place", args=[application.pk])


def first_of_cohort(model, loaded):
    """The first meeting or assignment of the cohort's sessions."""
    return model.objects.filter(session__cohort=loaded.cohort).order_by("pk")[0].pk


PAGES = {
    # page: (who looks at it, how to build its address from the loaded data)
    "home_program_manager": ("program_manager", lambda d: reverse("home")),
    "home_reviewer": ("reviewer", lambda d: reverse("home")),
    "home_instructor": ("instructor", lambda d: reverse("home")),
    "home_mentor": ("mentor", lambda d: reverse("home")),
    "home_candidate": ("candidate", lambda d: reverse("home")),
    "cohort_timeline": ("reviewer", lambda d: reverse("cohorts:detail", args=[d.cohort.slug])),
    "cohort_dashboard": ("program_manager", lambda d: reverse("cohorts:dashboard", args=[d.cohort.slug])),
    "application_detail": (
        "reviewer",
        lambda d: reverse("applications:detail", args=[reviewed_application(d)]),
    ),
    "review_queue": ("program_manager", lambda d: reverse("applications:queue", args=[d.cohort.slug])),
    "decisions": ("program_manager", lambda d: reverse("applications:decisions", args=[d.cohort.slug])),
    "reviewers": ("program_manager", lambda d: reverse("applications:reviewers", args=[d.cohort.slug])),
    "extensions": ("program_manager", lambda d: reverse("applications:extensions", args=[d.cohort.slug])),
    "rubrics": ("program_manager", lambda d: reverse("applications:rubric", args=[d.cohort.slug])),
    "bulk_assign": ("program_manager", every_application_checked("applications:bulk_assign")),
    "bulk_decide": ("program_manager", every_application_checked("applications:bulk_decide")),
    "offer": ("candidate", own_offer),
    "reviewer_list": ("reviewer", lambda d: reverse("applications:my_reviews", args=[d.cohort.slug])),
    "attendance_grid": (
        "program_manager",
        lambda d: reverse("class_sessions:attendance_grid", args=[d.cohort.slug]),
    ),
    "assignment_grid": (
        "program_manager",
        lambda d: reverse("class_sessions:assignment_grid", args=[d.cohort.slug]),
    ),
    "take_attendance": (
        "program_manager",
        lambda d: reverse("class_sessions:attendance", args=[first_of_cohort(Meeting, d)]),
    ),
    "assignment_detail": (
        "program_manager",
        lambda d: reverse("class_sessions:assignment", args=[first_of_cohort(Assignment, d)]),
    ),
    "schedule": ("candidate", lambda d: reverse("class_sessions:schedule", args=[d.cohort.slug])),
    "progress": (
        "mentor",
        lambda d: reverse("completion:progress", args=[d.cohort.slug, d.people["candidate"].pk]),
    ),
    "cohort_progress": (
        "program_manager",
        lambda d: reverse("completion:cohort_table", args=[d.cohort.slug]) + "?sort=risk",
    ),
    "commencement": ("program_manager", lambda d: reverse("completion:commencement", args=[d.cohort.slug])),
    "portfolio": ("candidate", lambda d: reverse("portfolios:detail", args=[portfolio_of_candidate(d)])),
    "portfolio_topics": (
        "mentor",
        lambda d: reverse("portfolios:topic_map", args=[portfolio_of_candidate(d)]),
    ),
    "portfolio_print": (
        "program_manager",
        lambda d: reverse("portfolios:print", args=[portfolio_of_candidate(d)]),
    ),
    "portfolios_overview": (
        "program_manager",
        lambda d: reverse("portfolios:overview", args=[d.cohort.slug]),
    ),
    "mentor_meeting_log": (
        "mentor",
        lambda d: reverse("portfolios:meetings", args=[portfolio_of_candidate(d)]),
    ),
    "meeting_frequency": (
        "program_manager",
        lambda d: reverse("portfolios:meeting_frequency", args=[d.cohort.slug]),
    ),
    "check_ins": ("program_manager", lambda d: reverse("portfolios:check_ins", args=[d.cohort.slug])),
    "cohort_people": ("program_manager", lambda d: reverse("cohorts:people", args=[d.cohort.slug])),
    "pairings": ("program_manager", lambda d: reverse("cohorts:pairings", args=[d.cohort.slug])),
    "outbox": ("program_manager", lambda d: reverse("notifications:outbox", args=[d.cohort.slug])),
    "notices": ("candidate", lambda d: reverse("notifications:inbox")),
    "profile": ("candidate", lambda d: reverse("profile")),
}


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["small", "large"])
@pytest.mark.parametrize("page", PAGES)
def test_page_queries_within_budget(client, load_data, django_assert_max_num_queries, page, size):
    with load_data(size) as loaded:
        role, address = PAGES[page]
        client.force_login(loaded.people[role])
        url = address(loaded)
        # Warm up: the session, per-process caches and the figures kept until their data changes (the
        # dashboard's pictures, the manager's count of candidates at risk).
        assert client.get(url).status_code == 200
        with django_assert_max_num_queries(MAX_QUERIES):
            response = client.get(url)
        assert response.status_code == 200
