"""CPU time of each main page rendered in-process (Django's test client, production settings, the benchmark's
PostgreSQL database), to find where a page's time goes without gunicorn or client threads in the way.

    .venv/bin/python scripts/profile_pages.py                      # every page of scripts/bench_pages.py
    .venv/bin/python scripts/profile_pages.py --page dashboard     # pages whose name contains "dashboard"
    .venv/bin/python scripts/profile_pages.py --page dashboard --profile 25   # and the 25 costliest functions
    .venv/bin/python scripts/profile_pages.py --page pairings --queries 5      # and its 5 slowest queries
    .venv/bin/python scripts/profile_pages.py --page home --profile 30 --by cumulative --ours   # our code's share

Run scripts/bench_pages.py once first: it creates and loads the database (cto_pagebench). CPU time is this
process's own (Python: middleware, views, ORM, templates); PostgreSQL's share is the difference to wall time.
It is far less disturbed by other load on the machine than requests per second are.
"""

import argparse
import cProfile
import os
import pstats
import time

from bench_pages import environment, let_the_manager_into_the_admin, pages, set_up_django

# A path in the project but not in its virtualenv, for --ours.
OURS = r"^(?!.*/\.venv/).*/(cto_mentor|cohorts|applications|sessions|portfolios|completion)/"


def parse_args():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--db", default="cto_pagebench")
    parser.add_argument("--page", default="", help="Only pages whose name contains this.")
    parser.add_argument("--requests", type=int, default=20, help="Requests measured per page.")
    parser.add_argument("--profile", type=int, default=0, help="Print this many costliest functions.")
    parser.add_argument(
        "--by",
        choices=("tottime", "cumulative"),
        default="tottime",
        help="Order the profile by a function's own time, or with what it calls.",
    )
    parser.add_argument(
        "--ours",
        action="store_true",
        help="Profile only the project's functions (not Django's, nor libraries').",
    )
    parser.add_argument(
        "--queries", type=int, default=0, help="Print this many slowest queries of a request."
    )
    parser.add_argument("--redis", default="redis://127.0.0.1:6379/1", help="The cache, as in production.")
    return parser.parse_args()


def signed_in_clients(roles):
    from django.test import Client

    from cohorts.load_data import LOGINS
    from cto_mentor.users.models import User

    clients = {None: Client()}
    for role in roles:
        client = Client()
        client.force_login(User.objects.get(email=LOGINS[role]))
        clients[role] = client
    return clients


def measure(client, path, count, batches=5):
    """The least CPU and wall time per request among `batches` batches: other work on the machine only ever
    adds time, so the least is the closest to the page's own cost."""
    for _ in range(3):  # templates compiled, connection open
        client.get(path)
    per_batch = max(count // batches, 1)
    cpu_ms, wall_ms = [], []
    for _ in range(batches):
        cpu, wall = time.process_time(), time.perf_counter()
        for _ in range(per_batch):
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path}: {response.status_code}")
        cpu_ms.append((time.process_time() - cpu) / per_batch * 1000)
        wall_ms.append((time.perf_counter() - wall) / per_batch * 1000)
    return min(cpu_ms), min(wall_ms)


def main():
    args = parse_args()
    env = environment(args, conn_max_age=60)
    env["ALLOWED_HOSTS"] = "testserver"
    os.environ.update(env)
    set_up_django(env)
    let_the_manager_into_the_admin()  # the admin change list, the yardstick, is among the pages
    page_list, _ = pages()
    # The page that several people see at once is, in-process, the candidate's home again.
    chosen = [page for page in page_list if args.page in page[0] and page[1] != "candidates"]
    clients = signed_in_clients({role for _, role, _ in chosen if role})
    print("| page | CPU ms | wall ms | bytes |")
    print("|---|---:|---:|---:|")
    for name, role, path in chosen:
        client = clients[role]
        cpu, wall = measure(client, path, args.requests)
        size = len(client.get(path).content)
        print(f"| {name} | {cpu:.1f} | {wall:.1f} | {size:,} |", flush=True)
        if args.profile:
            profiler = cProfile.Profile()
            profiler.enable()
            for _ in range(args.requests):
                client.get(path)
            profiler.disable()
            restrictions = (OURS, args.profile) if args.ours else (args.profile,)
            pstats.Stats(profiler).sort_stats(args.by).print_stats(*restrictions)
        if args.queries:
            print_slowest_queries(client, path, args.queries)


def print_slowest_queries(client, path, count):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as captured:
        client.get(path)
    queries = sorted(captured.captured_queries, key=lambda query: -float(query["time"]))
    total = sum(float(query["time"]) for query in queries) * 1000
    print(f"\n{len(queries)} queries, {total:.1f} ms in the database; the slowest:")
    for query in queries[:count]:
        print(f"- {float(query['time']) * 1000:.1f} ms: {query['sql'][:400]}")


if __name__ == "__main__":
    main()
