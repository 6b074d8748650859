"""Signed-in people's pages, kept for a minute and served again while the data has not changed.

A GET of an HTML page by a signed-in person is kept under their user id and the page's address, with the
data version (data_version.py) and the minute it was rendered. It is served again to the same person only
while both still hold: any write gives the data a new version, and the minute keeps what pages say about
time ("due today", "in 2 hours") current. What a page shows depends on who asks, what is in the database
and the time, and on nothing else (no page reads a cookie or the session for its content), so a kept page is
the page the view would render. The forms on a served page get a fresh CSRF token.

Not kept: anything but a 200 HTML response, streamed responses and downloads, responses that set a cookie,
change the session, add a message or say no-store (the admin, sign-in); pages with a message waiting to be
shown are always rendered. On only with a cache that every process shares (PAGE_CACHE in the settings).
"""

import hashlib
import logging
import re
from dataclasses import dataclass

from django.conf import settings
from django.contrib.messages import get_messages
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils import timezone

from cto_mentor.page_cache import data_version

logger = logging.getLogger(__name__)

KEEP_SECONDS = 60
CSRF_VALUE = re.compile(rb'(?<=name="csrfmiddlewaretoken" value=")[^"]*')


@dataclass(frozen=True)
class KeptPage:
    version: str
    minute: int
    content: bytes
    headers: list[tuple[str, str]]

    def response(self, request):
        response = HttpResponse(_with_fresh_csrf_tokens(request, self.content))
        for name, value in self.headers:
            response[name] = value
        return response


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not _may_be_kept(request):
            return self.get_response(request)
        key = _page_key(request)
        try:
            found = cache.get_many([key, data_version.VERSION_KEY])
            version = found.get(data_version.VERSION_KEY) or data_version.current()
        except Exception:  # noqa: BLE001 - without the cache, pages are rendered as if there were none
            logger.warning("Page cache unavailable", exc_info=True)
            return self.get_response(request)
        kept, minute = found.get(key), _minute()
        if kept is not None and kept.version == version and kept.minute == minute:
            return kept.response(request)
        response = self.get_response(request)
        if _keepable(request, response):
            _keep(key, KeptPage(version, minute, response.content, list(response.items())))
        return response


def _may_be_kept(request):
    return (
        settings.PAGE_CACHE
        and request.method == "GET"
        and request.user.is_authenticated
        and not len(get_messages(request))  # a message waiting to be shown: the page must be rendered
    )


def _page_key(request):
    address = hashlib.sha256(request.build_absolute_uri().encode()).hexdigest()
    # "1" is KeptPage's shape: change it with KeptPage's fields, so no page kept by older code is read back.
    return f"page-cache:page1:{request.user.pk}:{address}"


def _minute():
    return int(timezone.now().timestamp()) // 60


def _keepable(request, response):
    return (
        response.status_code == 200
        and not response.streaming
        and response.get("Content-Type", "").startswith("text/html")
        and not response.has_header("Content-Disposition")
        and "no-store" not in response.get("Cache-Control", "")
        and not response.cookies
        and not request.session.modified
        and not get_messages(request).added_new
    )


def _keep(key, page):
    try:
        cache.set(key, page, KEEP_SECONDS)
    except Exception:  # noqa: BLE001 - the page was served; only keeping it failed
        logger.warning("Page cache unavailable", exc_info=True)


def _with_fresh_csrf_tokens(request, content):
    if b"csrfmiddlewaretoken" not in content:
        return content
    token = get_token(request).encode()
    return CSRF_VALUE.sub(token, content)
