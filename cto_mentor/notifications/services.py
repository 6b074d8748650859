"""The outbox: queue a notice inside the caller's transaction, deliver it once, retry what can be retried."""

import logging
import smtplib
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, models, transaction
from django.template.loader import render_to_string
from django.utils import timezone

from cto_mentor import broker

from . import limits, registry, texts
from .models import Message, Preference, Status

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 6
FIRST_RETRY = timedelta(minutes=1)  # then 2, 4, 8 and 16 minutes
SENDING_TIMEOUT = timedelta(minutes=10)  # a message "sending" this long lost its worker
SWEEP_CLAIM = timedelta(minutes=5)  # a swept message is not swept again this soon
SWEEP_LIMIT = 20_000  # a backlog after an outage is queued in one sweep


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
    rendered = render(
        notice, {**(context or {}), "recipient": user, "to_email": email, "link": link}, cohort=cohort
    )
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


def render(notice: str, context: dict, cohort=None) -> dict:
    """The subject and both parts of a notice: from the cohort's own text when it has one (`texts.py`), else
    from the notice's templates."""
    context = {**context, "site_url": settings.SITE_URL}
    if cohort is not None and (own := texts.text_for(cohort=cohort, notice=notice)) is not None:
        return texts.render_text(own, registry.get(notice), context)
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

    The message is marked "sending" in a committed transaction before the mail server is contacted, and
    "sent" right after it accepted the message, so a worker killed in between leaves a visible trace: the
    sweep sends such a message again after SENDING_TIMEOUT, under the same Message-ID.
    Side effects: the e-mail; the row's status, attempts, last error and next attempt time.
    """
    now = now or timezone.now()
    with transaction.atomic():
        message = (
            Message.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, status=Status.PENDING)
            .first()
        )
        if message is None:
            return None
        message.status, message.attempts, message.next_attempt_at = Status.SENDING, message.attempts + 1, now
        message.save(update_fields=["status", "attempts", "next_attempt_at"])
    try:
        build_email(message).send()
    except Exception as error:
        record_failure(message, error, now)
    else:
        message.status, message.sent_at, message.last_error = Status.SENT, now, ""
    message.save(update_fields=["status", "sent_at", "last_error", "next_attempt_at"])
    return message.status


def message_id_header(message: Message) -> str:
    """The same Message-ID on every attempt, so a copy sent again after a crash can be recognised."""
    domain = urlsplit(settings.SITE_URL).hostname or "cto-mentor.invalid"
    return f"<outbox.{message.pk}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"


def build_email(message: Message) -> EmailMultiAlternatives:
    email = EmailMultiAlternatives(
        message.subject,
        message.body_text,
        to=[message.to_email],
        headers={"X-Outbox-Message": str(message.pk), "Message-ID": message_id_header(message)},
    )
    email.attach_alternative(message.body_html, "text/html")
    for attachment in message.attachments:
        email.attach(attachment["filename"], attachment["content"], attachment["mimetype"])
    return email


def is_permanent(error: Exception) -> bool:
    """A refusal that will not change on retry: a 5xx from the server, or every recipient refused with 5xx.

    A lost connection, a 4xx (greylisting 450/451, a full mailbox 452) may pass on a later attempt.
    """
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _ in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    return isinstance(error, smtplib.SMTPResponseException) and error.smtp_code >= 500


def record_failure(message: Message, error: Exception, now) -> None:
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if is_permanent(error) or message.attempts >= MAX_ATTEMPTS:
        message.status = Status.FAILED
        logger.error("Message %s failed: %s", message.pk, message.last_error)
    else:
        message.status = Status.PENDING
        message.next_attempt_at = now + FIRST_RETRY * 2 ** (message.attempts - 1)
        logger.warning(
            "Message %s will be retried at %s: %s", message.pk, message.next_attempt_at, message.last_error
        )


def sweep(*, now=None, limit: int = SWEEP_LIMIT) -> int:
    """Queue the messages that are due: those whose task never ran, retries whose time has come, and those a
    dead worker left "sending". Each is claimed for SWEEP_CLAIM first, so the next sweep does not queue it
    again while its task waits behind a long backlog. Returns how many were queued.
    """
    now = now or timezone.now()
    stuck = Message.objects.stuck_sending(now, SENDING_TIMEOUT)
    for message_id in stuck.values_list("pk", flat=True)[:limit]:
        logger.warning("Message %s was left sending by a worker that stopped; sending it again.", message_id)
    stuck.update(status=Status.PENDING, next_attempt_at=now)
    ids = list(Message.objects.due(now).order_by("next_attempt_at").values_list("pk", flat=True)[:limit])
    for chunk in range(0, len(ids), 1000):
        Message.objects.filter(pk__in=ids[chunk : chunk + 1000]).update(next_attempt_at=now + SWEEP_CLAIM)
    for message_id in ids:
        enqueue(message_id)
    limits.forget_old(now=now)
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


def mark_done(*, notice: str, about: models.Model, now=None) -> int:
    """Notices of this kind about this object, to anyone, are about something already done (the meeting they
    asked to confirm is confirmed): they show as done, not as new. Side effects: their read_at."""
    key_start = f"{notice}|{about._meta.label_lower}:{about.pk}|"  # as message_key() begins
    return Message.objects.filter(notice=notice, key__startswith=key_start, read_at__isnull=True).update(
        read_at=now or timezone.now()
    )


def mark_read(*, user, now=None) -> int:
    return Message.objects.filter(recipient=user, read_at__isnull=True).update(read_at=now or timezone.now())
