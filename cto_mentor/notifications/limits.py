"""Limits on how often a person, an address or a client may make the program send e-mail.

Counted in the database, so a limit holds across every web process and does not depend on Redis. A use
that is refused is not counted, and uses older than the longest period are deleted by the outbox sweep.
"""

from dataclasses import dataclass
from datetime import timedelta

from django.utils import timezone

from .models import LimitedEvent

KEEP = timedelta(days=2)


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    period: timedelta


def used(limit: Limit, key: str, *, now=None) -> int:
    now = now or timezone.now()
    return LimitedEvent.objects.filter(scope=limit.scope, key=key.lower(), at__gt=now - limit.period).count()


def allow(limit: Limit, key: str, *, now=None) -> bool:
    """Count one use of `limit` for `key` and return True, or return False when the period's uses are spent."""
    now = now or timezone.now()
    if used(limit, key, now=now) >= limit.count:
        return False
    LimitedEvent.objects.create(scope=limit.scope, key=key.lower()[:255], at=now)
    return True


def forget_old(*, now=None) -> int:
    now = now or timezone.now()
    return LimitedEvent.objects.filter(at__lt=now - KEEP).delete()[0]
