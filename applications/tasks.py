from celery import shared_task

from cto_mentor.notifications.tasks import DATABASE_AWAY

from . import services


@shared_task(
    name="applications.lapse_offers", acks_late=True, ignore_result=True, max_retries=3, **DATABASE_AWAY
)
def lapse_offers() -> None:
    services.lapse_offers()
