"""Page benchmark: each main page's requests/s and p50/p95 latency at 8 concurrent clients against gunicorn
and PostgreSQL holding the load data, beside two yardsticks measured in the same run: a bare Django view and
the Django admin's change list of all applications.

    .venv/bin/python scripts/bench_pages.py                 # new database cto_pagebench, full-size load data
    .venv/bin/python scripts/bench_pages.py --scale 0.05    # smaller data, for a quick look
    .venv/bin/python scripts/bench_pages.py --reuse         # keep the database (and its data) from a last run

It drops and creates the PostgreSQL database (--db, default cto_pagebench), migrates it, runs
`generate_load_data`, lets the program manager into the admin (staff, with the applications' permissions, as
the demo's manager), collects static files, starts gunicorn on 127.0.0.1 with production settings (DEBUG off,
Redis as the cache and broker; scripts/bench_settings.py only adds the bare view's URL), signs in as each role
through the login form, then measures every page for --seconds with --clients threads, every view rendered.
Each page's throughput is printed as a multiple of the bare view's and of the admin change list's (the target:
at least 5x the admin's, with p95 under 100 ms), with the CPU time each request cost the gunicorn workers,
PostgreSQL (all its processes on this machine) and the client threads: with the machine's cores all busy,
requests/s is about the cores' 2,000 ms a second over that sum. Then a few pages on a new database
connection per request (CONN_MAX_AGE=0; the production setting is 60). Each page is seen by one person of its
role from every client, except the candidates' home page that a different candidate sees from each client.
Last, the applications CSV export over all 20,000 applications, twice on one gunicorn worker: time, and the
worker's peak RSS. Results only: it asserts nothing about speed.
"""

import argparse
import contextlib
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import redis
import requests

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")
PG = "postgres://postgres@127.0.0.1:5432"
BARE = "bare view"
ADMIN = "admin: applications change list"
TARGET_P95_MS = 100
TARGET_TIMES_ADMIN = 5


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default="cto_pagebench")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--reuse", action="store_true", help="Keep the database and its load data.")
    parser.add_argument("--workers", type=int, default=3, help="gunicorn sync workers (2-4 on 2 cores).")
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--seconds", type=float, default=6.0, help="Measuring time per page.")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument(
        "--no-conn-age-0", action="store_true", help="Skip the run without persistent connections."
    )
    parser.add_argument("--no-export", action="store_true", help="Skip the CSV export measurement.")
    parser.add_argument(
        "--redis",
        default="redis://127.0.0.1:6379/1",
        help="Redis for the cache and the task broker, as in production.",
    )
    return parser.parse_args()


def environment(args, conn_max_age):
    env = dict(os.environ)
    env.update(
        REDIS_URL=args.redis,
        DATABASE_URL=f"{PG}/{args.db}",
        DJANGO_SETTINGS_MODULE="scripts.bench_settings",
        DEBUG="false",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        # Plain http on 127.0.0.1, as behind a TLS-terminating proxy: no redirect, cookies sent over http.
        SECURE_SSL_REDIRECT="false",
        SESSION_COOKIE_SECURE="false",
        CSRF_COOKIE_SECURE="false",
        CONN_MAX_AGE=str(conn_max_age),
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env, *command):
    subprocess.run([PYTHON, "manage.py", *command], cwd=ROOT, env=env, check=True)  # noqa: S603


def prepare_database(args, env):
    if args.reuse:
        return
    with psycopg.connect(f"{PG}/postgres", autocommit=True) as connection:
        connection.execute(f'DROP DATABASE IF EXISTS "{args.db}"')
        connection.execute(f'CREATE DATABASE "{args.db}"')
    manage(env, "migrate", "--verbosity", "0")
    started = time.monotonic()
    manage(env, "generate_load_data", "--scale", str(args.scale))
    print(f"generate_load_data --scale {args.scale}: {time.monotonic() - started:.0f} s", flush=True)


class Server:
    def __init__(self, args, env):
        self.address = ("127.0.0.1", args.port)
        self.base = f"http://127.0.0.1:{args.port}"
        self.postmaster = postmaster_pid(env["DATABASE_URL"])
        self.process = subprocess.Popen(  # noqa: S603 - our own fixed command
            [
                GUNICORN,
                "cto_mentor.wsgi",
                "--workers",
                str(args.workers),
                "--bind",
                f"127.0.0.1:{args.port}",
                "--log-level",
                "warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=open(Path(tempfile.gettempdir()) / "cto-pagebench-gunicorn.log", "a"),  # noqa: SIM115
        )
        for _ in range(100):
            try:
                requests.get(f"{self.base}/bench/bare/", timeout=10)
                return
            except requests.RequestException:
                time.sleep(0.5)
        self.stop()
        raise SystemExit("gunicorn did not start")

    def worker_pids(self):
        return children(self.process.pid)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=30)


def postmaster_pid(database_url):
    """PostgreSQL's postmaster on this machine: the parent of a connection's server process."""
    with psycopg.connect(database_url) as connection:
        backend = connection.execute("SELECT pg_backend_pid()").fetchone()[0]
    status = Path(f"/proc/{backend}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines() if line.startswith("PPid:")))


def cpu_seconds(pid, *, with_exited_children=False):
    """CPU time (user and system) of a process from /proc, and of its exited children when asked."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    ticks = int(fields[11]) + int(fields[12])
    if with_exited_children:
        ticks += int(fields[13]) + int(fields[14])
    return ticks / os.sysconf("SC_CLK_TCK")


def children(pid):
    return [int(child) for child in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]


def cpu_split(server):
    """CPU seconds so far of the gunicorn workers ("app"), of PostgreSQL with all its processes ("db") and of
    this process, the clients ("client"): where a page's share of the machine's two cores goes."""
    postmaster = server.postmaster
    db = cpu_seconds(postmaster, with_exited_children=True)
    for pid in children(postmaster):
        with contextlib.suppress(FileNotFoundError):  # a server process that ended meanwhile
            db += cpu_seconds(pid)
    client = os.times()
    return {
        "app": sum(cpu_seconds(pid) for pid in server.worker_pids()),
        "db": db,
        "client": client.user + client.system,
    }


def log_in(base, email, password):
    session = requests.Session()
    login = f"{base}/accounts/login/"
    session.get(login)
    response = session.post(
        login,
        data={"username": email, "password": password, "csrfmiddlewaretoken": session.cookies["csrftoken"]},
        headers={"Referer": login},
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise SystemExit(f"could not sign in as {email}: {response.status_code}")
    return session.cookies.get_dict()


def set_up_django(env):
    os.environ.update({k: env[k] for k in ("DATABASE_URL", "DJANGO_SETTINGS_MODULE", "DEBUG", "SECRET_KEY")})
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def let_the_manager_into_the_admin():
    """Staff, with every permission on applications: what the demo's program manager has for corrections."""
    from django.contrib.auth.models import Permission

    from cohorts.load_data import LOGINS
    from cto_mentor.users.models import User

    manager = User.objects.get(email=LOGINS["program_manager"])
    manager.is_staff = True
    manager.save(update_fields=["is_staff"])
    manager.user_permissions.add(*Permission.objects.filter(content_type__app_label="applications"))


def pages():
    """(page, role, path) of each main page, addressed in the newest load-data cohort, after the yardsticks."""
    from django.urls import reverse

    from applications.models import Review
    from cohorts.load_data import LOGINS
    from cohorts.models import Cohort
    from cto_mentor.users.models import User
    from portfolios.models import Portfolio
    from sessions.models import Assignment, Meeting

    cohort = Cohort.objects.filter(slug__startswith="load-").order_by("-classes_start").first()
    candidate = User.objects.get(email=LOGINS["candidate"])
    portfolio = Portfolio.objects.get(cohort=cohort, candidate=candidate).pk
    slug = cohort.slug
    reviewer = User.objects.get(email=LOGINS["reviewer"])
    application = Review.objects.filter(reviewer=reviewer, application__cohort=cohort)[0].application_id
    meeting = Meeting.objects.filter(session__cohort=cohort).order_by("starts_at")[0].pk
    assignment = Assignment.objects.filter(session__cohort=cohort).order_by("due_at")[0].pk
    return [
        (BARE, None, "/bench/bare/"),
        (ADMIN, "program_manager", reverse("admin:applications_application_changelist")),
        ("home: program manager", "program_manager", reverse("home")),
        ("home: reviewer", "reviewer", reverse("home")),
        ("home: instructor", "instructor", reverse("home")),
        ("home: mentor", "mentor", reverse("home")),
        ("home: candidate", "candidate", reverse("home")),
        # Each client a different candidate, as when a cohort's candidates look at once.
        ("home: a candidate per client", "candidates", reverse("home")),
        ("cohort timeline", "reviewer", reverse("cohorts:detail", args=[slug])),
        ("manager's dashboard", "program_manager", reverse("cohorts:dashboard", args=[slug])),
        ("review queue", "program_manager", reverse("applications:queue", args=[slug])),
        ("application (reviewer)", "reviewer", reverse("applications:detail", args=[application])),
        ("decisions", "program_manager", reverse("applications:decisions", args=[slug])),
        ("reviewer's list", "reviewer", reverse("applications:my_reviews", args=[slug])),
        ("attendance grid", "program_manager", reverse("class_sessions:attendance_grid", args=[slug])),
        ("assignment grid", "program_manager", reverse("class_sessions:assignment_grid", args=[slug])),
        ("taking attendance", "program_manager", reverse("class_sessions:attendance", args=[meeting])),
        ("assignment", "program_manager", reverse("class_sessions:assignment", args=[assignment])),
        ("schedule", "candidate", reverse("class_sessions:schedule", args=[slug])),
        ("progress", "mentor", reverse("completion:progress", args=[slug, candidate.pk])),
        ("portfolio", "candidate", reverse("portfolios:detail", args=[portfolio])),
        ("portfolios overview", "program_manager", reverse("portfolios:overview", args=[slug])),
        ("mentor meeting log", "mentor", reverse("portfolios:meetings", args=[portfolio])),
        ("meeting frequency", "program_manager", reverse("portfolios:meeting_frequency", args=[slug])),
        ("people", "program_manager", reverse("cohorts:people", args=[slug])),
        ("pairings", "program_manager", reverse("cohorts:pairings", args=[slug])),
        ("outbox", "program_manager", reverse("notifications:outbox", args=[slug])),
        ("notices", "candidate", reverse("notifications:inbox")),
        ("profile", "candidate", reverse("profile")),
    ], cohort


def get(address, path, cookie):
    """GET `path` as a browser would with these cookies, read the whole page, and give its status: with
    http.client rather than requests, whose own work a request (cookie jar, redirects, adapters) took the
    client threads several times the CPU, on the same two cores as the server."""
    connection = http.client.HTTPConnection(*address, timeout=30)
    try:
        connection.request("GET", path, headers={"Cookie": cookie})
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def measure(server, people, path, clients, seconds):
    """`people`: the cookies of each person signed in (client n is person n of them, in turn); none for a page
    anyone may see."""
    base = server.base
    people = people or [{}]
    for n in range(max(clients * 2, len(people))):  # every worker has imported, compiled and connected
        requests.get(base + path, cookies=people[n % len(people)], timeout=30)
    latencies, errors = [], 0
    cpu_before = cpu_split(server)
    stop = time.perf_counter() + seconds

    def client(n):
        nonlocal errors
        mine = []
        cookie = "; ".join(f"{name}={value}" for name, value in people[n % len(people)].items())
        while time.perf_counter() < stop:
            started = time.perf_counter()
            status = get(server.address, path, cookie)
            mine.append(time.perf_counter() - started)
            if status != 200:
                errors += 1
        return mine

    started = time.perf_counter()
    with ThreadPoolExecutor(clients) as pool:
        for mine in pool.map(client, range(clients)):
            latencies.extend(mine)
    elapsed = time.perf_counter() - started
    cpu = {
        part: (after - cpu_before[part]) * 1000 / len(latencies) for part, after in cpu_split(server).items()
    }
    latencies.sort()
    return {
        "cpu": cpu,
        "rps": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p95": latencies[int(len(latencies) * 0.95) - 1] * 1000,
        "n": len(latencies),
        "errors": errors,
    }


def run_pages(args, env, page_list, sessions_by_role, label):
    server = Server(args, env)
    try:
        cookies = {
            role: [log_in(server.base, *login) for login in logins] for role, logins in sessions_by_role
        }
        results = {}
        for name, role, path in page_list:
            result = measure(server, cookies.get(role), path, args.clients, args.seconds)
            results[name] = result
            print(
                f"  [{label}] {name}: {result['rps']:.0f}/s p95 {result['p95']:.0f} ms, "
                f"{sum(result['cpu'].values()):.1f} ms of CPU a request",
                flush=True,
            )
    finally:
        server.stop()
    print_table(args, label, results)
    return results


def print_table(args, label, results):
    bare, admin = results[BARE]["rps"], results[ADMIN]["rps"]
    print(
        f"\n### {label}: {args.clients} clients, {args.workers} gunicorn workers, {args.seconds:.0f} s a page\n"
    )
    print(
        "| page | requests/s | × admin | × bare | p50 ms | p95 ms | requests | errors "
        "| CPU ms a request: gunicorn | PostgreSQL | clients | all |"
    )
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for name, r in results.items():
        cpu = r["cpu"]
        print(
            f"| {name} | {r['rps']:.0f} | {r['rps'] / admin:.1f} | {r['rps'] / bare:.2f} | {r['p50']:.1f} "
            f"| {r['p95']:.1f} | {r['n']} | {r['errors']} | {cpu['app']:.1f} | {cpu['db']:.1f} "
            f"| {cpu['client']:.1f} | {sum(cpu.values()):.1f} |"
        )
    missed = [
        name
        for name, r in results.items()
        if name not in (BARE, ADMIN) and (r["rps"] < TARGET_TIMES_ADMIN * admin or r["p95"] >= TARGET_P95_MS)
    ]
    print(
        f"\nTargets (p95 under {TARGET_P95_MS} ms, at least {TARGET_TIMES_ADMIN}× the admin change list): "
        + (f"missed by {', '.join(missed)}" if missed else "met by every page"),
        flush=True,
    )


def rss_kib(pids):
    total = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total = max(total, int(line.split()[1]))
    return total


def measure_export(args, env, cohort, manager):
    """Every application moved into the newest cohort for the export, then put back where it was."""
    with psycopg.connect(f"{PG}/{args.db}", autocommit=True) as connection:
        connection.execute(
            "CREATE TABLE bench_application_cohort AS SELECT id, cohort_id FROM applications_application"
        )
        connection.execute("UPDATE applications_application SET cohort_id = %s", [cohort.pk])
        connection.execute("ANALYZE applications_application")  # the planner sees one cohort of 20,000
        rows = connection.execute("SELECT count(*) FROM applications_application").fetchone()[0]
    server = Server(argparse.Namespace(**{**vars(args), "workers": 1}), env)
    try:
        cookies = log_in(server.base, *manager)
        path = f"/applications/cohort/{cohort.slug}/export.csv"
        print(f"\n### CSV export of {rows:,} applications (one gunicorn worker)\n")
        # The first export is also the worker's first signed-in page (imports, connections); the second shows
        # what streaming itself takes.
        for run in ("first", "second"):
            first_byte, elapsed, size, growth, before = export_once(server, cookies, path)
            print(
                f"- {run} export: first byte after {first_byte * 1000:.0f} ms, complete in {elapsed:.2f} s, "
                f"{size / 1e6:.1f} MB; the worker's RSS {before / 1024:.0f} MiB before, grown by at most "
                f"{growth / 1024:.1f} MiB while streaming",
                flush=True,
            )
    finally:
        server.stop()
        with psycopg.connect(f"{PG}/{args.db}", autocommit=True) as connection:
            connection.execute(
                "UPDATE applications_application a SET cohort_id = b.cohort_id "
                "FROM bench_application_cohort b WHERE a.id = b.id"
            )
            connection.execute("DROP TABLE bench_application_cohort")
            # Statistics as before: stale ones (one cohort of 20,000) misled the planner in later --reuse runs.
            connection.execute("ANALYZE applications_application")


def export_once(server, cookies, path):
    pids = server.worker_pids()
    before = {pid: rss_kib([pid]) for pid in pids}
    peak = dict(before)
    done = threading.Event()

    def sample():
        while not done.is_set():
            for pid in pids:
                peak[pid] = max(peak[pid], rss_kib([pid]))
            time.sleep(0.02)

    sampler = threading.Thread(target=sample)
    sampler.start()
    started = time.perf_counter()
    first_byte, size = None, 0
    with requests.get(server.base + path, cookies=cookies, stream=True, timeout=60) as response:
        response.raise_for_status()
        for chunk in response.iter_content(64 * 1024):
            first_byte = first_byte or time.perf_counter() - started
            size += len(chunk)
    elapsed = time.perf_counter() - started
    done.set()
    sampler.join()
    growth = max(peak[pid] - before[pid] for pid in pids)
    return first_byte, elapsed, size, growth, max(before.values())


def other_candidates(cohort, count):
    from cohorts.load_data import LOGINS
    from cohorts.models import Membership, Role

    memberships = Membership.objects.filter(cohort=cohort, role=Role.CANDIDATE).exclude(
        user__email=LOGINS["candidate"]
    )
    return list(memberships.order_by("pk").values_list("user__email", flat=True)[:count])


def require_redis(url):
    try:
        redis.Redis.from_url(url, socket_connect_timeout=2).ping()
    except redis.RedisError as error:
        raise SystemExit(f"Redis is not answering at {url} ({error}); production settings need it.") from None


def main():
    args = parse_args()
    require_redis(args.redis)
    env = environment(args, conn_max_age=60)
    prepare_database(args, env)
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")
    set_up_django(env)
    let_the_manager_into_the_admin()
    page_list, cohort = pages()
    from cohorts.load_data import LOAD_PASSWORD, LOGINS

    roles = [(role, [(email, LOAD_PASSWORD)]) for role, email in LOGINS.items()]
    roles.append(("candidates", [(email, LOAD_PASSWORD) for email in other_candidates(cohort, args.clients)]))
    print(
        f"machine: {os.cpu_count()} CPUs, {Path('/proc/meminfo').read_text().split()[1]} kB RAM", flush=True
    )
    # The interpreter counts: a build without profile-guided optimization costs every page more CPU.
    print(f"gunicorn's python: {Path(PYTHON).resolve()}", flush=True)
    print(f"cohort measured: {cohort.slug}; {urlsplit(env['DATABASE_URL']).path[1:]}", flush=True)
    run_pages(args, env, page_list, roles, "every page, CONN_MAX_AGE=60")
    few = (
        BARE,
        ADMIN,
        "home: program manager",
        "home: a candidate per client",
        "review queue",
        "attendance grid",
        "manager's dashboard",
    )
    subset = [page for page in page_list if page[0] in few]
    if not args.no_conn_age_0:
        run_pages(args, env | {"CONN_MAX_AGE": "0"}, subset, roles, "a few pages, CONN_MAX_AGE=0")
    if not args.no_export:
        measure_export(args, env, cohort, (LOGINS["program_manager"], LOAD_PASSWORD))


if __name__ == "__main__":
    main()
