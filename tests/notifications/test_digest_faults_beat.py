"""A duplicated beat tick taken by two workers at once: each person due a digest gets
exactly one, and a later tick of the same period sends nothing.

Two real workers (separate processes, one task at a time each) share a queue on
Redis; the planning task is sent twice at the same moment, once to each worker's own
queue (a shared queue promises no spread: one worker may prefetch both), so each
worker plans the same period in parallel. The people are in a time zone where it is mid-morning now,
when digests are due; a new idea in their team gives each something to read."""

import os
import re
import time
import uuid
from collections import Counter
from datetime import UTC, datetime
from email import message_from_string
from zoneinfo import ZoneInfo

import pytest

from accounts.models import DigestFrequency
from forum.models import WorkerHeartbeat
from forum.tasks import ping
from notifications import emails
from notifications.models import Digest, OutboxEmail
from notifications.tasks import plan_digests
from tests.factories import IdeaFactory, UserFactory
from tests.processes import child_env, running_worker, wait_for

PEOPLE = 6
PLANNED = re.compile(r"Task notifications\.plan_digests\[[-0-9a-f]+\] succeeded")


def zone_at_nine_now() -> str:
    """A fixed-offset time zone where it is nine something in the morning now
    (digests go out from seven to noon, local time). Etc/GMT's signs are reversed."""
    offset = (9 - datetime.now(UTC).hour + 12) % 24 - 12  # local = UTC + offset
    return f"Etc/GMT{-offset:+d}" if offset else "Etc/GMT"


def tick(queue, name):
    """What beat sends: the planning task; `name` is pinged once it has run."""
    done = ping.si(name).set(queue=queue)
    plan_digests.apply_async(queue=queue, link=done)


def ran(name) -> bool:
    return WorkerHeartbeat.objects.filter(hostname=name).exists()


def pending() -> bool:
    """Digests not built yet, or emails not sent yet."""
    return (
        Digest.objects.filter(state=Digest.State.PENDING).exists()
        or OutboxEmail.objects.pending().exists()
    )


def received(server) -> Counter:
    messages = map(message_from_string, server.received())
    return Counter((message["To"], message["Message-ID"]) for message in messages)


def expected(rows) -> Counter:
    return Counter((row.to, emails.to_message(row).extra_headers["Message-ID"]) for row in rows)


@pytest.mark.services
@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs REDIS_URL: two real workers")
@pytest.mark.django_db(transaction=True)
def test_two_workers_taking_a_duplicated_tick_send_each_person_one_digest(
    alice, leeds, smtp_server
):
    alice.digest_frequency = DigestFrequency.OFF
    alice.save(update_fields=["digest_frequency"])
    people = UserFactory.create_batch(
        PEOPLE, team=leeds, digest_frequency=DigestFrequency.DAILY, time_zone=zone_at_nine_now()
    )
    IdeaFactory(author=alice, title="Let customers book a fitting by text")
    server, queue, token = smtp_server(), f"test-{uuid.uuid4().hex}", uuid.uuid4().hex[:8]
    env = child_env(EMAIL_URL=f"smtp://127.0.0.1:{server.port}", CELERY_QUEUE=queue)

    own = [f"{queue}-first", f"{queue}-second"]
    with (
        running_worker(env, f"{queue},{own[0]}") as first,
        running_worker(env, f"{queue},{own[1]}") as second,
    ):
        workers = [first.name, second.name]
        assert wait_for(lambda: WorkerHeartbeat.objects.filter(hostname__in=workers).count() == 2)
        tick(own[0], f"tick-1-{token}")
        tick(own[1], f"tick-2-{token}")
        assert wait_for(lambda: ran(f"tick-1-{token}") and ran(f"tick-2-{token}"))
        assert wait_for(lambda: len(server.received()) >= PEOPLE and not pending(), seconds=30)
        digests = list(Digest.objects.values_list("user", "period", "period_start", "state"))
        rows = list(OutboxEmail.objects.filter(kind="digest"))

        tick(queue, f"tick-3-{token}")
        assert wait_for(lambda: ran(f"tick-3-{token}"))
        time.sleep(1)  # time to send anything it might have queued

    plans = [len(PLANNED.findall(worker.output)) for worker in (first, second)]
    assert sorted(plans) == [1, 2]  # each planned tick 1 or 2 at once; one also took tick 3
    period = datetime.now(ZoneInfo(people[0].time_zone)).date()
    assert Counter(digests) == Counter(
        {(person.pk, "daily", period, Digest.State.BUILT): 1 for person in people}
    )
    assert sorted(row.to for row in rows) == sorted(person.email for person in people)
    assert received(server) == expected(rows)  # one each, nothing lost, nothing twice
    assert list(Digest.objects.values_list("user", "period", "period_start", "state")) == digests
    assert OutboxEmail.objects.count() == PEOPLE
