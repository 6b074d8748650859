"""Settings for scripts/bench_pages.py: the product's own settings (DEBUG off, as in production) with a URL
configuration that adds one bare view, so the product's urls never gain a benchmark page."""

import os
import tempfile

from cto_mentor.settings import *  # noqa: F403

ROOT_URLCONF = "scripts.bench_urls"
# Collected once by the benchmark into a throw-away folder; whitenoise serves them as in production.
STATIC_ROOT = os.environ.get("BENCH_STATIC_ROOT", os.path.join(tempfile.gettempdir(), "cto-pagebench-static"))
