from django.db import migrations

REMINDERS = "Reminders: queue every reminder whose time has come"


def schedule_reminders(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_quarter_hour, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=REMINDERS, defaults={"task": "notifications.send_due_reminders", "interval": every_quarter_hour}
    )


def unschedule_reminders(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=REMINDERS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_reminder_settings"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule_reminders, unschedule_reminders)]
