"""A private Redis and a private PostgreSQL cluster for tests that break their services.

A fault test stops, restarts or hangs the Redis and PostgreSQL it runs against; these must be its own, started
on free ports in a temporary folder and thrown away afterwards, never the machine's (127.0.0.1:6379 and
:5432), which other work on the machine relies on. Use them by importing the fixtures into a conftest.py:

    from ..services import private_cluster, private_postgres, private_redis  # noqa: F401

`private_redis` is a running redis-server (`.url`, `.stop()`, `.start()`, `.hang()`, `.resume()`);
`private_postgres` is a running PostgreSQL cluster with a migrated database that the test's own database
connection uses until the test ends (`.url` for a server or worker process, `.stop()`, `.start()`).

Where the binaries are missing the tests are skipped, except when REQUIRE_SERVICES=true (the PostgreSQL +
Redis leg of CI), where they fail.
"""

import os
import pwd
import shutil
import signal
import socket
import subprocess
import tempfile
import time
from contextlib import contextmanager
from glob import glob
from pathlib import Path

import psycopg
import pytest
import redis

TEMPLATE = "cto_mentor_template"


def skip_or_fail(reason):
    """Skip where the services are not expected; fail where .ci/run promised them (REQUIRE_SERVICES)."""
    if os.environ.get("REQUIRE_SERVICES") == "true":
        pytest.fail(f"REQUIRE_SERVICES is set but {reason}", pytrace=False)
    pytest.skip(reason)


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, what, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.1)
    raise AssertionError(f"timed out after {timeout}s waiting for {what}")


class PrivateRedis:
    """A redis-server on a free port that keeps nothing on disk."""

    def __init__(self, executable, directory):
        self.executable, self.directory = executable, directory
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def answers(self):
        try:
            return redis.Redis(port=self.port, socket_timeout=1).ping()
        except redis.RedisError:
            return False

    def start(self):
        self.process = subprocess.Popen(  # noqa: S603 - our own command line
            [
                self.executable,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--logfile",
                str(self.directory / "redis.log"),
            ],
        )
        wait_until(self.answers, f"the private redis-server on port {self.port}")

    def stop(self):
        """Stop it as a crash would: connections drop, nothing is saved."""
        if self.process is None:
            return
        self.process.send_signal(signal.SIGCONT)  # a hung server cannot act on SIGTERM
        self.process.kill()
        self.process.wait(timeout=10)
        self.process = None

    def hang(self):
        """The server keeps its connections and accepts new ones, but answers nothing until resume()."""
        self.process.send_signal(signal.SIGSTOP)

    def resume(self):
        self.process.send_signal(signal.SIGCONT)


class PrivatePostgres:
    """A throw-away PostgreSQL cluster on a free port, trusting local connections, without fsync.

    PostgreSQL refuses to run as root; as root the cluster belongs to the `postgres` user, as PostgreSQL's own
    packages arrange it."""

    def __init__(self, bindir, directory, owner):
        self.bindir, self.directory, self.owner = bindir, directory, owner
        self.port = free_port()
        self.data = directory / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/cto_mentor"

    def run(self, program, *args):
        as_owner = ["runuser", "-u", self.owner, "--"] if self.owner else []
        command = [*as_owner, str(self.bindir / program), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=60)  # noqa: S603 - our own
        if done.returncode != 0:
            raise AssertionError(f"{' '.join(command)} failed:\n{done.stdout}{done.stderr}")

    def create(self):
        if self.owner:
            shutil.chown(self.directory, user=self.owner)
        self.run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            "postgres",
            "--auth=trust",
            "-E",
            "UTF8",
            "--locale=C.UTF-8",
            "--no-sync",
        )
        self.start()

    def execute(self, statement):
        """Run one statement outside a transaction (CREATE DATABASE cannot run in one)."""
        with psycopg.connect(host="127.0.0.1", port=self.port, user="postgres", autocommit=True) as admin:
            admin.execute(statement)

    def start(self):
        options = (
            f"-p {self.port} -c listen_addresses=127.0.0.1 -c unix_socket_directories={self.directory}"
            " -c fsync=off -c full_page_writes=off"
        )
        self.run(
            "pg_ctl",
            "-D",
            str(self.data),
            "-l",
            str(self.directory / "postgres.log"),
            "-w",
            "-o",
            options,
            "start",
        )

    def stop(self):
        """A fast shutdown, as in a restart by an administrator: open connections are closed, this test
        process's own with them (Django opens a new one when next asked)."""
        from django.db import connection

        connection.close()
        self.run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def running(self):
        return (self.data / "postmaster.pid").exists()


def postgres_bindir():
    """Where initdb and pg_ctl are: on PATH, or in Debian's /usr/lib/postgresql/<version>/bin (the newest)."""
    if shutil.which("initdb"):
        return Path(shutil.which("initdb")).resolve().parent  # Debian links it from /usr/lib/postgresql
    found = glob("/usr/lib/postgresql/*/bin/initdb")
    if not found:
        return None
    return Path(max(found, key=lambda path: int(Path(path).parts[-3]))).parent


def postgres_owner():
    """None when we may run PostgreSQL ourselves; the `postgres` user when we are root."""
    if os.geteuid() != 0:
        return None
    try:
        pwd.getpwnam("postgres")
    except KeyError:
        skip_or_fail("the tests run as root and there is no `postgres` user to own a private cluster")
    return "postgres"


@pytest.fixture
def private_redis():
    executable = shutil.which("redis-server")
    if not executable:
        skip_or_fail("redis-server is not installed (Debian: apt-get install redis-server)")
    with tempfile.TemporaryDirectory(prefix="cto-mentor-redis-") as directory:
        server = PrivateRedis(executable, Path(directory))
        server.start()
        try:
            yield server
        finally:
            server.stop()


@contextmanager
def default_database(port, name):
    """Django's default connection on the private cluster's database `name` inside the block."""
    from django.contrib.contenttypes.models import ContentType
    from django.db import connection

    own_database = dict(connection.settings_dict)
    connection.close()
    connection.settings_dict.update(NAME=name, USER="postgres", PASSWORD="", HOST="127.0.0.1", PORT=str(port))
    ContentType.objects.clear_cache()  # the ids it keeps are the other database's
    try:
        yield
    finally:
        connection.close()
        connection.settings_dict.clear()
        connection.settings_dict.update(own_database)
        ContentType.objects.clear_cache()


@pytest.fixture(scope="session")
def private_cluster(django_db_setup, django_db_blocker):
    """One private cluster for the run, with a migrated template database: migrating takes seconds, copying
    the template for each test does not."""
    from django.core.management import call_command
    from django.db import connection

    if connection.vendor != "postgresql":
        skip_or_fail("the private PostgreSQL cluster needs the PostgreSQL leg (DATABASE_URL)")
    bindir = postgres_bindir()
    if bindir is None:
        skip_or_fail("PostgreSQL's initdb is not installed (Debian: apt-get install postgresql)")
    directory = Path(tempfile.mkdtemp(prefix="cto-mentor-postgres-"))
    cluster = PrivatePostgres(bindir, directory, postgres_owner())
    try:
        cluster.create()
        cluster.execute(f"CREATE DATABASE {TEMPLATE}")
        with django_db_blocker.unblock(), default_database(cluster.port, TEMPLATE):
            call_command("migrate", verbosity=0)
        yield cluster
    finally:
        if cluster.running():
            cluster.stop()
        shutil.rmtree(directory)


@pytest.fixture
def private_postgres(private_cluster, transactional_db):
    """The private cluster with a fresh migrated database `cto_mentor`, which is also the test's default
    database until the test ends, so factories and assertions see what a server or worker given `.url` sees."""
    private_cluster.execute(f"CREATE DATABASE cto_mentor TEMPLATE {TEMPLATE}")
    try:
        with default_database(private_cluster.port, "cto_mentor"):
            yield private_cluster
    finally:
        if not private_cluster.running():
            private_cluster.start()
        private_cluster.execute("DROP DATABASE cto_mentor WITH (FORCE)")
