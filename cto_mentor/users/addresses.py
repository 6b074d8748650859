"""Whether two e-mail addresses reach the same mailbox, however they are spelt; whether a name is a link."""

import re

# A host name: labels in any script, dots including the ideographic and full-width ones that mail clients
# read as dots (пример.рф, evil。com).
LINK = re.compile(r"://|www\.|\b[\w-]+[.\u3002\uff0e\uff61][^\W\d_]{2,}\b", re.IGNORECASE)
# Providers that ignore dots in the local part (j.doe@gmail.com is jdoe@gmail.com).
DOTLESS_DOMAINS = {"gmail.com", "googlemail.com"}


def mailbox(address: str) -> str:
    """The address with the spelling a mail server ignores taken out: case, a `+tag`, Gmail's dots."""
    local, _, domain = address.strip().lower().rpartition("@")
    local = local.split("+", 1)[0]
    if domain in DOTLESS_DOMAINS:
        local, domain = local.replace(".", ""), "gmail.com"
    return f"{local}@{domain}"


def same_mailbox(first: str, second: str) -> bool:
    return mailbox(first) == mailbox(second)


def contains_link(text: str) -> bool:
    """Whether a name someone typed could reach an inbox as a clickable web address (example.com, www.…)."""
    return LINK.search(text) is not None
