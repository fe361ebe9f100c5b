"""Digests through faults, with real processes: a Celery worker on Redis, beat, an
SMTP server (smtp_server.py) and, for the second and third, SIGKILL. Each test counts
what the mail server received by recipient and Message-ID: everyone with something
to say gets their digest exactly once, nobody else gets one.

- The mail server is down while the digests are built; they go out once it is back.
- A worker is killed while it sends a chunk, before the server accepted the email
  it was sending (README "Email delivery": a crash then causes no second copy).
- A worker is killed while it builds a chunk; the chunk, left pending, is queued
  again by the first plan tick DIGEST_REQUEUE_SECONDS later.

The outbox timings are scaled to seconds by their settings (OUTBOX_*), chunks are 10
digests (DIGEST_CHUNK_SIZE)."""

import os
import signal
import time
import uuid
from collections import Counter
from datetime import timedelta
from email import message_from_string

import pytest
from django.db import connection, transaction
from django.utils import timezone

from forum.models import WorkerHeartbeat
from notifications import emails
from notifications.models import Digest, OutboxEmail
from notifications.tasks import plan_digests
from tests.factories import IdeaFactory, UserFactory
from tests.notifications.conftest import free_port
from tests.processes import child_env, run_django, running_beat, running_worker, wait_for

pytestmark = [
    pytest.mark.services,
    pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: a real worker"),
    pytest.mark.django_db(transaction=True),
]

SWEEP_EVERY, RETRY_MIN, RETRY_MAX = 1, 1, 3  # seconds (a minute to five in production)
CHUNK, REQUEUE = 10, 2  # digests per task; seconds before a lost chunk is queued again


def settings_for(port: int, queue: str) -> dict:
    """The children's environment: the mail server on `port`, the tasks (beat's too)
    on this test's own queue, short timings."""
    return child_env(
        EMAIL_URL=f"smtp://127.0.0.1:{port}",
        CELERY_QUEUE=queue,
        OUTBOX_SWEEP_SECONDS=str(SWEEP_EVERY),
        OUTBOX_RETRY_MIN_SECONDS=str(RETRY_MIN),
        OUTBOX_RETRY_MAX_SECONDS=str(RETRY_MAX),
        DIGEST_CHUNK_SIZE=str(CHUNK),
        DIGEST_REQUEUE_SECONDS=str(REQUEUE),
    )


def a_new_idea():
    """Something to read in everyone's digest; its author wants none."""
    return IdeaFactory(
        author=UserFactory(digest_frequency="off"), title="Let customers book a fitting by text"
    )


def a_zone_where_it_is_nine():
    """A time zone whose clock says 9 now, so that beat's `plan_digests` finds its
    people due (07:00 to noon)."""
    offset = (9 - timezone.now().hour + 12) % 24 - 12  # -12 to +11 hours from UTC
    return "Etc/GMT" if offset == 0 else f"Etc/GMT{-offset:+d}"  # Etc/ signs are reversed


def people_with_something_to_say(count: int, time_zone: str = "UTC"):
    return UserFactory.create_batch(count, digest_frequency="daily", time_zone=time_zone)


def people_with_nothing_new(count: int):
    """Daily readers whose last digest ended after the new idea: nothing to say."""
    people = UserFactory.create_batch(count, digest_frequency="daily")
    now = timezone.now()
    for person in people:
        Digest.objects.create(
            user=person,
            period="daily",
            period_start=now.date() - timedelta(days=1),
            covers_from=now - timedelta(days=1),
            covers_until=now,
            created_at=now,
            state=Digest.State.EMPTY,
        )
    return people


def received(server) -> Counter:
    messages = [message_from_string(text) for text in server.received()]
    return Counter((message["To"], message["Message-ID"]) for message in messages)


def each_once(people) -> Counter:
    """Each person's digest email, once."""
    rows = OutboxEmail.objects.filter(kind="digest", recipient__in=people)
    assert len(rows) == len(people)
    return Counter((row.to, emails.to_message(row).extra_headers["Message-ID"]) for row in rows)


def digests_left_pending():
    return OutboxEmail.objects.filter(kind="digest").pending()


def test_digests_built_while_the_mail_server_is_down_arrive_once_each_after_its_return(
    smtp_server, tmp_path
):
    a_new_idea()
    readers, quiet = people_with_something_to_say(8), people_with_nothing_new(3)
    port, queue = free_port(), f"test-{uuid.uuid4().hex}"  # nothing listens on the port yet
    env = settings_for(port, queue)
    with running_worker(env, queue) as worker, running_beat(env, tmp_path / "beat-schedule"):
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(hostname=worker.name).exists())
        run = run_django(SEND_DIGESTS, env=env)
        assert run.returncode == 0, run.stderr
        assert "11 digest(s) due: 8 email(s) queued, 3 with nothing to say" in run.stdout
        time.sleep(3 * SWEEP_EVERY + RETRY_MAX)  # the task and the sweep try, and fail

        rows = OutboxEmail.objects.filter(kind="digest")
        assert [row.state for row in rows] == ["pending"] * 8
        errors = {row.last_error.split(":")[0] for row in rows if row.attempts}
        assert errors == {"ConnectionRefusedError"}

        server = smtp_server(port=port)
        wait_for(lambda: not digests_left_pending().exists(), seconds=2 * RETRY_MAX + 10)

    assert received(server) == each_once(readers)
    built = Digest.objects.filter(user__in=readers)
    assert [(digest.state, digest.is_sent) for digest in built] == [("built", True)] * 8
    assert not OutboxEmail.objects.filter(recipient__in=quiet).exists()
    today = Digest.objects.filter(user__in=quiet, period_start=timezone.now().date())
    assert [(digest.state, digest.outbox) for digest in today] == [("empty", None)] * 3


SEND_DIGESTS = """
from django.core.management import call_command
call_command("send_digests", "--period", "daily")
"""


def as_if_the_lease_had_expired():
    """Five minutes later (CLAIM_LEASE): the dead worker's lease on its row is over."""
    past = timezone.now() - timedelta(hours=1)
    OutboxEmail.objects.filter(claimed_until__isnull=False).update(claimed_until=past)


def test_a_worker_killed_mid_chunk_before_the_server_accepts_an_email_sends_no_digest_twice(
    smtp_server, tmp_path
):
    a_new_idea()
    readers = people_with_something_to_say(30, a_zone_where_it_is_nine())
    group_file, queue = tmp_path / "worker-group", f"test-{uuid.uuid4().hex}"
    # The server kills the worker's process group when the 15th email's DATA has
    # arrived, before it stores or accepts it: the worker is waiting for the reply.
    server = smtp_server(options=["--kill-group-in", group_file, "--kill-before-data", 15])
    env = settings_for(server.port, queue)
    with running_worker(env, queue) as worker:
        group_file.write_text(str(worker.pid))
        plan_digests.apply_async(queue=queue)  # beat's tick: three chunks of 10
        worker.wait(timeout=60)
    assert worker.returncode == -signal.SIGKILL

    (kill,) = server.kills()
    moment, killed_at = kill.split()
    assert moment == "before-data"
    assert len(server.received()) == 14
    rows = OutboxEmail.objects.filter(kind="digest")
    assert Counter(row.state for row in rows) == {"sent": 14, "pending": 16}
    (claimed,) = rows.filter(claimed_until__gt=timezone.now())  # the dead worker's lease
    assert emails.to_message(claimed).extra_headers["Message-ID"] == killed_at

    as_if_the_lease_had_expired()
    with running_worker(env, queue), running_beat(env, tmp_path / "beat-schedule"):
        # The third chunk's task is still queued; the sweep sends the rest of the second.
        wait_for(lambda: not digests_left_pending().exists(), seconds=20)

    assert received(server) == each_once(readers)
    digests = Digest.objects.filter(user__in=readers)
    assert [(digest.state, digest.is_sent) for digest in digests] == [("built", True)] * 30


def build_waiting_for(table: str) -> int | None:
    """The PostgreSQL backend of a worker whose build waits for the lock on `table`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pid FROM pg_locks WHERE relation = %s::regclass AND NOT granted", [table]
        )
        row = cursor.fetchone()
    return row and row[0]


def backend_alive(pid: int) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [pid])
        return cursor.fetchone() is not None


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="holds the build mid-way with a PostgreSQL table lock; SQLite has no row locks",
)
def test_a_worker_killed_while_building_a_chunk_leaves_it_pending_for_the_next_tick(
    smtp_server, tmp_path
):
    a_new_idea()
    readers = people_with_something_to_say(30, a_zone_where_it_is_nine())
    server, queue = smtp_server(), f"test-{uuid.uuid4().hex}"
    env = settings_for(server.port, queue)
    outbox = OutboxEmail._meta.db_table
    with running_worker(env, queue) as worker, transaction.atomic():
        # No email can be written: the first chunk's build stops at its insert, with
        # its ten Digest rows locked (SELECT ... FOR UPDATE).
        with connection.cursor() as cursor:
            cursor.execute(f"LOCK TABLE {outbox} IN SHARE MODE")
        plan_digests.apply_async(queue=queue)
        assert wait_for(lambda: build_waiting_for(outbox), seconds=20)
        dead_backend = build_waiting_for(outbox)
        free = Digest.objects.select_for_update(skip_locked=True).filter(state="pending")
        assert len(free) == 20
        os.killpg(worker.pid, signal.SIGKILL)
        worker.wait(timeout=10)
    assert wait_for(lambda: not backend_alive(dead_backend))  # rolled back, locks released

    digests = Digest.objects.filter(user__in=readers)
    assert Counter(digests.values_list("state", flat=True)) == {"pending": 30}
    assert not OutboxEmail.objects.exists()
    with running_worker(env, queue):
        # The other two chunks' tasks are still queued; the first chunk's waits in
        # Redis for the visibility timeout (an hour).
        assert wait_for(lambda: len(server.received()) == 20, seconds=20)
        assert Counter(digests.values_list("state", flat=True)) == {"built": 20, "pending": 10}
        planned_at = digests.first().created_at
        time.sleep(max(0.0, REQUEUE - (timezone.now() - planned_at).total_seconds()) + 0.5)
        plan_digests.apply_async(queue=queue)  # beat's next tick
        wait_for(lambda: len(server.received()) == 30, seconds=20)
        time.sleep(1)  # a second copy would arrive now

    assert received(server) == each_once(readers)
    assert [(digest.state, digest.is_sent) for digest in digests.all()] == [("built", True)] * 30
