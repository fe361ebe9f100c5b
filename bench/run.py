"""`make bench`: the pages, votes and jobs measured beside the floor, into RESULTS.md.

    python -m bench.run --scale large|small [--out bench/RESULTS.md]

Against PostgreSQL and Redis (DATABASE_URL and REDIS_URL, a throwaway database: it
generates the dataset there, votes and sends digests), in production settings (DEBUG
off, a throwaway SECRET_KEY, ALLOWED_HOSTS=127.0.0.1, BENCH_FLOOR=1 for the floor):

1. migrate, collectstatic, `generate_dataset --reuse --replace` (kept while its scale
   is the same);
2. gunicorn with 2 sync workers and a Celery worker; wrk (1 and 16 connections) on
   each page and on the floor's read, as signed-in people (sessions made here); the
   queries and bytes of each page from one request through Django's test client;
3. vote toggles by 16 people on 100 open ideas (the 20 trending ones and 80 others),
   and the floor's toggle on as many items; then recount in a rolled-back
   transaction: it must find nothing to repair;
4. the escalation scan (the first run catches up on the last day), in this process;
5. 10,000 daily digests (all the people of the large dataset) built by two workers
   and sent to a local SMTP server.
"""

import argparse
import json
import math
import os
import pickle
import platform
import re
import secrets
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(os.environ.get("FRONTLINE_VAR_DIR", BASE_DIR / "var" / "bench"))
ENV = {
    "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/frontline_bench",
    "REDIS_URL": "redis://127.0.0.1:6379/10",
}
# Whole seconds of wrk: the warm-up (0: none) and each measurement.
DURATIONS = {"small": (0, 1), "large": (2, 5)}
WARM_REQUESTS = 4  # one after the other before wrk: both workers have served the page
MAX_SECONDS = 20
CLIENTS = (1, 16)
VOTE_IDEAS = 100
WRK_SCRIPT = BASE_DIR / "bench" / "wrk" / "bench.lua"


def production_env() -> dict:
    """The environment of every process of the run: production settings."""
    env = {**os.environ}
    for name, default in ENV.items():
        env.setdefault(name, default)
    env.update(
        DEBUG="0",
        SECRET_KEY=env.get("BENCH_SECRET_KEY") or secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        SECURE_SSL_REDIRECT="0",
        BENCH_FLOOR="1",
        FRONTLINE_VAR_DIR=str(VAR_DIR),
        STATIC_ROOT=str(VAR_DIR / "static"),
        EMAIL_URL=f"file://{VAR_DIR / 'mail'}",
        LOG_LEVEL="WARNING",
    )
    return env


def ensure_database(url: str) -> None:
    """Create the bench database if the server does not have it yet."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(url)
    server = {"host": config["HOST"], "port": config["PORT"] or 5432, "user": config["USER"]}
    with psycopg.connect(dbname="postgres", password=config["PASSWORD"] or None,
                         autocommit=True, **server) as admin:  # fmt: skip
        exists = admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", [config["NAME"]])
        if not exists.fetchone():
            admin.execute(f'CREATE DATABASE "{config["NAME"]}"')


os.environ.update(production_env())
if os.environ["DATABASE_URL"].startswith("postgres"):
    ensure_database(os.environ["DATABASE_URL"])
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
sys.path.insert(0, str(BASE_DIR))

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.db.models import Count, F  # noqa: E402
from django.middleware.csrf import _get_new_csrf_string  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from accounts.models import Team, User  # noqa: E402
from bench import digests as digest_run  # noqa: E402
from bench.models import FloorItem, FloorVote  # noqa: E402
from bench.report import write  # noqa: E402
from ideas import escalation  # noqa: E402
from ideas.counters import recount_all  # noqa: E402
from ideas.models import OPEN_STATUSES, Idea  # noqa: E402
from notifications import dispatch  # noqa: E402


@dataclass
class Load:
    """One wrk run."""

    clients: int
    requests: int = 0
    seconds: float = 0.0
    p50: float = 0.0  # ms
    p95: float = 0.0
    errors: int = 0

    @property
    def per_second(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0


@dataclass
class Measured:
    name: str
    path: str
    queries: int | None = None
    size: int | None = None
    status: int | None = None
    loads: dict[int, Load] = field(default_factory=dict)
    skipped: str = ""
    target: str = ""  # "page", "list", "search", "vote"


# --- Processes ------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start(command, env, **kwargs) -> subprocess.Popen:
    return subprocess.Popen(command, cwd=BASE_DIR, env=env, **kwargs)


def stop(processes) -> None:
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def wait_for_health(url: str, seconds: int = 60) -> None:
    """Until /healthz says ok: the site, the database, Redis and the worker are up."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url, timeout=2)
            return
        except OSError:  # HTTPError (503) too
            time.sleep(0.5)
    raise SystemExit(f"{url} did not say ok within {seconds} s.")


def warm_up(url: str, cookie: str) -> float:
    """Serve the page a few times; the median seconds it took."""
    took = []
    for n in range(WARM_REQUESTS):
        if n == 2 and min(took) > 5:
            break  # a slow page: once per worker is enough
        request = urllib.request.Request(url, headers={"Cookie": cookie})
        started = time.perf_counter()
        with urllib.request.urlopen(request, timeout=120) as response:
            response.read()
        took.append(time.perf_counter() - started)
    return statistics.median(took)


def long_enough(seconds: int, latency: float, clients: int) -> int:
    """A measurement of at least `seconds` that completes enough requests for its
    percentiles on a slow or busy machine: about 10 per connection (2 workers serve
    16 connections 8 at a time), at most MAX_SECONDS."""
    needed = latency * 10 * max(1, clients / 2)
    return min(MAX_SECONDS, max(seconds, math.ceil(needed)))


# --- Measuring ------------------------------------------------------------------


def session_cookie(user) -> str:
    """A session of `user` and a CSRF token, as the Cookie pairs wrk sends."""
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def wrk(base: str, path: str, *, clients: int, seconds: float, headers=(), plan=None) -> Load:
    threads = min(clients, 2)
    command = ["wrk", f"-t{threads}", f"-c{clients}", f"-d{seconds}s", "--timeout", "60s"]
    for header in headers:
        command += ["-H", header]
    command += ["-s", str(WRK_SCRIPT), base + path]
    if plan:
        command += ["--", plan]
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode:
        raise SystemExit(f"wrk failed: {done.stderr or done.stdout}")
    output = done.stdout
    report = json.loads(output.strip().splitlines()[-1])
    return Load(
        clients=clients,
        requests=report["requests"],
        seconds=report["duration_us"] / 1e6,
        p50=report["p50_us"] / 1000,
        p95=report["p95_us"] / 1000,
        errors=report["socket_errors"] + report["http_errors"],
    )


def one_request(path: str, user, *, method="get", **extra) -> tuple[int, int, int]:
    """(status, queries, bytes) of one request through the test client, as `user`."""
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(user)
    with CaptureQueriesContext(connection) as queries:
        response = getattr(client, method)(path, **extra)
    return response.status_code, len(queries), len(response.content)


def measure_page(page: Measured, user, base: str, durations) -> Measured:
    warm, seconds = durations
    page.status, page.queries, page.size = one_request(page.path, user)
    if page.status == 404:
        page.skipped = "not built yet (404)"
        return page
    if page.status != 200:
        page.skipped = f"answered {page.status}"
        return page
    cookie = session_cookie(user)
    latency = warm_up(base + page.path, cookie)
    cookie = f"Cookie: {cookie}"
    if warm:
        wrk(base, page.path, clients=16, seconds=warm, headers=[cookie])
    for clients in CLIENTS:
        duration = long_enough(seconds, latency, clients)
        page.loads[clients] = wrk(
            base, page.path, clients=clients, seconds=duration, headers=[cookie]
        )
    return page


def write_plan(steps: list[tuple[str, str, str, str]]) -> str:
    plan = tempfile.NamedTemporaryFile("w", suffix=".plan", delete=False)  # noqa: SIM115
    with plan:
        for method, path, cookie, token in steps:
            plan.write(f"{method} {path} {cookie} {token}\n")
    return plan.name


def toggle_plan(voters, paths) -> str:
    """Each voter toggles each path in turn, in an order that spreads them out."""
    steps = []
    for voter in voters:
        token = _get_new_csrf_string()
        cookie = f"{session_cookie(voter)}|{settings.CSRF_COOKIE_NAME}={token}"
        steps.append((cookie, token))
    plan = []
    for n in range(len(paths) * len(voters)):
        cookie, token = steps[n % len(voters)]
        plan.append(("POST", paths[(n * 7) % len(paths)], cookie, token))
    return write_plan(plan)


def measure_toggles(name, paths, voters, base, durations, count_one) -> Measured:
    warm, seconds = durations
    measured = Measured(name, paths[0], target="vote")
    measured.status, measured.queries, measured.size = count_one()
    plan = toggle_plan(voters, paths)
    try:
        wrk(base, "/", clients=16, seconds=warm or 1, plan=plan)
        for clients in CLIENTS:
            measured.loads[clients] = wrk(base, "/", clients=clients, seconds=seconds, plan=plan)
    finally:
        os.unlink(plan)
    return measured


# --- The run ----------------------------------------------------------------------


def pick_people():
    """A frontline reader (neither manager nor CX lead), the manager of the first
    region (the largest area) and 16 voters."""
    managers = Team.objects.exclude(manager=None).values_list("manager_id", flat=True)
    staff = User.objects.filter(is_cx_lead=False, is_active=True).exclude(pk__in=managers)
    reader = staff.order_by("pk").first()
    region = Team.objects.filter(kind=Team.Kind.REGION).exclude(manager=None).order_by("pk")[0]
    voters = list(staff.order_by("pk")[1:17])
    return reader, region.manager, voters, region


def pages(region) -> list[Measured]:
    busiest = Idea.objects.visible_to(None).not_merged().order_by("-comment_count", "-id").first()
    lists = [
        Measured(f"idea list, {sort}", f"/ideas/?sort={sort}", target="list")
        for sort in ("trending", "top", "newest", "oldest_unanswered")
    ]
    return [
        *lists,
        Measured(
            "idea list, filtered (status, region)",
            f"/ideas/?status=under_review&team={region.pk}",
            target="page",
        ),
        Measured("idea detail (most comments)", busiest.get_absolute_url(), target="page"),
        Measured("observation list", "/observations/", target="page"),
        Measured("home", "/", target="page"),
        Measured("/manage/ (a region's manager)", "/manage/", target="page"),
        Measured("search", "/search/?q=refund+delivery", target="search"),
        Measured(
            "similar-idea suggestions",
            "/ideas/similar/?title=late+delivery+parcel",
            target="search",
        ),  # fmt: skip
        Measured("huddle", "/huddle/", target="page"),
        Measured("insights", "/insights/", target="page"),
    ]


def vote_ideas() -> list[Idea]:
    open_ideas = Idea.objects.filter(status__in=OPEN_STATUSES, is_hidden=False)
    trending = list(open_ideas.trending()[:20])
    others = list(open_ideas.exclude(pk__in=[i.pk for i in trending]).order_by("?")[:80])
    return trending + others


def count_check() -> dict[str, int]:
    """What recount would repair, without repairing it (rolled back)."""
    with transaction.atomic():
        repaired = recount_all()
        transaction.set_rollback(True)
    floor_wrong = FloorItem.objects.annotate(n=Count("votes")).exclude(count=F("n")).count()
    return {**repaired, "FloorItem.count": floor_wrong}


def timed_scans(runs: int = 5):
    def scan():
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            report = escalation.scan()
            elapsed = time.perf_counter() - started
        return elapsed, len(queries), len(report.fired), report.checked

    dispatch.enqueue_delivery = lambda outbox_ids: None  # the scan's cost, not the broker's
    first = scan()
    steady = [scan() for _ in range(runs)]
    return first, steady


def idea_updates() -> tuple[int, int]:
    """Rows of ideas_idea updated so far, and how many of them were HOT (no index
    touched): each vote rewrites the idea row."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT n_tup_upd, n_tup_hot_upd FROM pg_stat_user_tables WHERE relname = 'ideas_idea'"
        )
        return cursor.fetchone()


def machine() -> dict:
    cpu = re.search(r"model name\s*:\s*(.+)", Path("/proc/cpuinfo").read_text())
    memory = re.search(r"MemTotal:\s*(\d+)", Path("/proc/meminfo").read_text())
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        postgres = cursor.fetchone()[0]
    import gunicorn
    import redis

    wrk_version = subprocess.run(["wrk", "-v"], capture_output=True, text=True).stdout.split()[1]
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu.group(1) if cpu else platform.processor(),
        "ram_gb": round(int(memory.group(1)) / 1024 / 1024, 1) if memory else None,
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": postgres.split()[0],
        "redis": redis.Redis.from_url(os.environ["REDIS_URL"]).info()["redis_version"],
        "gunicorn": gunicorn.__version__,
        "wrk": wrk_version,
    }


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", choices=sorted(DURATIONS), default="large")
    parser.add_argument("--out", default=str(BASE_DIR / "bench" / "RESULTS.md"))
    parser.add_argument(
        "--report-only", action="store_true", help="Write the report of the last run again."
    )
    args = parser.parse_args()
    if args.report_only:
        write(Path(args.out), **pickle.loads((VAR_DIR / "last-run.pickle").read_bytes()))
        return
    if connection.vendor != "postgresql":
        raise SystemExit("make bench runs against PostgreSQL: set DATABASE_URL.")
    started = time.monotonic()
    results = {"scale": args.scale, "date": datetime.now(UTC), "load": [os.getloadavg()]}
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    call_command("migrate", verbosity=0)
    call_command("collectstatic", interactive=False, verbosity=0)
    call_command("generate_dataset", scale=args.scale, reuse=True, replace=True)
    results["machine"] = machine()
    durations = DURATIONS[args.scale]

    env = production_env() | {"SECRET_KEY": os.environ["SECRET_KEY"]}
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    web = start(
        [sys.executable, "-m", "gunicorn", "forum.wsgi", "--workers", "2",
         "--bind", f"127.0.0.1:{port}", "--log-level", "warning", "--timeout", "120"],
        env,
    )  # fmt: skip
    worker = start(
        [sys.executable, "-m", "celery", "-A", "forum", "worker", "--concurrency", "1",
         "-n", f"bench-web-{os.getpid()}@localhost", "--without-gossip", "--without-mingle",
         "--loglevel", "WARNING"],
        env, stdout=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_health(base + "/healthz")
        print(f"Serving at {base}; measuring the floor and the pages …", flush=True)
        reader, manager, voters, region = pick_people()
        some_idea = Idea.objects.order_by("pk").first()
        floor = measure_page(
            Measured("floor: one indexed row", f"/bench/floor/read/{some_idea.pk}/"),
            reader, base, durations,
        )  # fmt: skip
        measured = []
        for page in pages(region):
            user = manager if page.path.startswith(("/manage/", "/insights/")) else reader
            measured.append(measure_page(page, user, base, durations))
            done = f"p50 {page.loads[1].p50:.1f} ms" if page.loads else page.skipped
            print(f"  {page.name}: {done}", flush=True)
        results["load"].append(os.getloadavg())

        print("Vote toggles …", flush=True)
        ideas = vote_ideas()
        vote_paths = [reverse("ideas:idea_vote", args=[idea.pk]) for idea in ideas]
        FloorVote.objects.all().delete()
        FloorItem.objects.all().delete()
        items = FloorItem.objects.bulk_create(FloorItem() for _ in ideas)
        floor_paths = [reverse("bench:floor_vote", args=[item.pk]) for item in items]

        def one_vote(path):
            def count():
                # A session that has voted before (its confirmed email remembered), as
                # wrk's are after their first request; the toggle measured, then undone.
                client = Client(HTTP_HOST="127.0.0.1")
                client.force_login(voters[0])
                client.get(reverse("ideas:observation_new"))
                for _ in range(2):
                    client.post(path, HTTP_HX_REQUEST="true")
                with CaptureQueriesContext(connection) as queries:
                    response = client.post(path, HTTP_HX_REQUEST="true")
                counted = len(queries)  # before the next request clears the log
                client.post(path, HTTP_HX_REQUEST="true")
                return response.status_code, counted, len(response.content)

            return count

        floor_vote = measure_toggles(
            "floor: a correct vote toggle", floor_paths, voters, base, durations,
            one_vote(floor_paths[0]),
        )  # fmt: skip
        before = idea_updates()
        vote = measure_toggles(
            "vote toggle", vote_paths, voters, base, durations, one_vote(vote_paths[0])
        )
        time.sleep(1.5)  # the server's statistics lag a moment behind
        after = idea_updates()
        results["idea_updates"] = [now - then for now, then in zip(after, before, strict=True)]
        results["load"].append(os.getloadavg())
    finally:
        stop([web, worker])
    print("Checking the counts …", flush=True)
    results["count_check"] = count_check()

    print("Escalation scan …", flush=True)
    results["scan"] = timed_scans()

    print("Digests …", flush=True)
    results["digests"] = digest_run.run(env, workers=2)
    results["load"].append(os.getloadavg())
    results["seconds"] = time.monotonic() - started

    measured_run = {"results": results, "floor": floor, "floor_vote": floor_vote,
                    "pages": measured, "vote": vote}  # fmt: skip
    (VAR_DIR / "last-run.pickle").write_bytes(pickle.dumps(measured_run))
    write(Path(args.out), **measured_run)
    print(f"Wrote {args.out} in {results['seconds']:.0f} s.")
    if any(results["count_check"].values()):
        raise SystemExit(f"Stored counts differ from their rows: {results['count_check']}")


if __name__ == "__main__":
    main()
