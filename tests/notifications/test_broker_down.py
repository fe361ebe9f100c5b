"""With the broker down, a request that queues email still answers at once: it tries
the broker once, with no retries, leaves the rows to the sweep, and the requests of
the next few seconds do not try again.

The requests run in a child process whose settings point the broker (REDIS_URL) at a
closed port, as production's settings do when Redis is down."""

import json

import pytest

from ideas.models import Follow
from notifications.models import OutboxEmail
from tests.factories import UserFactory
from tests.notifications.conftest import free_port
from tests.processes import child_env, run_django

TWO_STATUS_CHANGES = """
import json, socket, sys, time
from django.test import Client
from accounts.models import User

broker_port, idea_id = int(sys.argv[1]), int(sys.argv[2])
attempts = []
connect = socket.socket.connect

def counting_connect(sock, address):
    if isinstance(address, tuple) and address[1] == broker_port:
        attempts.append(address)
    return connect(sock, address)

socket.socket.connect = counting_connect
client = Client()
client.force_login(User.objects.get(email="bob@example.com"))
answers = []
for status in ["under_review", "planned"]:
    began = time.monotonic()
    response = client.post(f"/ideas/{idea_id}/status/", {"to": status, "note": "Soon."})
    answers.append([response.status_code, time.monotonic() - began])
print(json.dumps({"answers": answers, "broker_attempts": len(attempts)}))
"""


@pytest.fixture
def followers(transactional_db, idea):
    """Twenty people follow alice's idea (she is one of them)."""
    Follow.objects.bulk_create(Follow(idea=idea, user=UserFactory()) for _ in range(19))
    return Follow.objects.filter(idea=idea).count()


def test_with_the_broker_down_a_status_change_answers_at_once_and_leaves_the_rows(
    idea, bob, followers
):
    port = free_port()  # nothing listens there
    env = child_env(REDIS_URL=f"redis://127.0.0.1:{port}/0")

    result = run_django(TWO_STATUS_CHANGES, port, idea.pk, env=env)

    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.splitlines()[-1])
    assert [status for status, _ in report["answers"]] == [302, 302]
    # About 0.4 s each on a quiet machine; kombu's retries would take 6 s or more. The
    # bound leaves room for a loaded CI machine: the attempt count below is the exact check.
    assert all(seconds < 3.0 for _, seconds in report["answers"]), report
    # The first request tried the broker once; the second, seconds later, did not.
    assert report["broker_attempts"] == 1
    assert followers == 20
    assert OutboxEmail.objects.pending().count() == 40
