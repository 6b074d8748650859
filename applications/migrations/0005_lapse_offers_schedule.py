from django.db import migrations

LAPSE = "Offers: record those not answered by their answer-by time as lapsed"


def schedule_lapse(apps, schema_editor):
    IntervalSchedule = apps.get_model("django_celery_beat", "IntervalSchedule")
    PeriodicTask = apps.get_model("django_celery_beat", "PeriodicTask")
    every_quarter_hour, _ = IntervalSchedule.objects.get_or_create(every=15, period="minutes")
    PeriodicTask.objects.get_or_create(
        name=LAPSE, defaults={"task": "applications.lapse_offers", "interval": every_quarter_hour}
    )


def unschedule_lapse(apps, schema_editor):
    apps.get_model("django_celery_beat", "PeriodicTask").objects.filter(name=LAPSE).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("applications", "0004_offers_answer_by"),
        ("django_celery_beat", "0019_alter_periodictasks_options"),
    ]

    operations = [migrations.RunPython(schedule_lapse, unschedule_lapse)]
