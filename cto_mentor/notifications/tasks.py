from celery import shared_task

from . import reminders, services


@shared_task(name="notifications.send_message", acks_late=True, ignore_result=True)
def send_message(message_id: int) -> None:
    services.deliver(message_id=message_id)


@shared_task(name="notifications.sweep_outbox", ignore_result=True)
def sweep_outbox() -> None:
    services.sweep()


@shared_task(name="notifications.send_due_reminders", acks_late=True, ignore_result=True)
def send_due_reminders() -> None:
    reminders.send_due_reminders()
