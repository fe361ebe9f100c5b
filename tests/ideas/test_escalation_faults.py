"""Redis down when an escalation fires, back later: the scan still writes everything
the manager must hear (the escalation, its timeline event, the in-app notification
and the outbox email) and ends at once; once Redis is back, a worker and beat send
the email, once, and later scans fire nothing new.

The scan runs in a child process (`manage.py escalate`) whose broker is a Redis
server of this test's own, on its own port, so the shared Redis is never stopped."""

import json
import shutil
import subprocess
import time
import uuid
from collections import Counter
from datetime import timedelta
from email import message_from_string

import pytest
import redis
from django.utils import timezone

from ideas.models import Escalation, IdeaEvent
from notifications import emails
from notifications.models import Notification, OutboxEmail
from tests.ideas.lifecycle_helpers import submitted_idea
from tests.notifications.conftest import SMTPServer, free_port
from tests.processes import child_env, run_django, running_beat, running_worker, wait_for

REDIS_SERVER = shutil.which("redis-server")
N = timedelta(days=5)  # the policy's default

ESCALATE_NOW = """
import io, json, time
from django.core.management import call_command

output, began = io.StringIO(), time.monotonic()
call_command("escalate", stdout=output)
print(json.dumps({"seconds": time.monotonic() - began, "output": output.getvalue()}))
"""


class RedisServer:
    """A redis-server process on a port of its own, started and stopped at will."""

    def __init__(self, directory):
        self.port, self.directory, self.process = free_port(), directory, None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        command = [REDIS_SERVER, "--port", str(self.port), "--bind", "127.0.0.1"]
        command += ["--save", "", "--appendonly", "no", "--dir", str(self.directory)]
        self.process = subprocess.Popen(
            command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        assert wait_for(self.answers, seconds=10), "redis-server did not start"

    def answers(self) -> bool:
        try:
            return redis.Redis.from_url(self.url, socket_connect_timeout=0.5).ping()
        except redis.ConnectionError:
            return False

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


@pytest.fixture
def private_redis(tmp_path):
    server = RedisServer(tmp_path)
    yield server
    server.stop()


@pytest.fixture
def smtp(tmp_path):
    server = SMTPServer(tmp_path, refusals=0)
    yield server
    server.stop()


def escalate_now(env) -> dict:
    result = run_django(ESCALATE_NOW, env=env, timeout=60)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    return {**report, "log": result.stderr}


@pytest.mark.services
@pytest.mark.skipif(REDIS_SERVER is None, reason="needs redis-server: it stops its own Redis")
@pytest.mark.django_db(transaction=True)
def test_an_escalation_fired_while_redis_is_down_reaches_bob_once_when_it_is_back(
    alice, bob, private_redis, smtp, tmp_path
):
    idea = submitted_idea(
        alice, title="Quieter hold music", created_at=timezone.now() - N - timedelta(hours=1)
    )
    queue = f"test-{uuid.uuid4().hex}"
    env = child_env(
        REDIS_URL=private_redis.url,  # nothing listens there yet
        EMAIL_URL=f"smtp://127.0.0.1:{smtp.port}",
        CELERY_QUEUE=queue,
        OUTBOX_SWEEP_SECONDS="1",
        OUTBOX_RETRY_MIN_SECONDS="1",
        OUTBOX_RETRY_MAX_SECONDS="5",
        ESCALATION_SCAN_SECONDS="1",
    )

    down = escalate_now(env)

    assert down["output"].splitlines() == [
        f"Escalated #{idea.pk} “Quieter hold music”: unanswered, level 0 → Bob Baker (Leeds store)",
        "1 escalation fired (1 unanswered, 0 popular); 1 idea checked.",
    ]
    # One try of the broker, no retries (which take 6 s or more); room for a loaded machine.
    assert down["seconds"] < 4.0, down
    assert "Could not queue emails" in down["log"]  # it did try, and left the row
    assert list(Escalation.objects.values_list("idea", "level", "manager")) == [
        (idea.pk, 0, bob.pk)
    ]
    assert IdeaEvent.objects.filter(kind=IdeaEvent.Kind.ESCALATED).count() == 1
    text = "“Quieter hold music” is escalated to you: still unanswered"
    assert list(Notification.objects.values_list("recipient", "text")) == [(bob.pk, text)]
    (row,) = OutboxEmail.objects.all()
    assert (row.to, row.state, row.attempts) == (bob.email, OutboxEmail.State.PENDING, 0)

    private_redis.start()
    with running_worker(env, queue), running_beat(env, tmp_path / "beat-schedule"):
        assert wait_for(lambda: len(smtp.received()) >= 1, seconds=30)
        again = escalate_now(env)
        time.sleep(3)  # beat's own scans and sweeps, every second

    assert again["output"].splitlines() == [
        "0 escalations fired (0 unanswered, 0 popular); 1 idea checked."
    ]
    received = Counter(
        (message["To"], message["Message-ID"])
        for message in map(message_from_string, smtp.received())
    )
    assert received == Counter({(bob.email, emails.to_message(row).extra_headers["Message-ID"]): 1})
    assert Escalation.objects.count() == 1
    assert IdeaEvent.objects.filter(kind=IdeaEvent.Kind.ESCALATED).count() == 1
    assert list(Notification.objects.values_list("recipient", "text")) == [(bob.pk, text)]
    assert list(OutboxEmail.objects.values_list("pk", "state")) == [
        (row.pk, OutboxEmail.State.SENT)
    ]
