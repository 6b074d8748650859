"""`manage.py shell` imports every model, the history models of the apps whose label differs from their
package (class_sessions, notifications) included, without an error line."""

from io import StringIO

from django.core.management import call_command


def test_shell_imports_every_model_the_history_models_included(capsys):
    said = StringIO()

    call_command(
        "shell",
        command="print(HistoricalAttendance._meta.label, HistoricalNoticeText._meta.label)",
        verbosity=1,
        stdout=said,
    )

    assert "could not be automatically imported" not in said.getvalue()
    assert (
        capsys.readouterr().out == "class_sessions.HistoricalAttendance notifications.HistoricalNoticeText\n"
    )
