"""A send is over before its row's lease is, so no second worker takes a row that is
still being sent: the worker stops a sending task first."""

from datetime import timedelta
from unittest import mock

import pytest
from celery.contrib.testing.mocks import TaskMessage
from celery.exceptions import SoftTimeLimitExceeded
from celery.worker.request import Request
from django.core.mail.backends.locmem import EmailBackend
from django.utils import timezone

from forum.celery import app
from forum.settings import email_from_parts, email_from_url
from notifications import emails, tasks  # noqa: F401 (registers the sending tasks)
from notifications.models import CLAIM_LEASE, OutboxEmail

SENDING_TASKS = ["notifications.deliver_email", "notifications.sweep_outbox"]


def limits_the_worker_applies(task_name: str) -> tuple[float, float]:
    """(soft, hard) time limits a worker gives the pool for a message of this task."""
    pool = mock.Mock()
    Request(TaskMessage(task_name, args=(1,)), app=app).execute_using_pool(pool)
    options = pool.apply_async.call_args.kwargs
    return options["soft_timeout"], options["timeout"]


@pytest.mark.parametrize("task_name", SENDING_TASKS)
def test_the_worker_stops_a_sending_task_before_the_lease_expires(task_name):
    soft, hard = limits_the_worker_applies(task_name)
    lease = CLAIM_LEASE.total_seconds()
    # Killed a minute before the lease expires, warned half a minute before that.
    assert (hard, soft) == (lease - 60, lease - 90) == (240, 210)


def test_the_smtp_timeout_is_far_below_the_time_limits():
    soft, _ = limits_the_worker_applies("notifications.deliver_email")
    timeout = email_from_url("smtp://mail.example.com")["OPTIONS"]["timeout"]
    assert timeout == email_from_parts()["OPTIONS"]["timeout"] == 10
    # A send is about seven exchanges with the server (connect, EHLO, MAIL, RCPT,
    # DATA, the message, QUIT), each waiting for at most the timeout.
    assert 7 * timeout < soft


@pytest.fixture
def rows(row_factory):
    """Two rows the sweep should send: old enough, and nobody sending them."""
    rows = [row_factory(), row_factory()]
    OutboxEmail.objects.update(created_at=timezone.now() - timedelta(minutes=2))
    return rows


def stopped_by_the_soft_limit():
    return mock.patch.object(EmailBackend, "send_messages", side_effect=SoftTimeLimitExceeded())


def test_a_send_stopped_by_the_soft_limit_frees_the_row_for_a_later_attempt(rows):
    with stopped_by_the_soft_limit(), pytest.raises(SoftTimeLimitExceeded):
        emails.deliver(rows[0].pk)
    row = OutboxEmail.objects.get(pk=rows[0].pk)
    assert row.state == OutboxEmail.State.PENDING and row.claimed_until is None
    assert row.last_error.startswith("SoftTimeLimitExceeded")


def test_the_sweep_stops_at_the_soft_limit_and_leaves_the_rest(rows):
    with stopped_by_the_soft_limit() as send, pytest.raises(SoftTimeLimitExceeded):
        emails.sweep()
    assert send.call_count == 1
    untouched = OutboxEmail.objects.get(pk=rows[1].pk)
    assert untouched.attempts == 0 and untouched.state == OutboxEmail.State.PENDING
