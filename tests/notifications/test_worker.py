"""Delivery through a real Celery worker and beat, the real Redis and PostgreSQL (the services leg of CI)."""

import socket
import threading
import time
from collections import Counter
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_celery_beat.models import IntervalSchedule, PeriodicTask

from cohorts.models import Role
from cto_mentor.notifications import services
from cto_mentor.notifications.models import Message, Status
from cto_mentor.notifications.tasks import send_message

from ..factories import MeetingFactory, MembershipFactory, UserFactory
from .conftest import delivered, post_in_app_process, wait_until

pytestmark = pytest.mark.services


def queue_messages(meeting, people):
    with transaction.atomic():
        return [
            services.queue(
                notice="meeting_reminder",
                to=person,
                about=meeting,
                occasion="48h",
                context={"meeting": meeting, "cohort": meeting.session.cohort},
                cohort=meeting.session.cohort,
            )
            for person in people
        ]


def all_sent():
    return not Message.objects.exclude(status=Status.SENT).exists()


def assert_each_delivered_once(mail_dir, messages):
    counts = Counter(delivered(mail_dir))
    assert sorted(counts) == sorted(str(m.pk) for m in messages)
    assert [pk for pk, n in counts.items() if n > 1] == []


def drain(broker):
    wait_until(lambda: broker.llen("celery") == 0, timeout=60, what="the queue to drain")
    time.sleep(1)  # the last task taken from the queue finishes


def test_worker_sends_each_message_once_though_its_task_is_queued_three_times(
    processes, real_broker, mail_dir
):
    meeting = MeetingFactory()
    messages = queue_messages(meeting, UserFactory.create_batch(30))
    for message in messages:
        send_message.delay(message.pk)
        send_message.delay(message.pk)
    processes.worker("w1", concurrency=2)
    wait_until(all_sent, what="every message to be sent")
    drain(real_broker)
    assert_each_delivered_once(mail_dir, messages)


def test_worker_killed_mid_batch_then_restarted_sends_each_once(processes, real_broker, mail_dir):
    people = UserFactory.create_batch(12) + [UserFactory(email="slow.reader@example.org")]
    people += UserFactory.create_batch(12)
    messages = queue_messages(MeetingFactory(), people)
    worker = processes.worker("w1")
    marker = mail_dir / "in-flight.marker"
    wait_until(marker.exists, what="the worker to be inside a send")
    processes.kill(worker)  # SIGKILL while the e-mail to slow.reader is being handed over

    hanging = Message.objects.get(to_email="slow.reader@example.org")
    assert hanging.status == Status.SENDING  # the crash window is visible in the outbox
    assert str(hanging.pk) not in delivered(mail_dir)

    processes.worker("w2")
    # The sweep sends again what the killed worker left sending, once that has lasted long enough (tasks
    # acknowledged late are not lost either).
    services.sweep(now=timezone.now() + services.SENDING_TIMEOUT + timedelta(seconds=1))
    wait_until(all_sent, what="every message to be sent after the restart")
    drain(real_broker)
    assert_each_delivered_once(mail_dir, messages)


def test_two_beats_and_two_workers_send_each_reminder_once(processes, real_broker, mail_dir):
    meeting = MeetingFactory(starts_at=timezone.now() + timedelta(hours=24))
    meeting.ends_at = meeting.starts_at + timedelta(hours=8)
    meeting.save()
    cohort = meeting.session.cohort
    candidates = [MembershipFactory(cohort=cohort, role=Role.CANDIDATE).user for _ in range(25)]
    every_second, _ = IntervalSchedule.objects.get_or_create(every=1, period=IntervalSchedule.SECONDS)
    PeriodicTask.objects.create(
        name="reminders", task="notifications.send_due_reminders", interval=every_second
    )
    processes.worker("w1")
    processes.worker("w2")
    beats = [processes.beat("beat1"), processes.beat("beat2")]
    wait_until(lambda: Message.objects.count() == 25 and all_sent(), what="the reminders to be sent")
    time.sleep(4)  # both beats keep firing the reminder task meanwhile
    for beat in beats:
        processes.kill(beat)
    sent_by_beat = sum(b.log.read_text().count("Sending due task reminders") for b in beats)
    assert sent_by_beat >= 6
    drain(real_broker)
    assert sorted(Message.objects.values_list("to_email", flat=True)) == sorted(c.email for c in candidates)
    assert_each_delivered_once(mail_dir, Message.objects.all())


def submit_password_reset(app_env, email, redis_url):
    """A person submits the password-reset form, in a process of the app whose broker is `redis_url`."""
    return post_in_app_process(app_env, "/accounts/password/reset/", {"email": email}, redis_url=redis_url)


def test_form_submitted_while_redis_is_down_sends_once_redis_is_back(
    processes, app_env, mail_dir, real_broker
):
    person = UserFactory()
    status, _, errors = submit_password_reset(app_env, person.email, "redis://127.0.0.1:9/0")  # nothing there
    assert status == "302", errors
    message = Message.objects.get(to_email=person.email)
    assert message.status == Status.PENDING
    processes.worker("w1")
    services.sweep()  # what beat does every minute
    wait_until(all_sent, what="the message to be sent")
    assert_each_delivered_once(mail_dir, [message])


@pytest.fixture
def hanging_redis():
    """A server that accepts connections and never answers."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []
    thread = threading.Thread(target=lambda: accepted.extend(server.accept() for _ in range(16)), daemon=True)
    thread.start()
    yield f"redis://127.0.0.1:{server.getsockname()[1]}/0"
    server.close()


def test_form_submitted_while_redis_hangs_answers_within_seconds(app_env, hanging_redis, real_broker):
    person = UserFactory()
    status, seconds, errors = submit_password_reset(app_env, person.email, hanging_redis)
    assert status == "302", errors
    # Bounded broker timeouts and no retry make it about two seconds; the bound leaves room for a busy
    # machine and stays far under gunicorn's 30 s timeout, which an unbounded wait would pass.
    assert seconds < 10
    assert Message.objects.get(to_email=person.email).status == Status.PENDING


def test_mail_queued_before_a_database_outage_is_sent_once_it_is_back_without_a_sweep(
    private_postgres, processes, real_broker, mail_dir
):
    """The worker's tasks meet a database that is down: they wait and try again rather than failing."""
    processes.env = {**processes.env, "DATABASE_URL": private_postgres.url}
    messages = queue_messages(MeetingFactory(), UserFactory.create_batch(20))  # their tasks wait in Redis
    private_postgres.stop()
    processes.worker("w1", concurrency=2)
    time.sleep(6)  # every task has met the outage at least once
    private_postgres.start()
    wait_until(all_sent, timeout=180, what="every message to be sent after the outage")
    drain(real_broker)
    assert_each_delivered_once(mail_dir, messages)
