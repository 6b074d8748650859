"""`{% address "app:view" arg ... %}`: the address `{% url "app:view" arg ... %}` writes, for lists that link
each of their rows. Reversing an address runs the resolver's look-ups (the active language, the script prefix,
the namespace) every time; here a view's address is reversed once for its other arguments (a cohort's slug) and
each row's integer ids are put in their places. Templates load it as `{% load addresses %}` (settings.TEMPLATES).
"""

import functools

from django import template
from django.urls import get_script_prefix, reverse

register = template.Library()

# Ids no row has: where each stands in the reversed address, a row's id goes.
PLACEHOLDERS = (2147483647, 2147483646, 2147483645)


def _is_id(arg) -> bool:
    return isinstance(arg, int) and not isinstance(arg, bool)


@functools.lru_cache(maxsize=4096)
def _pieces(viewname: str, script_prefix: str, fixed_args: tuple) -> tuple[str, ...]:
    """The address of `viewname` cut around each id, given as None among `fixed_args`."""
    placeholders = iter(PLACEHOLDERS)
    args = [next(placeholders) if arg is None else arg for arg in fixed_args]
    rest = reverse(viewname, args=args)
    pieces = []
    for placeholder in PLACEHOLDERS[: fixed_args.count(None)]:
        piece, _, rest = rest.partition(str(placeholder))
        pieces.append(piece)
    return (*pieces, rest)


@register.simple_tag
def address(viewname: str, *args) -> str:
    pieces = _pieces(viewname, get_script_prefix(), tuple(None if _is_id(arg) else arg for arg in args))
    ids = [str(arg) for arg in args if _is_id(arg)]
    return "".join(piece + id_ for piece, id_ in zip(pieces, [*ids, ""], strict=True))
