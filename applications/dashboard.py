"""What the home page shows about applications: the applicant's own, the reviewer's and manager's work."""

from datetime import timedelta
from urllib.parse import urlencode

from django.template.defaultfilters import pluralize
from django.urls import reverse
from django.utils.timesince import timeuntil

from cohorts.models import Role
from cto_mentor import figures
from cto_mentor.dashboard import Section, Todo

from . import selectors
from .models import ReviewStatus


def home_sections(*, user, now):
    applications = selectors.my_applications(user=user)
    sections = []
    if applications:
        for application in applications:
            parts = selectors.checklist(application=application) if application.is_draft else []
            application.missing_parts = [part for part in parts if not part.done]
        sections.append(Section("applications/_home_mine.html", {"applications": applications}))
    can_apply = selectors.cohorts_open_to(user=user, now=now)
    if can_apply:
        sections.append(
            Section("applications/_home_open.html", {"open_cohorts": can_apply}, after_panels=True)
        )
    return sections


def _manager_figures(cohort, now) -> dict:
    """The program manager's counts of applications: what waits for them, the intake, the places. Kept until
    a service changes the cohort's applications, reviews or nominations (`figures.forget`), at most five
    minutes (an offer's answer-by time passing shows by then)."""

    def count():
        return {
            "waiting": selectors.waiting_counts(cohort=cohort, now=now),
            "intake": selectors.intake_counts(cohort=cohort),
            "places": selectors.places(cohort=cohort, now=now),
        }

    return figures.kept(cohort.pk, "applications", count)


NOMINATIONS_WARNING = timedelta(days=7)  # how close to the deadline missing nominations join the to-do list


def todo_items(*, panel, now):
    """The program manager's applications waiting for them or for someone they chase, each linking to the
    review queue filtered to those applications."""
    if panel.role != Role.PROGRAM_MANAGER:
        return []
    cohort = panel.cohort
    counts = _manager_figures(cohort, now)["waiting"]

    def queue(what):
        return f"{reverse('applications:queue', args=[cohort.slug])}?{urlencode({'waits_for': what})}"

    items = [
        Todo(
            counts["reviewers"],
            f"{counts['reviewers']} application{pluralize(counts['reviewers'])} awaiting reviewers",
            queue("reviewers"),
        ),
        Todo(
            counts["decision"],
            f"{counts['decision']} reviewed application{pluralize(counts['decision'])} awaiting a decision",
            queue("decision"),
        ),
        Todo(
            counts["answer"],
            f"{counts['answer']} offer{pluralize(counts['answer'])} awaiting an answer",
            queue("answer"),
        ),
    ]
    left = cohort.applications_close - now
    if timedelta(0) < left <= NOMINATIONS_WARNING:
        missing = counts["nomination"]
        items.append(
            Todo(
                missing,
                f"{missing} nomination{pluralize(missing)} missing, due in {timeuntil(cohort.applications_close, now)}",
                queue("nomination"),
            )
        )
    return items


def panel_sections(*, panel, user, now):
    cohort = panel.cohort
    if panel.role == Role.PROGRAM_MANAGER:
        kept = _manager_figures(cohort, now)
        counts, places = kept["intake"], kept["places"]
        to_offer = [
            kind_places for kind_places in places.values() if kind_places.can_offer and kind_places.waitlisted
        ]
        return [Section("applications/_panel_manager.html", {"counts": counts, "to_offer": to_offer})]
    if panel.role == Role.REVIEWER:
        to_do = (
            selectors.reviews_for(reviewer=user, cohort=cohort).filter(status=ReviewStatus.ASSIGNED).count()
        )
        return [Section("applications/_panel_reviewer.html", {"to_do": to_do})]
    return []
