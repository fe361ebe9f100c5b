"""The digest run of `make bench` (and scripts/bench_digests.py): every daily digest
planned at once, built by Celery workers and sent to a local SMTP server
(tests/notifications/smtp_server.py), timed until the server has them all."""

import os
import re
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from accounts.models import Team
from forum.celery import app
from forum.models import WorkerHeartbeat
from notifications import digests
from notifications.models import Digest, OutboxEmail

BASE_DIR = Path(__file__).resolve().parent.parent
SMTP_SERVER = BASE_DIR / "tests" / "notifications" / "smtp_server.py"


def queries_per_chunk(chunk: int) -> list[tuple[int, int, int]]:
    """(queries, digests, managers) of building a few chunks of digests: the first,
    one from the middle and the last. Measured, then rolled back."""
    measured = []
    with transaction.atomic():
        ids = digests.plan_digests(period="daily", ignore_hour=True, fan_out=False)
        managers = set(Team.objects.values_list("manager_id", flat=True))
        last = (len(ids) - 1) // chunk * chunk
        for start in sorted({0, len(ids) // 2 // chunk * chunk, last}):
            sample = ids[start : start + chunk]
            people = Digest.objects.filter(pk__in=sample).values_list("user_id", flat=True)
            with CaptureQueriesContext(connection) as queries:
                digests.build_and_queue(sample)
            count = sum("SAVEPOINT" not in query["sql"] for query in queries.captured_queries)
            measured.append((count, len(sample), len(managers & set(people))))
        transaction.set_rollback(True)
    return measured


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_workers(env, count: int) -> list:
    names = [f"bench{n}-{os.getpid()}@localhost" for n in range(count)]
    workers = []
    for name in names:
        command = [sys.executable, "-m", "celery", "-A", "forum", "worker", "-n", name]
        command += ["--concurrency=1", "--without-gossip", "--without-mingle"]
        command += ["--loglevel=WARNING"]
        workers.append(subprocess.Popen(command, cwd=BASE_DIR, env=env, stdout=subprocess.DEVNULL))
    deadline = time.monotonic() + 60
    while WorkerHeartbeat.objects.fresh().filter(hostname__in=names).count() < count:
        if time.monotonic() > deadline:
            raise SystemExit("The workers did not start within 60 s.")
        time.sleep(0.2)
    return workers


def stop(processes) -> None:
    for process in processes:
        process.terminate()
    for process in processes:
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def run(env: dict, *, workers: int = 2, timeout: int = 300) -> dict:
    """Forget every digest, then plan, build and send this period's daily digests."""
    Digest.objects.all().delete()
    OutboxEmail.objects.filter(kind="digest").delete()
    app.control.purge()  # nothing left over from an earlier run
    chunks = queries_per_chunk(digests.CHUNK)

    port, mail_dir = free_port(), Path(tempfile.mkdtemp(prefix="bench-digests-"))
    mbox = mail_dir / "mbox"
    mbox.touch()
    smtp = subprocess.Popen(
        [sys.executable, str(SMTP_SERVER), str(port), str(mbox), "0"],
        stdout=subprocess.PIPE,
        text=True,
    )
    assert smtp.stdout.readline().strip() == "ready"
    running = start_workers({**env, "EMAIL_URL": f"smtp://127.0.0.1:{port}"}, workers)
    try:
        started = time.monotonic()
        planned = len(digests.plan_digests(period="daily", ignore_hour=True))
        built_after = None
        deadline = started + timeout
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
        stop(running)
        stop([smtp])
    emails = OutboxEmail.objects.filter(kind="digest")
    ids = re.findall(rb"^Message-ID: <outbox-(\d+)@", mbox.read_bytes(), re.M | re.I)
    result = {
        "planned": planned,
        "emails": emails.count(),
        "sent": emails.filter(state="sent").count(),
        "empty": Digest.objects.filter(state=Digest.State.EMPTY).count(),
        "received": len(ids),
        "distinct": len(set(ids)),
        "built_after": built_after,
        "seconds": elapsed,
        "workers": workers,
        "chunks": chunks,
    }
    for path in mail_dir.iterdir():
        path.unlink()
    mail_dir.rmdir()
    return result
