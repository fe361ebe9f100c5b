"""After the mail server was down, the waiting mail goes out within minutes of its
return, however often the delivery tasks retried in the meantime.

Real SMTP (a closed port, then a server process on it), twice: on a fake clock, the
delivery tasks' retries and beat's sweep every minute run at the moments they would;
and with a real worker and beat on Redis, the outbox's timings scaled from minutes
to seconds by their settings (OUTBOX_SWEEP_SECONDS, OUTBOX_RETRY_MIN/MAX_SECONDS)."""

import os
import time
import uuid
from collections import Counter
from contextlib import suppress
from datetime import timedelta
from email import message_from_string

import pytest
import time_machine
from django.utils import timezone

from forum.models import WorkerHeartbeat
from ideas.models import Follow
from notifications import emails
from notifications.models import OutboxEmail
from tests.factories import UserFactory
from tests.notifications.conftest import free_port, mailer_at
from tests.processes import child_env, run_django, running_beat, running_worker, wait_for

# Each task retried nine times in the outage's first minute (Celery's back-off with
# jitter), as measured with a real worker.
TASK_RETRIES_AT = [0, 1, 3, 6, 12, 20, 31, 44, 59]  # seconds


def run_task(row):
    with suppress(ConnectionRefusedError):  # recorded on the row; Celery retries
        emails.deliver(row.pk)


def test_mail_held_up_by_a_90_second_outage_goes_out_within_minutes_of_its_return(
    row_factory, smtp_server
):
    port, start = free_port(), timezone.now()  # nothing listens on the port yet
    back_at, server = start + timedelta(seconds=90), None
    with time_machine.travel(start, tick=False) as clock, mailer_at(port):
        rows = [row_factory() for _ in range(10)]
        for second in TASK_RETRIES_AT:
            clock.move_to(start + timedelta(seconds=second))
            for row in rows:
                run_task(row)
        for minute in range(1, 60):
            clock.move_to(start + timedelta(minutes=minute))
            if server is None and timezone.now() >= back_at:
                server = smtp_server(port=port)
            emails.sweep()
            if not OutboxEmail.objects.pending().exists():
                break

    assert len(server.received()) == 10
    rows = OutboxEmail.objects.all()
    assert [row.attempts for row in rows] == [10] * 10  # nine by the task, one sweep
    assert {row.state for row in rows} == {OutboxEmail.State.SENT}
    assert {row.next_attempt_at for row in rows} == {None}
    assert max(row.sent_at for row in rows) - back_at <= timedelta(minutes=3)


# Beat sweeps every 2 s and the sweep waits 1 to 5 s after a failure (a minute and
# five minutes in production); the mail server is down for 15 s.
SWEEP_EVERY, RETRY_MIN, RETRY_MAX, OUTAGE = 2, 1, 5, 15

BOB_STARTS_REVIEWING = """
import sys
from django.db import transaction
from accounts.models import User
from ideas.lifecycle import change_status
from ideas.models import Idea, Status

with transaction.atomic():
    change_status(
        idea=Idea.objects.get(pk=sys.argv[1]), by=User.objects.get(pk=sys.argv[2]),
        to=Status.UNDER_REVIEW, note="We are looking at the booking system.",
    )
"""


@pytest.mark.services
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: beat and a worker")
@pytest.mark.django_db(transaction=True)
def test_with_a_real_worker_and_beat_mail_held_up_by_an_outage_goes_out_soon_after_its_return(
    idea, bob, smtp_server, tmp_path
):
    for person in UserFactory.create_batch(15):
        Follow.objects.create(idea=idea, user=person)  # with alice, 16 followers
    port, queue = free_port(), f"test-{uuid.uuid4().hex}"  # nothing listens on the port yet
    env = child_env(
        EMAIL_URL=f"smtp://127.0.0.1:{port}",
        CELERY_QUEUE=queue,  # beat's sweeps and the delivery tasks go to this worker only
        OUTBOX_SWEEP_SECONDS=str(SWEEP_EVERY),
        OUTBOX_RETRY_MIN_SECONDS=str(RETRY_MIN),
        OUTBOX_RETRY_MAX_SECONDS=str(RETRY_MAX),
    )
    with running_worker(env, queue) as worker, running_beat(env, tmp_path / "beat-schedule"):
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(hostname=worker.name).exists())
        changed = run_django(BOB_STARTS_REVIEWING, idea.pk, bob.pk, env=env)
        assert changed.returncode == 0, changed.stderr
        time.sleep(OUTAGE)
        rows = list(OutboxEmail.objects.order_by("pk"))
        assert len(rows) == 16
        assert {row.state for row in rows} == {OutboxEmail.State.PENDING}
        assert min(row.attempts for row in rows) >= 2  # the task retried each
        assert {row.last_error.split(":")[0] for row in rows} == {"ConnectionRefusedError"}

        server, back_at = smtp_server(port=port), timezone.now()
        deadline = 2 * RETRY_MAX + SWEEP_EVERY
        # If some are still pending, the assertions below say which.
        wait_for(lambda: not OutboxEmail.objects.pending().exists(), seconds=deadline + 5)

    received = Counter(message_from_string(text)["Message-ID"] for text in server.received())
    assert received == Counter(emails.to_message(row).extra_headers["Message-ID"] for row in rows)
    rows = OutboxEmail.objects.all()
    assert {row.state for row in rows} == {OutboxEmail.State.SENT}
    assert {row.next_attempt_at for row in rows} == {None}
    assert max(row.sent_at for row in rows) - back_at <= timedelta(seconds=deadline)
