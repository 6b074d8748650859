"""How the base finds what the feature apps contribute without importing any of them by name.

An app contributes by having a module of an agreed name (`dashboard.py`, `insights.py`, `demo.py`,
`load_data.py`, `reminders.py`, `notices.py`); the base imports that module of every installed app, the way
the Django admin finds each app's `admin.py`.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib import import_module
from types import ModuleType

from django.apps import apps
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import module_has_submodule


@cache
def app_modules(name: str) -> list[ModuleType]:
    """Each installed app's module called `name`, in the order of INSTALLED_APPS."""
    return [
        import_module(f"{config.name}.{name}")
        for config in apps.get_app_configs()
        if module_has_submodule(config.module, name)
    ]


@dataclass(frozen=True)
class Step:
    """One app's part of a larger job (the demo data, the load data): `run` after the steps named in `after`."""

    name: str
    run: Callable
    after: tuple[str, ...] = ()


class Steps:
    """The steps that the apps' modules called `module` register, run in the order their dependencies allow."""

    def __init__(self, module: str):
        self.module = module
        self._steps: dict[str, Step] = {}

    def register(self, *steps: Step) -> None:
        for step in steps:
            self._steps[step.name] = step

    def in_order(self) -> list[Step]:
        """Every step after those it names; among steps free to run, the first registered (the order of
        INSTALLED_APPS) goes first, so the order is the same on every run."""
        app_modules(self.module)
        done, ordered, waiting = set(), [], list(self._steps.values())
        while waiting:
            ready = next((step for step in waiting if done.issuperset(step.after)), None)
            if ready is None:
                names = ", ".join(f"{s.name} (after {', '.join(s.after)})" for s in waiting)
                raise ImproperlyConfigured(
                    f"These {self.module} steps wait on a missing step or each other: {names}"
                )
            waiting.remove(ready)
            ordered.append(ready)
            done.add(ready.name)
        return ordered
