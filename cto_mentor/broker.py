"""Handing tasks to the broker without ever holding a request up for long.

Work that must not be lost (an e-mail, a background job) is written to the database first; handing its task
to Redis only makes it happen sooner, and a periodic sweep hands over whatever was not. So a broker that
refuses or hangs is logged and skipped, and after one failure this process stops trying for a while (a
circuit breaker): a form that queues several e-mails waits for the broker's timeout once, not once each.
"""

import logging
import time

logger = logging.getLogger(__name__)

PAUSE_AFTER_FAILURE = 30.0  # seconds without trying the broker again in this process

_closed_until = 0.0


def hand_over(task, *args, sweep: str) -> bool:
    """Queue `task(*args)`; returns False, logging why, when the broker is down or was down a moment ago."""
    global _closed_until
    if time.monotonic() < _closed_until:
        logger.info("Broker paused after a failure; %s%s is left to the %s.", task.name, args, sweep)
        return False
    try:
        task.apply_async(args=list(args))
    except Exception:
        _closed_until = time.monotonic() + PAUSE_AFTER_FAILURE
        logger.warning("Could not queue %s%s; the %s will do it.", task.name, args, sweep, exc_info=True)
        return False
    return True


def reset() -> None:
    """Try the broker at the next hand-over (after a test, or once it is known to be back)."""
    global _closed_until
    _closed_until = 0.0
