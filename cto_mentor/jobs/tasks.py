from celery import shared_task

from cto_mentor.notifications.tasks import DATABASE_AWAY

from . import services


@shared_task(name="jobs.run_job", acks_late=True, ignore_result=True, max_retries=8, **DATABASE_AWAY)
def run_job(job_id: int) -> None:
    services.run_job(job_id=job_id)


@shared_task(name="jobs.sweep_jobs", ignore_result=True)
def sweep_jobs() -> None:
    services.sweep()
