"""The application deadline's reminders: to applicants with a draft, and to nominators who have not answered;
and the reviews' due date: to reviewers with applications still unscored; and the answer-by time of an offered
place, to the applicant who has not answered."""

from collections.abc import Iterable
from datetime import datetime

from django.urls import reverse

from cohorts.models import Cohort
from cto_mentor.notifications.reminders import Kind, Target, register

from . import selectors, services


def application_targets(cohort: Cohort, start: datetime, end: datetime) -> Iterable[Target]:
    """Draft applications, each against its own deadline (an extension moves it)."""
    for application in selectors.applicants_to_remind(cohort=cohort):
        deadline = application.deadline
        if start < deadline <= end:
            yield Target(
                about=application,
                moment=deadline,
                recipients=[application.applicant],
                context=lambda application=application, deadline=deadline: {
                    "application": application,
                    "cohort": cohort,
                    "deadline": deadline,
                    "parts": selectors.checklist(application=application),
                },
                link=application.get_absolute_url(),
            )


def nomination_targets(cohort: Cohort, start: datetime, end: datetime) -> Iterable[Target]:
    """Nominators who have not answered, against their applicant's deadline; each reminder has a new link."""
    for nomination in selectors.nominations_awaiting(cohort=cohort):
        application = nomination.application
        deadline = selectors.deadline_for(cohort=cohort, applicant=application.applicant)
        if start < deadline <= end:
            yield Target(
                about=nomination,
                moment=deadline,
                recipients=[nomination.nominator_email],
                context=dict,
                link="",
                send=lambda occasion, nomination=nomination: int(
                    services.remind_nominator(nomination=nomination, occasion=occasion)
                ),
            )


def review_targets(cohort: Cohort, start: datetime, end: datetime) -> Iterable[Target]:
    """Per step of assignment due in the window, each reviewer with applications of it still unscored."""
    link = reverse("applications:my_reviews", args=[cohort.slug])
    for (assignment, reviewer), unscored in selectors.unscored_reviews(
        cohort=cohort, due_after=start, due_by=end
    ):
        yield Target(
            about=assignment,
            moment=assignment.due_at,
            recipients=[reviewer],
            context=lambda assignment=assignment, unscored=unscored: {
                "cohort": cohort,
                "reviews": unscored,
                "due_at": assignment.due_at,
            },
            link=link,
        )


def offer_targets(cohort: Cohort, start: datetime, end: datetime) -> Iterable[Target]:
    """Offers not yet answered, against their answer-by time (a changed time is reminded anew)."""
    for application in selectors.offers_awaiting(cohort=cohort).filter(
        answer_by__gt=start, answer_by__lte=end
    ):
        yield Target(
            about=application,
            moment=application.answer_by,
            recipients=[application.applicant],
            context=lambda application=application: {"application": application, "cohort": cohort},
            link=reverse("applications:place", args=[application.pk]),
        )


register(
    Kind(
        "application_deadline",
        "Application deadline approaching",
        "application_deadline_reminder",
        (168, 24),
        targets=application_targets,
    ),
    Kind(
        "nomination",
        "Nomination not yet received, deadline approaching",
        "nomination_reminder",
        (168, 24),
        targets=nomination_targets,
    ),
    Kind(
        "review_due",
        "Reviews not yet scored, due date approaching",
        "review_due_reminder",
        (72, 24),
        targets=review_targets,
    ),
    Kind(
        "offer_answer",
        "Offered place not yet answered, answer-by time approaching",
        "offer_answer_reminder",
        (72, 24),
        targets=offer_targets,
    ),
)
