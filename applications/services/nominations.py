"""The nomination: the e-mailed single-use link, its re-sends, and the nominator's answer."""

import secrets
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from cto_mentor import figures
from cto_mentor.notifications import limits
from cto_mentor.notifications.services import queue
from cto_mentor.users.addresses import contains_link, same_mailbox

from .. import selectors
from ..models import (
    Application,
    Kind,
    Nomination,
    Status,
)
from .drafts import check_editable, check_open, touch

NOMINATION_LINK_LIFETIME = timedelta(days=21)
REQUESTS_PER_APPLICATION = limits.Limit(
    "nomination request per application", count=3, period=timedelta(days=1)
)
REQUESTS_PER_ACCOUNT = limits.Limit("nomination request per account", count=10, period=timedelta(days=1))


def check_may_send(application: Application, now) -> None:
    """The program e-mails a nominator on an applicant's behalf only for a confirmed address, and a few times
    a day: the form must not be a way to send mail to strangers. Counts one request when it allows it."""
    if not application.applicant.is_verified:
        raise ValidationError(
            "Confirm your e-mail address first (open the link we sent you); then we can e-mail your nominator."
        )
    if not (
        limits.allow(REQUESTS_PER_APPLICATION, str(application.pk), now=now)
        and limits.allow(REQUESTS_PER_ACCOUNT, str(application.applicant_id), now=now)
    ):
        raise ValidationError(
            "You have sent as many nomination requests as we allow in a day. Try again tomorrow, or ask your "
            "nominator to look in their spam folder for the last one."
        )


def _new_token(nomination: Nomination, now) -> str:
    token = secrets.token_urlsafe(32)
    nomination.token_hash = Nomination.hash_token(token)
    nomination.expires_at = now + NOMINATION_LINK_LIFETIME
    nomination.requested_at = now
    nomination.requests_sent += 1
    return token


def _queue_nomination_request(
    nomination: Nomination, token: str, *, notice="nomination_request", occasion=""
):
    application = nomination.application
    return queue(
        notice=notice,
        to=nomination.nominator_email,
        about=nomination,
        occasion=occasion or f"request-{nomination.requests_sent}",
        context={
            "nomination": nomination,
            "application": application,
            "applicant": application.applicant,
            "cohort": application.cohort,
            "deadline": selectors.deadline_for(cohort=application.cohort, applicant=application.applicant),
        },
        link=reverse("applications:nominate", args=[token]),
        cohort=application.cohort,
    )


def remind_nominator(*, nomination: Nomination, occasion: str, now=None) -> bool:
    """Remind a nominator who has not answered, with a fresh link (the earlier one stops working), once per
    occasion of the deadline reminders. The occasion names the applicant's deadline as well as the offset, so
    an extension brings new reminders before the new deadline. Returns whether a reminder was queued.

    Side effects: a new token and expiry; a nomination_reminder e-mail to the nominator's address.
    """
    now = now or timezone.now()
    with transaction.atomic():
        nomination = (
            Nomination.objects.select_for_update().select_related("application").get(pk=nomination.pk)
        )
        if nomination.is_submitted:
            return False
        token = _new_token(nomination, now)
        if (
            _queue_nomination_request(nomination, token, notice="nomination_reminder", occasion=occasion)
            is None
        ):
            transaction.set_rollback(True)  # reminded already: keep the link the nominator has
            return False
        nomination.save(update_fields=["token_hash", "expires_at", "requested_at", "requests_sent"])
    return True


def request_nomination(
    *, application: Application, name: str, title: str, organization: str, email: str, now=None
) -> Nomination:
    """Name the nominator (first time, or a different one) and e-mail them a fresh link.

    A new link replaces the earlier one, which stops working.
    Side effects: the Nomination row (new token and expiry); an e-mail to the nominator's address.
    """
    now = now or timezone.now()
    if application.kind != Kind.CANDIDATE:
        raise ValidationError("Only candidate applications need a nomination.")
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("applicant").get(pk=application.pk)
        )
        check_editable(application, now)
        if contains_link(name):
            raise ValidationError({"name": "A name cannot contain a web address."})
        if same_mailbox(email, application.applicant.email):
            raise ValidationError({"email": "Your nominator must be someone else, usually your supervisor."})
        check_may_send(application, now)
        nomination = Nomination.objects.filter(application=application).first()
        if nomination and nomination.is_submitted:
            raise ValidationError("The nomination has already been received; it cannot be requested again.")
        nomination = nomination or Nomination(application=application)
        nomination.nominator_name = name
        nomination.nominator_title = title
        nomination.nominator_organization = organization
        nomination.nominator_email = email.lower()
        token = _new_token(nomination, now)
        nomination.save()
        _queue_nomination_request(nomination, token)
        touch(application, now)
    return nomination


def resend_nomination_request(*, application: Application, now=None) -> Nomination:
    """Send the nominator a new link (the earlier one stops working).

    Side effects: a new token and expiry; an e-mail to the nominator.
    """
    now = now or timezone.now()
    with transaction.atomic():
        application = (
            Application.objects.select_for_update().select_related("applicant").get(pk=application.pk)
        )
        check_editable(application, now)
        nomination = Nomination.objects.filter(application=application).first()
        if nomination is None:
            raise ValidationError("Name your nominator first.")
        check_may_send(application, now)
        if nomination.is_submitted:
            raise ValidationError("The nomination has already been received.")
        token = _new_token(nomination, now)
        nomination.save(update_fields=["token_hash", "expires_at", "requested_at", "requests_sent"])
        _queue_nomination_request(nomination, token)
    return nomination


def check_nomination_link(*, nomination: Nomination | None, now=None) -> Nomination:
    """The nomination the link opens, or a ValidationError that says why the link no longer works."""
    now = now or timezone.now()
    if nomination is None:
        raise ValidationError(
            "This link is not valid. The applicant may have sent a newer one; ask them to send it again.",
            code="invalid",
        )
    if nomination.is_submitted:
        raise ValidationError("This nomination has already been submitted. Thank you.", code="used")
    if nomination.expires_at <= now:
        raise ValidationError(
            "This link has expired. Ask the applicant to send the request again.", code="expired"
        )
    application = nomination.application
    if application.status != Status.DRAFT:
        raise ValidationError("This application is no longer open for a nomination.", code="closed")
    check_open(cohort=application.cohort, applicant=application.applicant, now=now)
    return nomination


def submit_nomination(
    *,
    nomination: Nomination,
    relationship: str,
    recommendation: str,
    supports_release_time: bool,
    now=None,
) -> Nomination:
    """Record the nominator's form. The link works once only.

    Side effects: the nomination's answers and `submitted_at`; an e-mail to the applicant.
    """
    now = now or timezone.now()
    with transaction.atomic():
        locked = Nomination.objects.select_for_update().filter(pk=nomination.pk).first()
        nomination = check_nomination_link(nomination=locked, now=now)
        nomination.relationship = relationship
        nomination.recommendation = recommendation
        nomination.supports_release_time = supports_release_time
        nomination.submitted_at = now
        nomination.save(
            update_fields=["relationship", "recommendation", "supports_release_time", "submitted_at"]
        )
        application = nomination.application
        figures.forget(application.cohort_id)
        queue(
            notice="nomination_received",
            to=application.applicant,
            about=nomination,
            context={"nomination": nomination, "application": application, "cohort": application.cohort},
            link=application.get_absolute_url(),
            cohort=application.cohort,
        )
    return nomination
