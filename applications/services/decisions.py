"""Decisions, their e-mails (once per applicant), places and offers with their answer-by time, and the waitlist
(a mentor's contract is the cohort's: `cohorts.services.record_contract`).

Every change that can take a place (accepting, offering a place from the waitlist) first locks the cohort's
row, so two program managers taking the last place at the same moment are served one after the other and the
second is refused.
"""

from datetime import datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Membership, Role
from cohorts.services import add_member
from cto_mentor import figures
from cto_mentor.dates import in_zone
from cto_mentor.notifications.services import queue

from .. import selectors
from ..models import Application, Decision, Response, Status

# An offer is held until 5:00 p.m. on the cohort's clock, like the application deadline.
ANSWER_BY_TIME = time(17)
PAST_PLACES_LABEL = "Accept past the places"  # the decision forms' tick box, named by the refusal
WAITLIST_SHOWN = 5  # how many of the waitlist the program manager's e-mail names


def default_answer_by(*, cohort: Cohort, now: datetime) -> datetime:
    """5:00 p.m. on the cohort's clock, the cohort's number of days to answer after `now`."""
    day = timezone.localdate(now, cohort.tz) + timedelta(days=cohort.offer_answer_days)
    return datetime.combine(day, ANSWER_BY_TIME, tzinfo=cohort.tz)


def _lock_places(cohort_id: int) -> Cohort:
    """Serialise the changes that take a place in this cohort (the cohort's row lock, until commit)."""
    return Cohort.objects.select_for_update().get(pk=cohort_id)


def _refuse_past_places(places: selectors.Places) -> None:
    raise ValidationError(
        {
            "past_places": (
                f"All {places.limit} {places.label.lower()} places are taken ({places.accepted} accepted, "
                f"{places.confirmed} of them confirmed). Tick “{PAST_PLACES_LABEL}” to accept anyway."
            )
        },
        code="past_places",
    )


def decide(
    *,
    application: Application,
    decision: str,
    reason: str,
    actor,
    past_places: bool = False,
    now=None,
) -> Application:
    """Record accepted, waitlisted or declined with its reason, until the decision is e-mailed.

    Accepting when the kind's places (the cohort's settings) are all taken is refused unless `past_places`
    says the program manager confirmed it.
    Side effects: the decision fields. Nothing is sent: `send_decisions` does that.
    """
    now = now or timezone.now()
    if decision not in (Decision.ACCEPTED, Decision.WAITLISTED, Decision.DECLINED):
        raise ValidationError({"decision": "Choose accepted, waitlisted or declined."})
    with transaction.atomic():
        cohort = _lock_places(application.cohort_id) if decision == Decision.ACCEPTED else None
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != Status.SUBMITTED:
            raise ValidationError("Only a submitted application can be decided.")
        if application.decision_sent_at is not None:
            raise ValidationError("The decision has already been e-mailed; it can no longer change.")
        if cohort is not None and application.decision != Decision.ACCEPTED and not past_places:
            kind_places = selectors.places(cohort=cohort, now=now)[application.kind]
            if kind_places.full:
                _refuse_past_places(kind_places)
        application.decision, application.decision_reason = decision, reason
        application.decided_at, application.decided_by = now, actor
        application.save(update_fields=["decision", "decision_reason", "decided_at", "decided_by"])
        figures.forget(application.cohort_id)
    return application


def decision_email(application: Application, now=None) -> dict:
    """The arguments of the decision e-mail (the same for the preview and the sending). An acceptance names
    its answer-by time: the offer's own, or for a preview the one sending it now would give."""
    accepted = application.decision == Decision.ACCEPTED
    answer_by = None
    if accepted:
        answer_by = application.answer_by or default_answer_by(
            cohort=application.cohort, now=now or timezone.now()
        )
    return {
        "notice": "application_decision",
        "to": application.applicant,
        "about": application,
        "occasion": application.decision,
        "context": {"application": application, "cohort": application.cohort, "answer_by": answer_by},
        "link": reverse("applications:place", args=[application.pk])
        if accepted
        else application.get_absolute_url(),
        "cohort": application.cohort,
    }


def _notify_decision(application: Application, now) -> None:
    """E-mail the decision; an acceptance becomes an offer held until its answer-by time."""
    fields = ["decision_sent_at"]
    if application.decision == Decision.ACCEPTED:
        application.answer_by = default_answer_by(cohort=application.cohort, now=now)
        fields.append("answer_by")
    queue(**decision_email(application, now))
    application.decision_sent_at = now
    application.save(update_fields=fields)
    figures.forget(application.cohort_id)


def send_decisions(*, cohort: Cohort, now=None, limit: int | None = None) -> int:
    """E-mail every decided, not yet notified applicant of the cohort; returns how many were notified.

    With `limit`, at most that many in this transaction: the background job calls it in batches so its
    progress shows as it goes. Running it twice sends nothing the second time: the rows are locked and
    marked, and the outbox key (application, decision) refuses a second e-mail.
    Side effects: one decision e-mail per applicant; `decision_sent_at`; an acceptance's `answer_by` (the
    cohort's days to answer). Nobody becomes a member of the cohort here: that waits for their confirmation.
    """
    now = now or timezone.now()
    with transaction.atomic():
        pending = (
            Application.objects.decided_not_notified()
            .filter(cohort=cohort)
            .select_for_update(of=("self",))
            .select_related("applicant", "cohort")
            .order_by("pk")
        )
        pending = list(pending[:limit] if limit else pending)
        for application in pending:
            _notify_decision(application, now)
    return len(pending)


def _locked_offer(application: Application) -> Application:
    return (
        Application.objects.select_for_update().select_related("cohort", "applicant").get(pk=application.pk)
    )


def answer_offer(*, application: Application, accept: bool, now=None) -> Application:
    """The accepted applicant confirms or declines the place, once, until the offer's answer-by time.

    Side effects: the response; on a confirmation the applicant becomes a candidate or mentor of the cohort;
    the cohort's program managers are told (a decline frees the place: they get the waitlist with it).
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = _locked_offer(application)
        if application.offer_lapsed(now):
            raise ValidationError(
                f"The time to answer this offer ended {in_zone(application.answer_by, application.cohort)}; "
                "the place is no longer held for you. Please write to the program manager.",
                code="lapsed",
            )
        if not application.is_offered:
            raise ValidationError("There is no offer waiting for your answer.", code="answered")
        application.response = Response.CONFIRMED if accept else Response.DECLINED
        application.responded_at = now
        application.save(update_fields=["response", "responded_at"])
        figures.forget(application.cohort_id)
        if accept:
            add_member(cohort=application.cohort, user=application.applicant, role=application.kind)
        _tell_managers(application, now)
    return application


def lapse_offers(*, now=None) -> int:
    """Record every offer whose answer-by time has passed unanswered as lapsed; returns how many.

    Run by the periodic task `applications.lapse_offers`. Rows another run holds are skipped, and each is
    checked again under its lock, so two runs at once lapse (and tell) each offer once.
    Side effects: the response and `responded_at` (the answer-by time); the program managers are told that
    the place is free, with the waitlist.
    """
    now = now or timezone.now()
    overdue = Application.objects.filter(
        decision=Decision.ACCEPTED,
        decision_sent_at__isnull=False,
        response=Response.PENDING,
        answer_by__lte=now,
    )
    lapsed = 0
    for pk in overdue.values_list("pk", flat=True):
        with transaction.atomic():
            application = (
                overdue.select_for_update(skip_locked=True, of=("self",))
                .select_related("cohort", "applicant")
                .filter(pk=pk)
                .first()
            )
            if application is None:
                continue
            application.response, application.responded_at = Response.LAPSED, application.answer_by
            application.save(update_fields=["response", "responded_at"])
            figures.forget(application.cohort_id)
            _tell_managers(application, now)
            lapsed += 1
    return lapsed


def _tell_managers(application: Application, now) -> None:
    """Tell the cohort's program managers of an answer to an offer or its lapse; a place given up comes with
    the kind's waitlist, best first, and the link to offer it to the next person."""
    cohort = application.cohort
    kind_places = selectors.places(cohort=cohort, now=now)[application.kind]
    context = {"application": application, "cohort": cohort, "places": kind_places}
    notice = "place_confirmed"
    if application.response != Response.CONFIRMED:
        notice = "place_freed"
        context["waitlist"] = list(selectors.waitlist(cohort=cohort, kind=application.kind)[:WAITLIST_SHOWN])
    managers = Membership.objects.filter(cohort=cohort, role=Role.PROGRAM_MANAGER).select_related("user")
    for membership in managers:
        queue(
            notice=notice,
            to=membership.user,
            about=application,
            occasion=application.response,
            context=context,
            link=reverse("applications:decisions", args=[cohort.slug]) + "#places",
            cohort=cohort,
        )


def offer_place(*, application: Application, actor, now=None) -> Application:
    """Offer a place to a waitlisted applicant: one of the kind's places is left (with no limit: someone
    declined or let their offer lapse, and that place was not offered again yet).

    Side effects: the decision becomes accepted; the acceptance e-mail, once, asking for an answer by the
    cohort's days to answer.
    """
    now = now or timezone.now()
    with transaction.atomic():
        cohort = _lock_places(application.cohort_id)
        application = _locked_offer(application)
        if application.decision != Decision.WAITLISTED or application.status != Status.SUBMITTED:
            raise ValidationError("Only a waitlisted applicant can be offered a place.")
        kind_places = selectors.places(cohort=cohort, now=now)[application.kind]
        if not kind_places.can_offer:
            raise ValidationError(
                f"All {kind_places.limit} {kind_places.label.lower()} places are taken; there is none to offer."
                if kind_places.limit is not None
                else "No accepted applicant has declined a place or let it lapse; there is none to offer.",
                code="no_place",
            )
        application.decision = Decision.ACCEPTED
        application.decision_reason = "A place opened up: offered from the waitlist."
        application.decided_at, application.decided_by = now, actor
        application.offered_from_waitlist_at = now
        application.save(
            update_fields=[
                "decision",
                "decision_reason",
                "decided_at",
                "decided_by",
                "offered_from_waitlist_at",
            ]
        )
        _notify_decision(application, now)
    return application


def change_answer_by(*, application: Application, answer_by: datetime, now=None) -> Application:
    """Move one offer's answer-by time, while the offer still waits for its answer.

    Side effects: `answer_by`; the reminders count back from the new time.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = _locked_offer(application)
        if application.offer_lapsed(now):
            raise ValidationError("This offer has lapsed: its place is free. Offer a place again instead.")
        if not application.is_offered:
            raise ValidationError("Only an offer waiting for its answer has an answer-by time to change.")
        if answer_by <= now:
            raise ValidationError({"answer_by": "Choose a time still to come."})
        application.answer_by = answer_by
        application.save(update_fields=["answer_by"])
        figures.forget(application.cohort_id)
    return application
