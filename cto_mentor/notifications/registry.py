"""The kinds of notice the product sends. Each app declares its own in a `notices.py` module, found at start-up.

A required notice (a decision, a deadline of the person's own work) always goes out; an optional one (most
reminders) goes out unless the person turned it off on their preferences page.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Notice:
    name: str  # also the template name: templates/emails/<name>.txt, .html and _subject.txt
    label: str  # what the preferences page calls it
    optional: bool = False


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
