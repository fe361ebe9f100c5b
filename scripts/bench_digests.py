"""Time 10,000 daily digests, built and handed to a mail server by two Celery workers
(PRODUCT.md: ≤ 60 s, a fixed number of queries per digest).

Run it against a throwaway PostgreSQL database and Redis database of its own, never
real ones: it adds 10,000 people and deletes every digest and digest email.

    createdb frontline_bench
    export DATABASE_URL=postgres://postgres@127.0.0.1:5432/frontline_bench
    export REDIS_URL=redis://127.0.0.1:6379/5
    .venv/bin/python scripts/bench_digests.py

It migrates the database, tops it up to --people employees with a daily digest and a
day of activity (bulk_create), measures the queries of one chunk of digests (rolled
back), then starts a local SMTP server (tests/notifications/smtp_server.py) and two
worker processes (`celery worker -c 1` each), plans every daily digest at once and
waits until the server has received them all. It prints the total time, digests per
second and queries per digest, and checks that every email arrived exactly once.
"""

import argparse
import os
import random
import re
import resource
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(BASE_DIR))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")
os.environ.setdefault("DEBUG", "1")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import DigestFrequency, Team, User  # noqa: E402
from bench.digests import free_port, queries_per_chunk, start_workers, stop  # noqa: E402
from forum.celery import app  # noqa: E402
from ideas.models import (  # noqa: E402
    Comment,
    Escalation,
    Evidence,
    Follow,
    Idea,
    IdeaEvent,
    Observation,
    Status,
)
from notifications import digests  # noqa: E402
from notifications.models import Digest, OutboxEmail  # noqa: E402

SMTP_SERVER = BASE_DIR / "tests" / "notifications" / "smtp_server.py"
STORES = 100
EMAIL_PREFIX = "bench-digest-"


def hours_ago(rng, low=1, high=23):
    return timezone.now() - timedelta(hours=rng.uniform(low, high))


def top_up(people: int) -> None:
    """An org tree, `people` employees reading daily, and a day of activity."""
    if User.objects.filter(email__startswith=EMAIL_PREFIX).count() >= people:
        return
    rng = random.Random(10_000)
    company = Team.objects.create(name="Bench company", kind=Team.Kind.COMPANY)
    regions = [
        Team.objects.create(name=f"Region {n}", kind=Team.Kind.REGION, parent=company)
        for n in range(10)
    ]
    stores = [
        Team.objects.create(name=f"Store {n}", kind=Team.Kind.STORE, parent=regions[n % 10])
        for n in range(STORES)
    ]
    users = User.objects.bulk_create(
        User(
            email=f"{EMAIL_PREFIX}{n}@example.com",
            display_name=f"Employee {n}",
            team=rng.choice(stores),
            password="!",  # unusable: nobody signs in as these
            time_zone="Europe/London",
            digest_frequency=DigestFrequency.DAILY,
        )
        for n in range(people)
    )
    members: dict[int, list] = {}
    for user in users:
        members.setdefault(user.team_id, []).append(user)
    managers = {store.pk: rng.choice(members[store.pk]) for store in stores}
    for store in stores:
        Team.objects.filter(pk=store.pk).update(manager=managers[store.pk])

    observations = Observation.objects.bulk_create(
        Observation(
            author=(author := rng.choice(users)),
            team_id=author.team_id,
            is_anonymous=rng.random() < 0.1,
            what_happened=f"A customer could not find the returns desk ({n}).",
            seen_count=rng.randint(0, 12),
            created_at=hours_ago(rng),
        )
        for n in range(2000)
    )
    ideas = Idea.objects.bulk_create(
        Idea(
            author=(author := rng.choice(users)),
            team_id=author.team_id,
            routed_team_id=author.team_id,
            is_anonymous=rng.random() < 0.1,
            title=f"Make returns quicker, take {n}",
            problem="Customers queue to return things.",
            proposal="A returns desk by the door.",
            vote_count=rng.randint(0, 40),
            created_at=hours_ago(rng, 1, 24 * 9),
        )
        for n in range(800)
    )
    done = ideas[:40]
    for idea in done:
        idea.status, idea.done_at = Status.DONE, hours_ago(rng)
        idea.impact, idea.first_response_at = "Returns take two minutes.", idea.done_at
    Idea.objects.bulk_update(done, ["status", "done_at", "impact", "first_response_at"])
    Evidence.objects.bulk_create(
        Evidence(idea=idea, observation=observation)
        for idea in done
        for observation in rng.sample(observations, 3)
    )
    Follow.objects.bulk_create(
        (Follow(idea=idea, user=user) for user in users for idea in rng.sample(ideas, 3)),
        ignore_conflicts=True,
    )
    IdeaEvent.objects.bulk_create(
        IdeaEvent(
            idea=idea,
            kind=IdeaEvent.Kind.STATUS_CHANGED,
            actor=managers[idea.routed_team_id],
            from_status=Status.SUBMITTED,
            to_status=Status.UNDER_REVIEW,
            note="We are looking at it with the returns team.",
            created_at=hours_ago(rng),
        )
        for idea in rng.sample(ideas[40:], 300)
    )
    Comment.objects.bulk_create(
        Comment(
            author=rng.choice(users),
            body="Same here: customers ask for this every day.",
            created_at=hours_ago(rng),
            **({"idea": rng.choice(ideas)} if n % 2 else {"observation": rng.choice(observations)}),
        )
        for n in range(3000)
    )
    Escalation.objects.bulk_create(
        Escalation(
            idea=idea,
            rule=Escalation.Rule.UNANSWERED,
            team_id=idea.routed_team_id,
            manager=managers[idea.routed_team_id],
        )
        for idea in ideas[40:]
        if idea.created_at < timezone.now() - timedelta(days=5)
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load


def cpu_of_children() -> float:
    """CPU seconds used by the child processes that have ended (and theirs)."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--timeout", type=int, default=600)
    args = parser.parse_args()
    if connection.vendor != "postgresql" or not os.environ.get("REDIS_URL"):
        raise SystemExit("Set DATABASE_URL to a scratch PostgreSQL database and REDIS_URL.")

    call_command("migrate", verbosity=0)
    print(f"Topping up to {args.people} people with a daily digest …")
    top_up(args.people)
    Digest.objects.all().delete()
    OutboxEmail.objects.filter(kind="digest").delete()
    app.control.purge()  # nothing left over from an earlier run

    for total, sample, managers in queries_per_chunk(digests.CHUNK):
        print(f"Queries: {total} for a chunk of {sample} digests with {managers} managers "
              f"({total / sample:.2f} per digest)")  # fmt: skip

    port, mail_dir = free_port(), Path(tempfile.mkdtemp(prefix="bench-digests-"))
    mbox = mail_dir / "mbox"
    mbox.touch()
    smtp = subprocess.Popen([sys.executable, str(SMTP_SERVER), str(port), str(mbox), "0"],
                            stdout=subprocess.PIPE, text=True)  # fmt: skip
    assert smtp.stdout.readline().strip() == "ready"
    # The workers run as in production: DEBUG off (no query log kept in memory).
    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{port}", "DEBUG": "0"}
    env.setdefault("SECRET_KEY", "bench-digests-only")
    workers = start_workers(env, args.workers)
    try:
        started = time.monotonic()
        planned = len(digests.plan_digests(period="daily", ignore_hour=True))
        built_after = None
        deadline = started + args.timeout
        while time.monotonic() < deadline:
            pending = Digest.objects.filter(state=Digest.State.PENDING).count()
            if not pending and built_after is None:
                built_after = time.monotonic() - started
            rows = OutboxEmail.objects.filter(kind="digest")
            if not pending and rows.count() == rows.filter(state="sent").count():
                break
            time.sleep(0.5)
        elapsed = time.monotonic() - started
    finally:
        stop(workers)
        worker_cpu = cpu_of_children()
        stop([smtp])
        smtp_cpu = cpu_of_children() - worker_cpu

    emails = OutboxEmail.objects.filter(kind="digest")
    sent = emails.filter(state="sent").count()
    ids = re.findall(rb"^Message-ID: <outbox-(\d+)@", mbox.read_bytes(), re.M | re.I)
    empty = Digest.objects.filter(state=Digest.State.EMPTY).count()
    print(f"{planned} digests planned: {emails.count()} emails, {empty} with nothing to say")
    print(f"All built after {built_after or float('nan'):.1f} s; all sent after {elapsed:.1f} s")
    print(f"{sent / elapsed:.0f} digests/s with {args.workers} workers to a local SMTP server")
    print(f"SMTP server received {len(ids)} messages, {len(set(ids))} distinct")
    per_digest = 1000 * worker_cpu / max(sent, 1)
    print(f"CPU: workers {worker_cpu:.1f} s ({per_digest:.1f} ms per digest), SMTP server "
          f"{smtp_cpu:.1f} s; load average {os.getloadavg()[0]:.1f}")  # fmt: skip
    if not (sent == emails.count() == len(ids) == len(set(ids))):
        raise SystemExit("Not every email arrived exactly once.")
    for path in mail_dir.iterdir():
        path.unlink()
    mail_dir.rmdir()


if __name__ == "__main__":
    main()
