from celery import shared_task
from django.db import InterfaceError, OperationalError

from . import reminders, services

# While the database is away a task waits and tries again (2, 4, 8 … 60 s) rather than failing at once;
# whatever still fails is picked up by the sweep once the database is back.
DATABASE_AWAY = {
    "autoretry_for": (OperationalError, InterfaceError),
    "retry_backoff": 2,
    "retry_backoff_max": 60,
}


@shared_task(
    name="notifications.send_message", acks_late=True, ignore_result=True, max_retries=8, **DATABASE_AWAY
)
def send_message(message_id: int) -> None:
    services.deliver(message_id=message_id)


@shared_task(name="notifications.sweep_outbox", ignore_result=True)
def sweep_outbox() -> None:
    services.sweep()


@shared_task(
    name="notifications.send_due_reminders",
    acks_late=True,
    ignore_result=True,
    max_retries=3,
    **DATABASE_AWAY,
)
def send_due_reminders() -> None:
    reminders.send_due_reminders()
