"""The outbox under faults: temporary refusals are retried, the crash window is visible and deduplicable,
and a backlog after an outage is queued in one sweep."""

import smtplib
from datetime import timedelta
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from cto_mentor.notifications import services
from cto_mentor.notifications.models import Message, Status

from ..factories import MeetingFactory, UserFactory
from .test_outbox import fail_smtp, queue_reminder


@pytest.fixture
def meeting(cohort):
    return MeetingFactory(session__cohort=cohort)


@pytest.mark.parametrize(
    ("code", "status"),
    [(450, Status.PENDING), (451, Status.PENDING), (452, Status.PENDING), (550, Status.FAILED)],
)
def test_a_recipient_refused_at_rcpt_to_is_retried_unless_the_refusal_is_permanent(
    meeting, monkeypatch, code, status
):
    message = queue_reminder(UserFactory(email="greylisted@example.org"), meeting)
    fail_smtp(
        monkeypatch, smtplib.SMTPRecipientsRefused({"greylisted@example.org": (code, b"try again later")})
    )
    assert services.deliver(message_id=message.pk) == status
    message.refresh_from_db()
    assert (message.status, message.attempts) == (status, 1)


def test_the_message_is_marked_sending_before_the_mail_server_is_contacted(meeting, monkeypatch):
    message = queue_reminder(UserFactory(), meeting)
    seen = []

    def send(self, fail_silently=False):
        seen.append(Message.objects.get(pk=message.pk).status)  # what another connection would see
        return 1

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", send)
    assert services.deliver(message_id=message.pk) == Status.SENT
    assert seen == [Status.SENDING]


def test_a_message_left_sending_by_a_dead_worker_is_sent_again_with_the_same_message_id(
    meeting, django_capture_on_commit_callbacks
):
    message = queue_reminder(UserFactory(), meeting)
    first = services.build_email(message).message()["Message-ID"]
    Message.objects.filter(pk=message.pk).update(status=Status.SENDING, attempts=1)  # the worker died here

    assert services.sweep() == 0  # it may still be on its way: not yet
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep(now=timezone.now() + services.SENDING_TIMEOUT + timedelta(seconds=1)) == 1
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 2)
    assert [email.message()["Message-ID"] for email in mail.outbox] == [first]
    domain = urlsplit(settings.SITE_URL).hostname
    assert first == f"<outbox.{message.pk}.{message.created_at:%Y%m%d%H%M%S}@{domain}>"


def test_a_backlog_is_queued_in_one_sweep_and_not_queued_again_by_the_next(meeting, monkeypatch):
    queued = []
    monkeypatch.setattr(services, "enqueue", queued.append)
    for person in UserFactory.create_batch(30):
        queue_reminder(person, meeting)
    queued.clear()  # the after-commit hand-overs that the broker outage lost

    assert services.sweep(limit=services.SWEEP_LIMIT) == 30
    assert services.sweep() == 0  # their tasks are waiting in the queue: not queued twice
    assert len(queued) == 30
    later = timezone.now() + services.SWEEP_CLAIM + timedelta(seconds=1)
    assert services.sweep(now=later) == 30  # still not sent after the claim: queued again


def test_failed_messages_of_no_cohort_are_listed_for_the_staff_who_resend_them(
    client, people, django_capture_on_commit_callbacks
):
    from .factories import MessageFactory

    reset = MessageFactory(
        cohort=None, notice="password_reset", status=Status.FAILED, last_error="SMTPRecipientsRefused: 550"
    )
    MessageFactory(subject="A cohort's own message")
    staff = UserFactory(is_staff=True)
    client.force_login(staff)
    page = client.get(reverse("notifications:program_outbox")).text
    assert "SMTPRecipientsRefused: 550" in page and "Send again" in page
    assert "A cohort&#x27;s own message" not in page and "A cohort's own message" not in page
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("notifications:resend", args=[reset.pk]))
    assert response.url == reverse("notifications:program_outbox")
    assert Message.objects.get(pk=reset.pk).status == Status.SENT


@pytest.mark.parametrize("role", ["program_manager", "reviewer", "candidate", "applicant"])
def test_messages_of_no_cohort_are_hidden_from_everyone_but_the_staff(client, people, role):
    from .factories import MessageFactory

    reset = MessageFactory(cohort=None, status=Status.FAILED)
    client.force_login(people[role])
    assert client.get(reverse("notifications:program_outbox")).status_code == 404
    assert client.post(reverse("notifications:resend", args=[reset.pk])).status_code == 404
    assert Message.objects.get(pk=reset.pk).status == Status.FAILED
