"""The kinds of notice the product sends. Each app declares its own in a `notices.py` module, found at start-up.

A required notice (a decision, a deadline of the person's own work) always goes out; an optional one (most
reminders) goes out unless the person turned it off on their preferences page.
"""

from collections.abc import Callable
from dataclasses import dataclass

# What every notice's edited text may use: `{recipient_name}`, etc. (see texts.placeholder_values).
COMMON_PLACEHOLDERS = ("recipient_name", "recipient_email", "cohort", "link", "site_url")


@dataclass(frozen=True)
class Notice:
    """A kind of e-mail. A program manager may replace its text for a cohort (`texts.py`): the text then uses
    the common placeholders and `placeholders`, pairs of a name and the dotted path of its value in the
    notice's context (read in code, never typed by a user). `samples(cohort)` gives the (recipient, context)
    pairs the preview offers; without it, the cohort's members with the cohort alone."""

    name: str  # also the template name: templates/emails/<name>.txt, .html and _subject.txt
    label: str  # what the preferences page calls it
    optional: bool = False
    placeholders: tuple[tuple[str, str], ...] = ()
    samples: Callable | None = None

    @property
    def placeholder_names(self) -> tuple[str, ...]:
        return COMMON_PLACEHOLDERS + tuple(name for name, _ in self.placeholders)


_notices: dict[str, Notice] = {}


def register(*notices: Notice) -> None:
    for notice in notices:
        _notices[notice.name] = notice


def get(name: str) -> Notice:
    try:
        return _notices[name]
    except KeyError:
        raise LookupError(f"No notice named {name!r}; declare it in the app's notices.py.") from None


def optional_notices() -> list[Notice]:
    return sorted((n for n in _notices.values() if n.optional), key=lambda n: n.label)


def all_notices() -> list[Notice]:
    return sorted(_notices.values(), key=lambda n: n.label)
