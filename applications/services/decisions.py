"""Decisions, their e-mails (once per applicant), answers to offers and the waitlist (a
mentor's contract is the cohort's: `cohorts.services.record_contract`)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cohorts.models import Cohort, Membership, Pairing
from cohorts.services import add_member, remove_member
from cto_mentor.notifications.services import queue

from .. import selectors
from ..models import (
    Application,
    Decision,
    Kind,
    Response,
    Status,
)


def decide(*, application: Application, decision: str, reason: str, actor, now=None) -> Application:
    """Record accepted, waitlisted or declined with its reason, until the decision is e-mailed.

    Side effects: the decision fields. Nothing is sent: `send_decisions` does that.
    """
    now = now or timezone.now()
    if decision not in (Decision.ACCEPTED, Decision.WAITLISTED, Decision.DECLINED):
        raise ValidationError({"decision": "Choose accepted, waitlisted or declined."})
    with transaction.atomic():
        application = Application.objects.select_for_update().get(pk=application.pk)
        if application.status != Status.SUBMITTED:
            raise ValidationError("Only a submitted application can be decided.")
        if application.decision_sent_at is not None:
            raise ValidationError("The decision has already been e-mailed; it can no longer change.")
        application.decision, application.decision_reason = decision, reason
        application.decided_at, application.decided_by = now, actor
        application.save(update_fields=["decision", "decision_reason", "decided_at", "decided_by"])
    return application


def decision_email(application: Application) -> dict:
    """The arguments of the decision e-mail (the same for the preview and the sending)."""
    link = (
        reverse("applications:place", args=[application.pk])
        if application.decision == Decision.ACCEPTED
        else application.get_absolute_url()
    )
    return {
        "notice": "application_decision",
        "to": application.applicant,
        "about": application,
        "occasion": application.decision,
        "context": {"application": application, "cohort": application.cohort},
        "link": link,
        "cohort": application.cohort,
    }


def _notify_decision(application: Application, now) -> None:
    queue(**decision_email(application))
    application.decision_sent_at = now
    application.save(update_fields=["decision_sent_at"])
    if application.decision == Decision.ACCEPTED:
        add_member(cohort=application.cohort, user=application.applicant, role=application.kind)


def send_decisions(*, cohort: Cohort, now=None, limit: int | None = None) -> int:
    """E-mail every decided, not yet notified applicant of the cohort; returns how many were notified.

    With `limit`, at most that many in this transaction: the background job calls it in batches so its
    progress shows as it goes. Running it twice sends nothing the second time: the rows are locked and
    marked, and the outbox key (application, decision) refuses a second e-mail.
    Side effects: one decision e-mail per applicant; `decision_sent_at`; accepted applicants become
    candidates or mentors of the cohort.
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


def answer_offer(*, application: Application, accept: bool, now=None) -> Application:
    """The accepted applicant confirms or declines the place, once.

    Side effects: the response; on a decline, the applicant's role in the cohort is taken away. An applicant
    already paired with a mentor (or, as a mentor, with a candidate) cannot decline until the program manager
    removes the pairing: the refusal says so.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("cohort", "applicant")
            .get(pk=application.pk)
        )
        if not application.awaits_answer:
            raise ValidationError("There is no offer waiting for your answer.")
        if not accept and _is_paired(application):
            partner = "a candidate" if application.kind == Kind.MENTOR else "a mentor"
            raise ValidationError(
                f"You are already paired with {partner} in the {application.cohort}, so your place cannot be "
                "declined yet. Ask the program manager to remove the pairing, then decline here again."
            )
        application.response = Response.CONFIRMED if accept else Response.DECLINED
        application.responded_at = now
        application.save(update_fields=["response", "responded_at"])
        if not accept:
            membership = Membership.objects.filter(
                cohort=application.cohort, user=application.applicant, role=application.kind
            ).first()
            if membership:
                remove_member(membership=membership)
    return application


def _is_paired(application: Application) -> bool:
    paired_as = "mentor" if application.kind == Kind.MENTOR else "candidate"
    return Pairing.objects.filter(cohort=application.cohort, **{paired_as: application.applicant}).exists()


def offer_place(*, application: Application, actor, now=None) -> Application:
    """Offer a place that someone declined to a waitlisted applicant of the same kind.

    Side effects: the decision becomes accepted; the acceptance e-mail (asking for an answer); the
    applicant becomes a member of the cohort.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update()
            .select_related("cohort", "applicant")
            .get(pk=application.pk)
        )
        if application.decision != Decision.WAITLISTED or application.status != Status.SUBMITTED:
            raise ValidationError("Only a waitlisted applicant can be offered a place.")
        if selectors.open_places(cohort=application.cohort, kind=application.kind) < 1:
            raise ValidationError("No accepted applicant has declined a place; there is none to offer.")
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
