"""Every program feedback answer becomes anonymous: the author column goes, and the answers already stored
are written again, question by question, with new random ids in a random order. Until now an answer and the
receipt of its author were written in one transaction (the same xmin on PostgreSQL) one after the other;
after this, the answers share this migration's transaction and their order says nothing. Last, the table is
rewritten on disk (VACUUM FULL on PostgreSQL, VACUUM on SQLite) so that the dropped authors and the old rows
are gone from its files, not only hidden."""

import secrets

from django.db import migrations, transaction


def write_answers_again(apps, schema_editor):
    ProgramFeedback = apps.get_model("portfolios", "ProgramFeedback")
    questions = ProgramFeedback.objects.order_by().values_list("cohort_id", "session_id").distinct()
    shuffle = secrets.SystemRandom().shuffle
    with transaction.atomic(using=schema_editor.connection.alias):
        for cohort_id, session_id in list(questions):
            answers = ProgramFeedback.objects.filter(cohort_id=cohort_id, session_id=session_id)
            kept = list(answers.values_list("rating", "comment"))
            answers.delete()
            shuffle(kept)
            ProgramFeedback.objects.bulk_create(
                ProgramFeedback(cohort_id=cohort_id, session_id=session_id, rating=rating, comment=comment)
                for rating, comment in kept
            )


def rewrite_table_files(apps, schema_editor):
    connection = schema_editor.connection
    table = apps.get_model("portfolios", "ProgramFeedback")._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"VACUUM FULL {connection.ops.quote_name(table)}")
        elif connection.vendor == "sqlite":
            cursor.execute("VACUUM")


class Migration(migrations.Migration):
    # VACUUM runs outside a transaction; the answers are written again inside one of their own.
    atomic = False

    dependencies = [
        ("portfolios", "0001_initial"),
    ]

    operations = [
        migrations.RemoveField(model_name="programfeedback", name="author"),
        migrations.RunPython(write_answers_again, migrations.RunPython.noop),
        migrations.RunPython(rewrite_table_files, migrations.RunPython.noop),
    ]
