from cohorts.models import Role
from cto_mentor.notifications.registry import Notice, register

from . import selectors, services
from .models import Application, Nomination, Review, ReviewStatus

APPLICATION = (
    ("applicant_name", "application.applicant.display_name"),
    ("kind", "application.get_kind_display"),
    ("deadline", "cohort.applications_close"),
)
DECISION = (
    *APPLICATION,
    ("decision", "application.get_decision_display"),
    ("decision_reason", "application.decision_reason"),
    ("answer_by", "answer_by"),
)
OFFER = (
    ("applicant_name", "application.applicant.display_name"),
    ("kind", "application.get_kind_display"),
    ("answer_by", "application.answer_by"),
)
PLACE = (*OFFER, ("answer", "application.get_response_display"), ("places_left", "places.left"))


def applicants(cohort):
    """The cohort's applicants, each with their application: the preview of the applicants' notices."""
    rows = Application.objects.filter(cohort=cohort).select_related("applicant").order_by("-submitted_at")
    return [
        (
            a.applicant,
            {
                "application": a,
                "cohort": cohort,
                "link": a.get_absolute_url(),
                "deadline": cohort.applications_close,
            },
        )
        for a in rows[:50]
    ]


def decided(cohort):
    """The cohort's applicants, each with their decision e-mail's context (an acceptance's answer-by time)."""
    rows = (
        Application.objects.filter(cohort=cohort)
        .select_related("applicant", "cohort")
        .order_by("-submitted_at")
    )
    samples = []
    for application in rows[:50]:
        email = services.decision_email(application)
        samples.append((application.applicant, {**email["context"], "link": email["link"]}))
    return samples


def offers(cohort):
    """The cohort's offers e-mailed, each with its applicant: the preview of the applicant's offer reminder."""
    rows = Application.objects.filter(cohort=cohort, decision_sent_at__isnull=False, answer_by__isnull=False)
    rows = rows.select_related("applicant").order_by("-answer_by")
    return [(a.applicant, {"application": a, "cohort": cohort}) for a in rows[:50]]


def answered_offers(cohort):
    """The cohort's program managers, each with the latest answered offer: the preview of their notices."""
    answered = (
        Application.objects.filter(cohort=cohort, responded_at__isnull=False)
        .select_related("applicant")
        .order_by("-responded_at")
        .first()
    )
    if answered is None:
        return []
    context = {
        "application": answered,
        "cohort": cohort,
        "places": selectors.places(cohort=cohort)[answered.kind],
        "waitlist": list(selectors.waitlist(cohort=cohort, kind=answered.kind)[:5]),
    }
    managers = cohort.memberships.filter(role=Role.PROGRAM_MANAGER).select_related("user")
    return [(membership.user, context) for membership in managers]


def nominators(cohort):
    """The cohort's nominators (no account: their address), each with the nomination."""
    rows = Nomination.objects.filter(application__cohort=cohort).select_related("application__applicant")
    return [
        (n.nominator_email, {"nomination": n, "application": n.application, "cohort": cohort})
        for n in rows[:50]
    ]


def reviewers(cohort):
    """The cohort's reviewers with reviews still to score, each with them and their due date."""
    open_reviews = (
        Review.objects.filter(
            application__cohort=cohort, status=ReviewStatus.ASSIGNED, assignment__isnull=False
        )
        .select_related("reviewer", "assignment", "application__applicant")
        .order_by("reviewer", "assignment__due_at", "pk")
    )
    by_reviewer: dict = {}
    for review in open_reviews[:500]:
        by_reviewer.setdefault(review.reviewer, []).append(review)
    return [
        (reviewer, {"cohort": cohort, "reviews": given, "due_at": given[0].assignment.due_at})
        for reviewer, given in list(by_reviewer.items())[:50]
    ]


REVIEWS = (("due_at", "due_at"),)

NOMINATION = (*APPLICATION, ("nominator_name", "nomination.nominator_name"))
NEXT_STEPS = (
    *APPLICATION,
    ("selection_date", "cohort.selection_date"),
    ("notification_date", "cohort.notification_date"),
)

register(
    Notice(
        "application_submitted",
        "Confirmation that your application was submitted",
        placeholders=NEXT_STEPS,
        samples=applicants,
    ),
    Notice(
        "nomination_request", "Request to nominate an applicant", placeholders=NOMINATION, samples=nominators
    ),
    Notice(
        "nomination_reminder",
        "Reminder to a nominator who has not answered",
        placeholders=NOMINATION,
        samples=nominators,
    ),
    Notice("nomination_received", "Your nomination has arrived", placeholders=NOMINATION, samples=nominators),
    Notice(
        "application_decision",
        "The decision on your application",
        placeholders=DECISION,
        samples=decided,
    ),
    Notice("extension_granted", "A later application deadline granted to you"),
    Notice(
        "offer_answer_reminder",
        "Your offered place: the time to answer approaching",
        placeholders=OFFER,
        samples=offers,
    ),
    Notice(
        "place_confirmed",
        "Program managers: an applicant confirmed their place",
        optional=True,
        placeholders=PLACE,
        samples=answered_offers,
    ),
    Notice(
        "place_freed",
        "Program managers: a place declined or not answered in time, with the waitlist",
        optional=True,
        placeholders=PLACE,
        samples=answered_offers,
    ),
    Notice(
        "application_deadline_reminder",
        "Your application's deadline approaching",
        placeholders=APPLICATION,
        samples=applicants,
    ),
    Notice(
        "reviews_assigned",
        "Applications assigned to you to review",
        placeholders=REVIEWS,
        samples=reviewers,
    ),
    Notice(
        "review_due_reminder",
        "Your reviews' due date approaching",
        placeholders=REVIEWS,
        samples=reviewers,
    ),
)
