"""Machinery of the permission matrix: every URL pattern of the project, and what one request answers.

An outcome is the status code as text, except that a redirect to the login page reads "L". Each request runs
in a savepoint that is rolled back afterwards, so one world serves every cell; the SQL it sends is watched, so
a refused request that writes anything is caught even though its writes are undone.
"""

from django.db import connection, transaction
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

# A fixed CSRF secret, sent both as the cookie and in the form: requests pass the CSRF check honestly.
CSRF_SECRET = "abcdefghijklmnopqrstuvwxyz012345"
WRITES = ("INSERT", "UPDATE", "DELETE")
NOT_DATA = ('"django_session"', '"axes_')  # the login session and the login-attempt log


def url_names(resolver=None, namespace=""):
    """Every named URL pattern, as "namespace:name", outside the admin (staff only, tested on its own)."""
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names += url_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            assert pattern.name, f"Every URL pattern needs a name for the matrix: {pattern.pattern}"
            names.append(f"{namespace}{pattern.name}")
    return names


def urls_taking_ids(resolver=None, namespace="", route=""):
    """The names of the URL patterns with an integer id in their path."""
    resolver = resolver or get_resolver()
    names = []
    for pattern in resolver.url_patterns:
        here = route + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            if pattern.namespace != "admin":
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                names += urls_taking_ids(pattern, inner, here)
        elif "<int:" in here:
            names.append(f"{namespace}{pattern.name}")
    return names


def session_key_for(user) -> str | None:
    """Log `user` in once; each request then presents this session's cookie (a logout is rolled back)."""
    if user is None:
        return None
    client = Client()
    client.force_login(user)
    return client.session.session_key


def client_with(session_key):
    # A server error is a cell's outcome ("500"), not the end of the whole matrix.
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.cookies["csrftoken"] = CSRF_SECRET
    if session_key:
        client.cookies["sessionid"] = session_key
    return client


class _RollBack(Exception):
    pass


def outcome(response) -> str:
    if response.status_code == 302 and response["Location"].startswith(reverse("login")):
        return "L"
    return str(response.status_code)


def request(session_key, method: str, url: str):
    """(outcome, the data-changing SQL statements the request sent); its writes are undone afterwards."""
    writes = []

    def watch(execute, sql, params, many, context):
        if sql.lstrip().upper().startswith(WRITES) and not any(table in sql for table in NOT_DATA):
            writes.append(sql[:80])
        return execute(sql, params, many, context)

    client = client_with(session_key)
    result = None
    try:
        with transaction.atomic(), connection.execute_wrapper(watch):
            if method == "GET":
                response = client.get(url)
            else:
                response = client.post(url, {"csrfmiddlewaretoken": CSRF_SECRET})
            result = outcome(response)
            raise _RollBack
    except _RollBack:
        pass
    return result, writes
