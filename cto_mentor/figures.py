"""Figures counted from many rows (a cohort's dashboard), kept in the cache until what they count changes.

Each figure is kept with the generation it was counted in: the cohort's generation is a random token under
one key, and the services that change what a cohort's figures count call `forget(cohort_id)`, which deletes
the token once their transaction commits, so the next visit finds a new generation and counts afresh. A
visit reads the token and the figure in one round trip to the cache. A figure is also kept at most
KEEP_SECONDS, so a change made past the services (the back office) shows within minutes.

The cache only saves time: when it fails or hangs, figures are counted afresh and this process leaves the
cache alone for a while, so a request waits for its timeout once, not at every call.
"""

import logging
import time
from collections.abc import Callable
from uuid import uuid4

from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

KEEP_SECONDS = 300
PAUSE_AFTER_FAILURE = 30.0

_paused_until = 0.0


def kept(cohort_id: int, name: str, count: Callable):
    """The cohort's figures called `name`: kept ones, or `count()`'s, then kept."""
    generation_key, key = _generation_key(cohort_id), f"figures:{cohort_id}:{name}"
    found = _cache_call(cache.get_many, [generation_key, key])
    if found is None:
        return count()
    generation = found.get(generation_key) or _cache_call(
        cache.get_or_set, generation_key, uuid4().hex, KEEP_SECONDS
    )
    if generation is None:
        return count()
    kept_generation, figures = found.get(key, (None, None))
    if kept_generation != generation:
        figures = count()
        _cache_call(cache.set, key, (generation, figures), KEEP_SECONDS)
    return figures


def forget(cohort_id: int) -> None:
    """Count the cohort's figures afresh at the next visit (once the current transaction commits)."""
    transaction.on_commit(lambda: _cache_call(cache.delete, _generation_key(cohort_id)))


def _generation_key(cohort_id: int) -> str:
    return f"figures:{cohort_id}"


def _cache_call(method, *args):
    global _paused_until
    if time.monotonic() < _paused_until:
        return None
    try:
        return method(*args)
    except Exception:
        _paused_until = time.monotonic() + PAUSE_AFTER_FAILURE
        logger.warning("The cache failed; figures are counted afresh for a while.", exc_info=True)
        return None


def reset() -> None:
    """Try the cache again at the next call (after a test that made it fail)."""
    global _paused_until
    _paused_until = 0.0
