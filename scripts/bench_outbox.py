"""Outbox benchmark: queue 10,000 meeting reminders, deliver them with 2 Celery worker processes, and print
how long delivery took and how many e-mails were duplicated (which must be 0).

    .venv/bin/python scripts/bench_outbox.py [--count 10000] [--workers 2]

Needs PostgreSQL and Redis (defaults: the local ones); it creates and drops its own database `cto_bench` and
uses Redis database 9. E-mails are written by Django's file backend into a temporary folder.
"""

import argparse
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DATABASE_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/cto_bench")
REDIS_URL = os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    args = parser.parse_args()
    mail_dir = Path(tempfile.mkdtemp(prefix="cto-bench-mail-"))
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "cto_mentor.settings",
        "DEBUG": "false",
        "SECRET_KEY": "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
        "DATABASE_URL": DATABASE_URL,
        "REDIS_URL": REDIS_URL,
        "EMAIL_URL": f"filemail:///{mail_dir}",
        "LOG_LEVEL": "WARNING",
    }
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    recreate_database()
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import redis

    redis.Redis.from_url(REDIS_URL).flushdb()
    meeting = make_meeting_with_candidates(args.count)

    from cto_mentor.notifications.models import Message, Status
    from cto_mentor.notifications.reminders import send_due_reminders

    started = time.monotonic()
    queued = send_due_reminders(now=meeting.starts_at - timedelta(hours=24))
    queue_seconds = time.monotonic() - started
    print(f"queued {queued} reminders in {queue_seconds:.1f} s ({queued / queue_seconds:.0f}/s)")

    workers = [start_worker(env, n) for n in range(args.workers)]
    started = time.monotonic()
    try:
        while Message.objects.exclude(status=Status.SENT).exists():
            time.sleep(0.5)
            if any(worker.poll() is not None for worker in workers):
                raise SystemExit("a worker exited before the outbox was sent; its output is above")
            if time.monotonic() - started > 1800:
                raise SystemExit("gave up after 30 minutes")
        deliver_seconds = time.monotonic() - started
        time.sleep(2)  # let any duplicate task that was still queued run
    finally:
        for worker in workers:
            os.killpg(worker.pid, signal.SIGTERM)
            worker.wait(timeout=60)
    counts = Counter(outbox_ids(mail_dir))
    duplicates = sum(n - 1 for n in counts.values())
    print(
        f"delivered {len(counts)} e-mails with {args.workers} worker processes in {deliver_seconds:.1f} s "
        f"({len(counts) / deliver_seconds:.0f}/s)"
    )
    print(f"duplicates: {duplicates}")
    print(f"missing: {queued - len(counts)}")
    return 1 if duplicates or queued != len(counts) else 0


def recreate_database():
    import psycopg

    name = DATABASE_URL.rsplit("/", 1)[1]
    with psycopg.connect(DATABASE_URL.rsplit("/", 1)[0] + "/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        connection.execute(f'CREATE DATABASE "{name}"')


def make_meeting_with_candidates(count):
    from datetime import date, datetime
    from datetime import time as clock
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    from cohorts.models import Cohort, Membership, Program, Role
    from cto_mentor.users.models import User
    from sessions.models import ClassSession, Meeting

    pacific = ZoneInfo("America/Los_Angeles")
    today = timezone.localdate()
    program = Program.objects.create(name="CTO Mentor Program", slug="cto", organization="CETPA")
    cohort = Cohort.objects.create(
        program=program,
        name="Benchmark cohort",
        slug="bench",
        applications_open=datetime(today.year - 1, 1, 1, tzinfo=pacific),
        applications_close=datetime(today.year - 1, 2, 1, 17, tzinfo=pacific),
        selection_date=date(today.year - 1, 3, 1),
        notification_date=date(today.year - 1, 3, 8),
        classes_start=today - timedelta(days=60),
        commencement=today + timedelta(days=200),
    )
    unusable_password = "!"  # noqa: S105 - nobody logs in as these people
    users = User.objects.bulk_create(
        User(
            email=f"candidate{n}@example.org",
            first_name="Candidate",
            last_name=str(n),
            password=unusable_password,
        )
        for n in range(count)
    )
    Membership.objects.bulk_create(Membership(cohort=cohort, user=u, role=Role.CANDIDATE) for u in users)
    session = ClassSession.objects.create(cohort=cohort, number=5, title="Personnel Management")
    start = datetime.combine(today + timedelta(days=3), clock(8), tzinfo=pacific)
    return Meeting.objects.create(session=session, starts_at=start, ends_at=start + timedelta(hours=8))


def start_worker(env, number):
    return subprocess.Popen(  # noqa: S603 - our own command line
        [
            sys.executable,
            "-m",
            "celery",
            "--quiet",  # a global option in Celery 5, before the command; as a worker option it stopped the worker
            "-A",
            "cto_mentor",
            "worker",
            "--concurrency=1",
            "--loglevel=WARNING",
            f"--hostname=bench{number}@%h",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        start_new_session=True,
    )


def outbox_ids(mail_dir):
    for path in mail_dir.glob("*.log"):
        for line in path.read_text().splitlines():
            if line.startswith("X-Outbox-Message: "):
                yield line.split(": ", 1)[1]


if __name__ == "__main__":
    sys.exit(main())
