"""What README.md promises about email delivery, shown with real processes: a Celery
worker, the broker and an SMTP server that SIGKILLs the worker at chosen moments.

An email is sent once. Only a worker that dies between the mail server accepting a
message and the row being marked sent makes it go out twice, with the same
Message-ID, when its lease has expired; a worker that dies any later (here: at QUIT)
sends nothing twice."""

import re
import uuid
from collections import Counter
from datetime import timedelta

import pytest
from django.utils import timezone

from notifications.models import OutboxEmail
from notifications.tasks import deliver_email, sweep_outbox
from tests.processes import child_env, running_worker, wait_for


def message_id(message: str) -> str:
    return re.search(r"^Message-ID: (<[^>]+>)", message, re.MULTILINE | re.I)[1]


def as_if_the_leases_had_expired():
    """The lease of a row whose worker died is over, and every row is old enough
    for the sweep."""
    past = timezone.now() - timedelta(hours=1)
    OutboxEmail.objects.update(created_at=past)
    OutboxEmail.objects.filter(claimed_until__isnull=False).update(claimed_until=past)


@pytest.mark.django_db(transaction=True)
def test_a_worker_killed_mid_send_sends_that_email_twice_and_every_other_once(
    row_factory, smtp_server, tmp_path
):
    group_file = tmp_path / "worker-group"
    server = smtp_server(
        options=["--kill-group-in", group_file, "--kill-after-data", 2, "--kill-at-quit", 4]
    )
    env = child_env(EMAIL_URL=f"smtp://127.0.0.1:{server.port}")
    queue = f"test-{uuid.uuid4().hex}"
    rows = [row_factory() for _ in range(6)]
    for row in rows:
        deliver_email.apply_async((row.pk,), queue=queue)

    for _ in range(2):  # the server kills the first two workers
        with running_worker(env, queue) as worker:
            group_file.write_text(str(worker.pid))
            worker.wait(timeout=60)
        as_if_the_leases_had_expired()
    with running_worker(env, queue):
        sweep_outbox.apply_async(queue=queue)
        assert wait_for(lambda: not OutboxEmail.objects.pending().exists(), seconds=60)

    (after_data, at_quit) = server.kills()
    assert after_data.startswith("after-data ") and at_quit.startswith("at-quit ")
    sent_twice = after_data.split()[1]
    expected = Counter({f"<outbox-{row.pk}@127.0.0.1>": 1 for row in rows})
    expected[sent_twice] += 1
    assert Counter(message_id(message) for message in server.received()) == expected
    assert set(OutboxEmail.objects.values_list("state", flat=True)) == {OutboxEmail.State.SENT}
