"""The outbox: queue a notice inside the caller's transaction, deliver it once, retry what can be retried."""

import logging
import smtplib
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cto_mentor import broker

from . import registry
from .models import Message, Preference, Status

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=1)  # then 2, 4, 8 and 16 minutes


def absolute_url(path: str) -> str:
    return path if path.startswith("http") else settings.SITE_URL.rstrip("/") + path


def wants(user, notice: registry.Notice) -> bool:
    if not notice.optional or user is None:
        return True
    return not Preference.objects.filter(user=user, notice=notice.name, enabled=False).exists()


def message_key(notice: str, about: models.Model | str, email: str, occasion: str = "") -> str:
    about_key = about if isinstance(about, str) else f"{about._meta.label_lower}:{about.pk}"
    return f"{notice}|{about_key}|{occasion}|{email.lower()}"[:255]


def queue(
    *,
    notice: str,
    to,
    about: models.Model | str,
    context: dict | None = None,
    link: str = "",
    occasion: str = "",
    cohort=None,
    attachments: list[dict] | None = None,
) -> Message | None:
    """Write one e-mail to the outbox, to be sent once the caller's transaction commits.

    `to` is a user or, for someone without an account (a nominator), an e-mail address. `about` and
    `occasion` complete the unique key: a notice already queued with the same key is not queued again, and
    None is returned, as it is when the person turned this optional notice off.
    Side effects: a Message row; after commit, a send task on the broker (or run in-process).
    """
    kind = registry.get(notice)
    user = None if isinstance(to, str) else to
    if not wants(user, kind):
        return None
    email = to if user is None else user.email
    key = message_key(notice, about, email, occasion)
    if Message.objects.filter(key=key).exists():
        return None
    link = absolute_url(link) if link else ""
    rendered = render(notice, {**(context or {}), "recipient": user, "to_email": email, "link": link})
    try:
        with transaction.atomic():  # a savepoint: a duplicate key leaves the caller's transaction intact
            message = Message.objects.create(
                key=key,
                notice=notice,
                cohort=cohort,
                recipient=user,
                to_email=email,
                link=link,
                attachments=attachments or [],
                **rendered,
            )
    except IntegrityError:
        return None
    transaction.on_commit(lambda: enqueue(message.pk))
    return message


def render(notice: str, context: dict) -> dict:
    context = {**context, "site_url": settings.SITE_URL}
    subject = render_to_string(f"emails/{notice}_subject.txt", context, using="text")
    return {
        "subject": " ".join(subject.split())[:255],
        "body_text": render_to_string(f"emails/{notice}.txt", context, using="text"),
        "body_html": render_to_string(f"emails/{notice}.html", context),
    }


def enqueue(message_id: int) -> None:
    """Hand the message to a worker. A broker that is down only delays it: the sweep sends it later."""
    from .tasks import send_message

    broker.hand_over(send_message, message_id, sweep="outbox sweep")


def deliver(*, message_id: int, now=None) -> str | None:
    """Send one pending message, at most once at a time across workers; returns its new status.

    The row stays locked while the e-mail is handed to the mail server, so a second worker given the same
    message skips it; a worker killed mid-send leaves it pending for the sweep.
    Side effects: the e-mail; the row's status, attempts, last error and next attempt time.
    """
    now = now or timezone.now()
    with transaction.atomic():
        message = Message.objects.select_for_update(skip_locked=True).due(now).filter(pk=message_id).first()
        if message is None:
            return None
        message.attempts += 1
        try:
            build_email(message).send()
        except Exception as error:
            record_failure(message, error, now)
        else:
            message.status, message.sent_at, message.last_error = Status.SENT, now, ""
        message.save(update_fields=["status", "attempts", "sent_at", "last_error", "next_attempt_at"])
    return message.status


def build_email(message: Message) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        message.subject,
        message.body_text,
        to=[message.to_email],
        headers={"X-Outbox-Message": str(message.pk)},
    )
    email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return email


def is_permanent(error: Exception) -> bool:
    """A refusal by the mail server (5xx) will not change on retry; a lost connection or a 4xx may."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return True
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def record_failure(message: Message, error: Exception, now) -> None:
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if is_permanent(error) or message.attempts >= MAX_ATTEMPTS:
        message.status = Status.FAILED
        logger.error("Message %s failed: %s", message.pk, message.last_error)
    else:
        message.next_attempt_at = now + FIRST_RETRY * 2 ** (message.attempts - 1)
        logger.warning(
            "Message %s will be retried at %s: %s", message.pk, message.next_attempt_at, message.last_error
        )


def sweep(*, now=None, limit: int = 500) -> int:
    """Queue the pending messages that are due: those whose task never ran and those waiting for a retry."""
    now = now or timezone.now()
    ids = list(Message.objects.due(now).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    for message_id in ids:
        enqueue(message_id)
    return len(ids)


def resend(*, message: Message) -> Message:
    """Put a failed message back in the queue, with fresh attempts. Side effects: a send task after commit."""
    if message.status != Status.FAILED:
        raise ValueError("Only a failed message can be sent again.")
    with transaction.atomic():
        message.status, message.attempts, message.next_attempt_at = Status.PENDING, 0, timezone.now()
        message.save(update_fields=["status", "attempts", "next_attempt_at"])
        transaction.on_commit(lambda: enqueue(message.pk))
    return message


def set_preferences(*, user, enabled: dict[str, bool]) -> None:
    """Record which optional notices the person wants; required notices cannot be turned off."""
    for notice in registry.optional_notices():
        if notice.name in enabled:
            Preference.objects.update_or_create(
                user=user, notice=notice.name, defaults={"enabled": enabled[notice.name]}
            )


def mark_read(*, user, now=None) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).update(read_at=now or timezone.now())
