"""A real Celery worker (and beat) against the real Redis and the PostgreSQL test database.

These tests need the PostgreSQL + Redis leg (DATABASE_URL and REDIS_URL): a worker process cannot see the
SQLite test database, which lives in the test process's memory. Without them they are skipped with the reason
shown; with REDIS_URL set and Redis not answering they fail.
"""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import redis
from django.conf import settings
from django.db import connection

from cto_mentor.celery import app as celery_app

from ..services import private_cluster, private_postgres  # noqa: F401 (fixtures)

ROOT = Path(__file__).resolve().parents[2]


def wait_until(condition, timeout=60, interval=0.2, what="the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(interval)
    raise AssertionError(f"Timed out after {timeout}s waiting for {what}")


def database_url():
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db.get("PASSWORD") else ""
    return f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"


def skip_or_fail(reason):
    """Skip where the services are not expected; fail where .ci/run promised them (REQUIRE_SERVICES)."""
    if os.environ.get("REQUIRE_SERVICES") == "true":
        pytest.fail(f"REQUIRE_SERVICES is set but this test {reason}", pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def real_broker(transactional_db):
    if not settings.REDIS_URL:
        skip_or_fail("needs REDIS_URL: runs in the PostgreSQL + Redis leg (.ci/run)")
    if connection.vendor != "postgresql":
        skip_or_fail("needs PostgreSQL: a worker process cannot see the in-memory SQLite test database")
    client = redis.Redis.from_url(settings.REDIS_URL, socket_timeout=2)
    try:
        client.ping()
    except redis.RedisError as error:
        pytest.fail(f"REDIS_URL is set but Redis does not answer: {error}", pytrace=False)
    client.flushdb()
    eager, celery_app.conf.task_always_eager = celery_app.conf.task_always_eager, False
    yield client
    celery_app.conf.task_always_eager = eager
    client.flushdb()


@pytest.fixture
def mail_dir(tmp_path):
    path = tmp_path / "mail"
    path.mkdir()
    return path


@pytest.fixture
def app_env(mail_dir):
    """The environment of a process of the app, as production would run it, on the test database."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cto_mentor.settings",
        "DEBUG": "false",
        "SECRET_KEY": "worker-test-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "ALLOWED_HOSTS": "testserver",
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url(),
        "REDIS_URL": settings.REDIS_URL,
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "EMAIL_BACKEND": "tests.mail_backends.HangOnceFileBackend",
    }
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    return env


class Processes:
    def __init__(self, env, log_dir):
        self.env, self.log_dir, self.running = env, log_dir, []

    def start(self, name, *args, ready_text=None):
        log = self.log_dir / f"{name}.log"
        process = subprocess.Popen(  # noqa: S603 - our own command line
            [sys.executable, "-m", "celery", "-A", "cto_mentor", *args],
            cwd=ROOT,
            env=self.env,
            stdout=log.open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        process.log = log
        self.running.append(process)
        if ready_text:
            wait_until(lambda: ready_text in log.read_text(), timeout=60, what=f"{name} to start ({log})")
        return process

    def worker(self, name, concurrency=1):
        return self.start(
            name,
            "worker",
            "--loglevel=INFO",
            f"--concurrency={concurrency}",
            f"--hostname={name}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
            ready_text="ready.",
        )

    def beat(self, name):
        return self.start(
            name,
            "beat",
            "--loglevel=INFO",
            "--pidfile=",
            f"--schedule={self.log_dir / name}.db",
            "--max-interval=1",
            ready_text="beat: Starting...",
        )

    def kill(self, process):
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=30)
        self.running.remove(process)

    def stop_all(self):
        for process in self.running:
            try:
                os.killpg(process.pid, signal.SIGTERM)
                process.wait(timeout=20)
            except (ProcessLookupError, subprocess.TimeoutExpired):
                os.killpg(process.pid, signal.SIGKILL)
        self.running = []


@pytest.fixture
def processes(real_broker, app_env, tmp_path):
    running = Processes(app_env, tmp_path)
    yield running
    running.stop_all()


def delivered(mail_dir) -> list[str]:
    """The outbox ids of every e-mail the file backend wrote, one entry per e-mail (duplicates included)."""
    ids = []
    for path in mail_dir.glob("*.log"):
        for line in path.read_text().splitlines():
            if line.startswith("X-Outbox-Message: "):
                ids.append(line.split(": ", 1)[1])
    return ids


def post_in_app_process(app_env, path, data, *, redis_url, as_user=None):
    """POST `data` to `path` in a process of the app whose broker is `redis_url` (signed in as `as_user`).
    Returns the status code as text, the seconds the POST took and the output. The view is looked up first,
    so the process's one-off imports of the project's modules are not counted."""
    code = (
        "import time; from django.test import Client; from cto_mentor.users.models import User; "
        "client = Client(); "
        + (f"client.force_login(User.objects.get(pk={as_user.pk})); " if as_user else "")
        + f"from django.urls import resolve; resolve({path!r}); "
        + f"started = time.monotonic(); response = client.post({path!r}, {data!r}); "
        "print('POSTED', response.status_code, round(time.monotonic() - started, 2))"
    )
    result = subprocess.run(  # noqa: S603 - our own command line
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={**app_env, "REDIS_URL": redis_url},
        capture_output=True,
        text=True,
        timeout=120,
    )
    posted = [line.split() for line in result.stdout.splitlines() if line.startswith("POSTED ")]
    _, status, seconds = posted[-1] if posted else ("POSTED", "-", "0")
    return status, float(seconds), result.stdout + result.stderr
