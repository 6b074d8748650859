"""Faults while the app runs: PostgreSQL or Redis stopped under a live gunicorn. The app recovers by itself
(persistent connections with CONN_HEALTH_CHECKS; the broker gives up within seconds and the outbox keeps the
e-mail) and nothing a person submitted is lost.

Each test breaks services of its own (tests/services.py: a private cluster and redis-server on free ports),
never the machine's. They need the PostgreSQL leg: a server process cannot see the in-memory SQLite test
database.
"""

import os
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.db import connection
from django.utils import timezone

from applications.models import Application, Status
from cto_mentor.notifications.models import Message
from cto_mentor.users.models import User

from ..applications.factories import CompleteApplicationFactory, NominationFactory, ResumeFactory
from ..factories import PASSWORD
from ..services import free_port

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="a server process needs the PostgreSQL test DB"
    ),
]


def wait_until(check, what, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except (OSError, requests.RequestException):
            pass
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def database_url():
    """The URL of the database this test process uses now (the private cluster's, where a test has one)."""
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


@pytest.fixture
def serve():
    """serve(redis_url) -> the address of a gunicorn worker on the test's database, as in production:
    persistent connections, health checks."""
    processes = []

    def start(redis_url):
        port = free_port()
        env = {
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "cto_mentor.settings",
            "DATABASE_URL": database_url(),
            "CONN_MAX_AGE": "600",
            # DEBUG only so that static URLs need no collectstatic run and cookies travel over plain http.
            "DEBUG": "true",
            "SECRET_KEY": "fault-tests-secret-key-" + "0123456789" * 5,
            "ALLOWED_HOSTS": "127.0.0.1",
            "PRIVATE_MEDIA_ROOT": str(settings.PRIVATE_MEDIA_ROOT),
            "REDIS_URL": redis_url,
        }
        processes.append(
            subprocess.Popen(  # noqa: S603
                [sys.executable, "-m", "gunicorn", "cto_mentor.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        base = f"http://127.0.0.1:{port}"
        wait_until(lambda: requests.get(f"{base}/accounts/login/", timeout=2).status_code == 200, "gunicorn")
        return base

    yield start
    for process in processes:
        process.terminate()
        process.wait(timeout=10)


def logged_in(base, email):
    browser = requests.Session()
    page = browser.get(f"{base}/accounts/login/", timeout=10)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    response = browser.post(
        f"{base}/accounts/login/",
        {"username": email, "password": PASSWORD, "csrfmiddlewaretoken": token},
        allow_redirects=False,
        timeout=10,
    )
    assert response.status_code == 302
    return browser


def post_form(browser, url, data):
    """Post a page's form as a browser would: the token from the page, our fields on top."""
    page = browser.get(url, timeout=10)
    assert page.status_code == 200
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text).group(1)
    return browser.post(url, {**data, "csrfmiddlewaretoken": token}, allow_redirects=False, timeout=30)


def submit(browser, base, application):
    return browser.post(
        f"{base}/applications/{application.pk}/submit/",
        {"csrfmiddlewaretoken": browser.cookies["csrftoken"]},
        allow_redirects=False,
        timeout=30,
    )


def make_applicant():
    """An applicant whose candidate application is complete and ready to submit, in the test's database."""
    application = CompleteApplicationFactory()
    ResumeFactory(application=application)
    NominationFactory(application=application, submitted_at=timezone.now(), recommendation="Strong.")
    user = application.applicant
    # The server runs the production hashers; the suite's fast MD5 hash would not let this user in there.
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return user, application


def test_postgresql_restart_loses_no_submitted_data(private_postgres, private_redis, serve):
    user, application = make_applicant()
    server = serve(private_redis.url)
    browser = logged_in(server, user.email)
    assert (
        browser.get(f"{server}/accounts/profile/", timeout=10).status_code == 200
    )  # a persistent connection

    private_postgres.stop()
    private_postgres.start()

    response = post_form(
        browser,
        f"{server}/accounts/profile/",
        {"first_name": "Restarted", "last_name": "Person", "time_zone": "America/Los_Angeles"},
    )
    assert response.status_code == 302
    assert submit(browser, server, application).status_code == 302
    assert User.objects.get(pk=user.pk).first_name == "Restarted"
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED
    assert Message.objects.filter(notice="application_submitted", recipient=user).count() == 1


def test_redis_down_and_back_loses_no_submitted_data(private_redis, serve):
    user, application = make_applicant()
    server = serve(private_redis.url)
    browser = logged_in(server, user.email)

    private_redis.stop()
    started = time.monotonic()
    assert submit(browser, server, application).status_code == 302
    assert time.monotonic() - started < 15  # the broker gives up within seconds
    assert Application.objects.get(pk=application.pk).status == Status.SUBMITTED
    message = Message.objects.get(notice="application_submitted", recipient=user)
    assert message.status == "pending"  # kept in the outbox; the sweep sends it when Redis is back
    home = browser.get(f"{server}/", timeout=30)
    assert home.status_code == 200  # pages are rendered without the page cache
    assert application.cohort.name in home.text

    private_redis.start()
    assert browser.get(f"{server}/accounts/profile/", timeout=10).status_code == 200
