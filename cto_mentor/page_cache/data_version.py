"""The data version: a token that changes whenever anything a page could show is written.

Every statement that writes a row (INSERT, UPDATE, DELETE, TRUNCATE) through one of Django's database
connections gives the data a new version: the ORM's saves and deletes, bulk operations, `QuerySet.update()`
and raw SQL alike, from the web, a Celery worker or a management command. A write inside a transaction moves
the version on twice, right after the statement and again once the transaction commits, so a page rendered
from the data before the commit can never be kept under the version that follows it.
"""

import logging
import re
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

logger = logging.getLogger(__name__)

VERSION_KEY = "page-cache:data-version"
WRITE = re.compile(
    r"\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM|TRUNCATE)\s+(?:TABLE\s+)?\"?(\w+)", re.IGNORECASE
)
# Written on every sign-in and by the lock-out bookkeeping; no page shows them.
UNSHOWN_TABLES = ("django_session", "axes_")


def current():
    """The data version now: a new one when the cache has none (first use, a flushed or restarted cache)."""
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, uuid.uuid4().hex, timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def move_on():
    """Give the data a new version, so no page kept under the last one is served again."""
    # A cache outage must not fail the write; what it leaves kept is served until the minute is over at most.
    try:
        cache.set(VERSION_KEY, uuid.uuid4().hex, timeout=None)
    except Exception:  # noqa: BLE001
        logger.warning("Could not move the page cache's data version on", exc_info=True)


def changes_pages(sql, rowcount=-1):
    write = WRITE.match(sql)
    if write is None or write[1].startswith(UNSHOWN_TABLES):
        return False
    # A statement that matched no row changed nothing, as when there is no notice to mark read; but SQLite
    # counts the rows of an INSERT ... RETURNING only as they are fetched.
    return rowcount != 0 or " RETURNING " in sql


def _after_writes(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if settings.PAGE_CACHE and changes_pages(sql, context["cursor"].rowcount):
        move_on()
        connection = context["connection"]
        if connection.in_atomic_block:
            transaction.on_commit(move_on, using=connection.alias)
    return result


def watch_writes(sender, connection, **kwargs):
    """Installed on each new database connection (the connection_created signal)."""
    if _after_writes not in connection.execute_wrappers:
        connection.execute_wrappers.append(_after_writes)
