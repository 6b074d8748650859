"""Django's shell, with every model imported automatically, the history models of every app included.

django-simple-history gives the history models of an app whose label is not its package's last name
(class_sessions, notifications) the app's package as their module, where Django's shell looks for them in
vain: they are set on the app's models module.
"""

import sys

from django.core.management.commands import shell


class Command(shell.Command):
    def get_auto_imports(self):
        return [_importable_path(path) for path in super().get_auto_imports()]


def _importable_path(path: str) -> str:
    module, name = path.rsplit(".", 1)
    if hasattr(sys.modules.get(module), name):
        return path
    return f"{module}.models.{name}"
