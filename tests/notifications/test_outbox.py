import re
import smtplib
from datetime import UTC, datetime, timedelta

import pytest
from django.core import mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from kombu.exceptions import OperationalError
from pytest_django.asserts import assertInHTML

from cohorts.models import Role
from cohorts.services import pair_mentor
from cto_mentor import broker
from cto_mentor.notifications import services
from cto_mentor.notifications.models import Message, Preference, Status
from cto_mentor.notifications.tasks import send_message

from ..factories import MeetingFactory, UserFactory


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Runs the after-commit callbacks (the send tasks, in-process) of what happens inside it."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def queue_reminder(person, meeting, **kwargs):
    return services.queue(
        notice="meeting_reminder",
        to=person,
        about=meeting,
        occasion="1d",
        cohort=meeting.session.cohort,
        context={"meeting": meeting, "cohort": meeting.session.cohort},
        link="/cohorts/",
        **kwargs,
    )


@pytest.fixture
def meeting(cohort):
    return MeetingFactory(session__cohort=cohort, session__title="Fiscal Management")


def fail_smtp(monkeypatch, error):
    def send(self, fail_silently=False):
        raise error

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", send)


def test_queue_sends_text_and_html_with_absolute_link_after_commit(meeting, sent):
    person = UserFactory()
    with sent():
        message = queue_reminder(person, meeting)
        assert mail.outbox == []  # nothing leaves before the transaction commits
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == [person.email]
    assert "Fiscal Management" in email.subject and "PST" in email.subject or "PDT" in email.subject
    assert "http://127.0.0.1:8000/cohorts/" in email.body
    assert email.alternatives[0].mimetype == "text/html"
    message.refresh_from_db()
    assert (message.status, message.attempts) == (Status.SENT, 1)


def test_queue_in_rolled_back_transaction_leaves_nothing(meeting, sent):
    with sent():
        with pytest.raises(RuntimeError), transaction.atomic():
            queue_reminder(UserFactory(), meeting)
            raise RuntimeError("the change failed")
    assert Message.objects.count() == 0
    assert mail.outbox == []


def test_queue_same_notice_twice_sends_once(meeting, sent):
    person = UserFactory()
    with sent():
        first = queue_reminder(person, meeting)
        second = queue_reminder(person, meeting)
    assert first is not None and second is None
    assert Message.objects.count() == 1
    assert len(mail.outbox) == 1


def test_deliver_twice_sends_once(meeting, sent):
    message = queue_reminder(UserFactory(), meeting)
    assert services.deliver(message_id=message.pk) == Status.SENT
    assert services.deliver(message_id=message.pk) is None
    send_message.delay(message.pk)
    assert len(mail.outbox) == 1


def test_optional_notice_turned_off_is_not_queued(meeting, sent):
    person = UserFactory()
    Preference.objects.create(user=person, notice="meeting_reminder", enabled=False)
    with sent():
        assert queue_reminder(person, meeting) is None
    assert mail.outbox == []


def test_required_notice_ignores_preferences(cohort, member, sent):
    mentor, candidate = member(Role.MENTOR), member(Role.CANDIDATE)
    Preference.objects.create(user=candidate, notice="pairing_made", enabled=False)
    with sent():
        pair_mentor(cohort=cohort, mentor=mentor, candidate=candidate, unsigned_contract_ok=True)
    assert sorted(m.to[0] for m in mail.outbox) == sorted([mentor.email, candidate.email])
    to_candidate = next(m for m in mail.outbox if m.to == [candidate.email])
    assert str(mentor) in to_candidate.subject


def test_transient_smtp_error_is_retried_with_backoff(meeting, monkeypatch):
    message = queue_reminder(UserFactory(), meeting)
    now = timezone.now()
    fail_smtp(monkeypatch, smtplib.SMTPServerDisconnected("connection lost"))
    assert services.deliver(message_id=message.pk, now=now) == Status.PENDING
    message.refresh_from_db()
    assert message.attempts == 1
    assert message.next_attempt_at == now + timedelta(minutes=1)
    assert "connection lost" in message.last_error
    monkeypatch.undo()
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(seconds=30))
    assert services.sweep() == 0
    monkeypatch.setattr(timezone, "now", lambda: now + timedelta(seconds=61))
    assert services.sweep() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert len(mail.outbox) == 1


def test_backoff_doubles_until_the_message_fails(meeting, monkeypatch):
    message = queue_reminder(UserFactory(), meeting)
    fail_smtp(monkeypatch, smtplib.SMTPResponseException(421, b"try later"))
    waits, now = [], timezone.now()
    while services.deliver(message_id=message.pk, now=now) == Status.PENDING:
        message.refresh_from_db()
        waits.append(message.next_attempt_at - now)
        now = message.next_attempt_at
    message.refresh_from_db()
    assert waits == [timedelta(minutes=m) for m in (1, 2, 4, 8, 16)]
    assert (message.status, message.attempts) == (Status.FAILED, services.MAX_ATTEMPTS)


def test_permanent_smtp_error_fails_at_once_and_can_be_resent(meeting, monkeypatch, sent):
    message = queue_reminder(UserFactory(), meeting)
    fail_smtp(monkeypatch, smtplib.SMTPRecipientsRefused({"x@example.org": (550, b"no such user")}))
    assert services.deliver(message_id=message.pk) == Status.FAILED
    monkeypatch.undo()
    message.refresh_from_db()
    with sent():
        services.resend(message=message)
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert len(mail.outbox) == 1


def test_broker_down_keeps_message_for_the_sweep(meeting, monkeypatch, sent):
    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_message, "apply_async", broker_down)
    with sent():
        message = queue_reminder(UserFactory(), meeting)
    assert Message.objects.get(pk=message.pk).status == Status.PENDING
    monkeypatch.undo()
    broker.reset()  # back, and this process's pause after the failure is over
    assert services.sweep() == 1
    assert Message.objects.get(pk=message.pk).status == Status.SENT
    assert len(mail.outbox) == 1


def test_inbox_shows_only_own_notices_and_marks_them_read(client, meeting):
    mine, other = UserFactory(), UserFactory()
    queue_reminder(mine, meeting)
    theirs = services.queue(
        notice="meeting_reminder",
        to=other,
        about=meeting,
        occasion="secret",
        context={"meeting": meeting, "cohort": meeting.session.cohort},
    )
    client.force_login(mine)
    page = client.get(reverse("notifications:inbox")).text
    assert "Fiscal Management" in page
    assert Message.objects.filter(pk=theirs.pk, read_at__isnull=True).exists()
    assert not Message.objects.filter(recipient=mine, read_at__isnull=True).exists()
    assert "secret" not in page


def test_preferences_turn_an_optional_reminder_off_and_on(client, db):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("notifications:preferences"), {})
    assert Preference.objects.get(user=person, notice="meeting_reminder").enabled is False
    client.post(reverse("notifications:preferences"), {"meeting_reminder": "on"})
    assert Preference.objects.get(user=person, notice="meeting_reminder").enabled is True
    page = client.get(reverse("notifications:preferences")).text
    assert "Your mentor or candidate pairing" in page  # listed as always sent


OUTSIDERS = ["applicant", "reviewer", "instructor", "mentor", "candidate", "manager_of_other_cohort"]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_outbox_and_resend_refused_outside_the_cohorts_managers(client, cohort, people, meeting, role):
    message = queue_reminder(UserFactory(), meeting)
    Message.objects.filter(pk=message.pk).update(status=Status.FAILED)
    client.force_login(people[role])
    assert client.get(reverse("notifications:outbox", args=[cohort.slug])).status_code == 404
    assert client.post(reverse("notifications:resend", args=[message.pk])).status_code == 404
    assert Message.objects.get(pk=message.pk).status == Status.FAILED


def test_outbox_shows_failures_to_the_manager_who_resends(client, cohort, people, meeting, sent):
    message = queue_reminder(UserFactory(), meeting)
    Message.objects.filter(pk=message.pk).update(
        status=Status.FAILED, last_error="SMTPRecipientsRefused: 550"
    )
    client.force_login(people["program_manager"])
    page = client.get(reverse("notifications:outbox", args=[cohort.slug]), {"status": "failed"}).text
    assert "SMTPRecipientsRefused: 550" in page and "Send again" in page
    with sent():
        client.post(reverse("notifications:resend", args=[message.pk]))
    assert Message.objects.get(pk=message.pk).status == Status.SENT


def test_sweep_sends_a_pending_message_written_without_its_task(db):
    from .factories import MessageFactory

    message = MessageFactory()
    assert services.sweep() == 1
    message.refresh_from_db()
    assert message.status == Status.SENT
    assert mail.outbox[0].extra_headers["X-Outbox-Message"] == str(message.pk)


def test_outbox_rows_show_times_recipient_subject_status_error_and_resend(client, cohort, people):
    from .factories import MessageFactory

    queued = datetime(2026, 3, 2, 1, 30, 59, tzinfo=UTC)
    sent = MessageFactory(
        cohort=cohort,
        subject="Results <soon>",
        status=Status.SENT,
        attempts=1,
        created_at=queued,
        sent_at=queued + timedelta(minutes=1),
    )
    failed = MessageFactory(
        cohort=cohort, status=Status.FAILED, attempts=3, last_error="x" * 130, created_at=queued
    )
    client.force_login(people["program_manager"])

    page = client.get(reverse("notifications:outbox", args=[cohort.slug])).text

    assertInHTML(
        f'<tr><td><time datetime="{queued.isoformat()}">Sun, Mar 1, 2026, 5:30 p.m. Pacific Time (PST)</time></td>'
        f"<td>{sent.to_email}</td><td>Results &lt;soon&gt;</td>"
        '<td>Sent<br><span class="small text-body-secondary">sent Sun, Mar 1, 2026, 5:31 p.m. Pacific Time (PST)'
        "</span></td><td>1</td><td></td></tr>",
        page,
    )
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    resend = reverse("notifications:resend", args=[failed.pk])
    assertInHTML(
        f'<tr><td><time datetime="{queued.isoformat()}">Sun, Mar 1, 2026, 5:30 p.m. Pacific Time (PST)</time></td>'
        f"<td>{failed.to_email}</td><td>Coming up: Session 3 — Fiscal Management</td>"
        f'<td>Failed<br><span class="small text-danger">{"x" * 119}…</span></td><td>3</td>'
        f'<td><form method="post" action="{resend}">'
        f'<input type="hidden" name="csrfmiddlewaretoken" value="{token}">'
        '<button class="btn btn-sm btn-outline-primary" type="submit"'
        f' aria-label="Send again to {failed.to_email}">Send again</button></form></td></tr>',
        page,
    )


def test_outbox_without_messages_says_so(client, cohort, people):
    client.force_login(people["program_manager"])
    page = client.get(reverse("notifications:outbox", args=[cohort.slug])).text
    assertInHTML('<tr><td colspan="6">No messages.</td></tr>', page)


def test_notices_mark_the_new_ones_and_link_to_where_to_act(client, db):
    from .factories import MessageFactory

    person = UserFactory()
    at = datetime(2026, 7, 4, 19, 0, tzinfo=UTC)
    MessageFactory(recipient=person, subject="Read <one>", link="", read_at=at, created_at=at)
    MessageFactory(recipient=person, subject="New one", link="/applications/7/", created_at=at)
    client.force_login(person)

    page = client.get(reverse("notifications:inbox")).text

    item = (
        "<tr><td>{}</td>"
        '<td class="text-body-secondary small"><time datetime="2026-07-04T19:00:00+00:00">'
        "Sat, Jul 4, 2026, 12:00 p.m. Pacific Time (PDT)</time></td></tr>"
    )
    new = '<span class="badge text-bg-primary me-1">New</span><a href="/applications/7/">New one</a>'
    assertInHTML(item.format(new), page)
    assertInHTML(item.format("Read &lt;one&gt;"), page)


def test_notices_without_any_say_so(client, db):
    client.force_login(UserFactory())
    assertInHTML(
        '<tr><td colspan="2">No notices yet.</td></tr>', client.get(reverse("notifications:inbox")).text
    )
