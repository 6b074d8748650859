"""One mechanism records history: Attendance.history (django-simple-history) replaces AttendanceChange.

Recordings made before the history records existed are copied into them first (who set which status and note,
and when), unless the attendance has history records already; then the old table is dropped.
"""

from django.db import migrations


def copy_changes_into_history(apps, schema_editor):
    AttendanceChange = apps.get_model("class_sessions", "AttendanceChange")
    HistoricalAttendance = apps.get_model("class_sessions", "HistoricalAttendance")
    with_history = set(HistoricalAttendance.objects.values_list("id", flat=True).distinct())
    seen = set()
    records = []
    for change in AttendanceChange.objects.select_related("attendance").order_by("changed_at", "pk"):
        attendance = change.attendance
        if attendance.pk in with_history:
            continue
        records.append(
            HistoricalAttendance(
                id=attendance.pk,
                meeting_id=attendance.meeting_id,
                person_id=attendance.person_id,
                status=change.status,
                note=change.note,
                recorded_by_id=change.changed_by_id,
                recorded_at=change.changed_at,
                history_date=change.changed_at,
                history_user_id=change.changed_by_id,
                history_type="~" if attendance.pk in seen else "+",
                history_change_reason="copied from the attendance change log",
            )
        )
        seen.add(attendance.pk)
    HistoricalAttendance.objects.bulk_create(records, batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("class_sessions", "0003_history"),
    ]

    operations = [
        migrations.RunPython(copy_changes_into_history, migrations.RunPython.noop),
        migrations.DeleteModel(
            name="AttendanceChange",
        ),
    ]
