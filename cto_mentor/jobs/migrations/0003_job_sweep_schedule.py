from django.db import migrations

SWEEP = "Job sweep: start background jobs nobody picked up, restart those whose worker died"


def schedule_sweep(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_minute, _ = IntervalSchedule.objects.get_or_create(every=1, period="minutes")
    PeriodicTask.objects.get_or_create(name=SWEEP, defaults={"task": "jobs.sweep_jobs", "interval": every_minute})


def unschedule_sweep(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=SWEEP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("jobs", "0002_heartbeat_and_kinds_from_apps"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule_sweep, unschedule_sweep)]
