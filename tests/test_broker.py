"""A broker that refuses or hangs never fails a request, and is waited for once, not once per task."""

from kombu.exceptions import OperationalError

from cto_mentor.notifications.models import Message, Status
from cto_mentor.notifications.tasks import send_message

from .factories import MeetingFactory, UserFactory


def test_a_form_queueing_three_emails_while_the_broker_is_down_tries_it_once(
    db, monkeypatch, django_capture_on_commit_callbacks
):
    from django.db import transaction

    from cto_mentor.notifications import services

    attempts = []

    def refused(**kwargs):
        attempts.append(kwargs)
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_message, "apply_async", refused)
    meeting = MeetingFactory()
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        for person in UserFactory.create_batch(3):
            services.queue(
                notice="meeting_reminder",
                to=person,
                about=meeting,
                occasion="48h",
                context={"meeting": meeting, "cohort": meeting.session.cohort},
            )
    assert len(attempts) == 1
    assert list(Message.objects.values_list("status", flat=True)) == [Status.PENDING] * 3
