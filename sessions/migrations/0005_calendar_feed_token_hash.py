import hashlib

from django.db import migrations


def hash_tokens(apps, schema_editor):
    """The addresses people already use keep working: each stored token becomes its hash."""
    CalendarFeed = apps.get_model("class_sessions", "CalendarFeed")
    for feed in CalendarFeed.objects.all():
        feed.token_hash = hashlib.sha256(feed.token_hash.encode()).hexdigest()
        feed.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [("class_sessions", "0004_attendance_history_replaces_changes")]

    operations = [
        migrations.RenameField(model_name="calendarfeed", old_name="token", new_name="token_hash"),
        migrations.RunPython(hash_tokens, migrations.RunPython.noop),
    ]
