"""The kinds of background job. Each app declares its own in a `jobs.py` module, found at first use; the
base runs them and shows their progress but knows none of them."""

from collections.abc import Callable
from dataclasses import dataclass

from cto_mentor.discovery import app_modules


@dataclass(frozen=True)
class JobKind:
    """`run(job)` does the work and reports progress with `services.report_progress`; it must be safe to run
    again from the start (the sweep re-runs a job whose worker died). `back(job)` is the address of the page
    the job was started from, named by `back_label`."""

    name: str
    label: str
    run: Callable
    back: Callable
    back_label: str


_kinds: dict[str, JobKind] = {}


def register(*kinds: JobKind) -> None:
    for kind in kinds:
        _kinds[kind.name] = kind


def get(name: str) -> JobKind:
    app_modules("jobs")
    try:
        return _kinds[name]
    except KeyError:
        raise LookupError(f"No background job named {name!r}; declare it in the app's jobs.py.") from None
