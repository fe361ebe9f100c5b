"""After the mail server was down, the waiting mail goes out within minutes of its
return, however often the delivery tasks retried in the meantime.

Real SMTP (a closed port, then a server process on it) on a fake clock: the delivery
tasks' retries and beat's sweep every minute run at the moments they would."""

from contextlib import suppress
from datetime import timedelta

import time_machine
from django.utils import timezone

from notifications import emails
from notifications.models import OutboxEmail
from tests.notifications.conftest import free_port, mailer_at

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
