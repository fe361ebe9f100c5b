"""Delivering the outbox: exactly once, through failures, retries and the sweep.

The failure tests talk to a real SMTP server process (tests/notifications/smtp_server.py)
that refuses its first message with "451 try again later"."""

import re
from datetime import timedelta
from smtplib import SMTPDataError
from unittest import mock

import pytest
from django.core import mail
from django.core.mail.backends import locmem
from django.utils import timezone
from kombu.exceptions import OperationalError

from notifications import emails
from notifications.dispatch import notify_idea_event
from notifications.models import GIVE_UP_AFTER, OutboxEmail
from notifications.tasks import deliver_email, sweep_outbox
from tests.concurrency import run_at_once


@pytest.fixture
def row(status_event):
    notify_idea_event(event=status_event)
    return OutboxEmail.objects.get()


def age(row, minutes=2):
    """As if the row were written `minutes` ago and its back-off had passed."""
    past = timezone.now() - timedelta(minutes=minutes)
    OutboxEmail.objects.filter(pk=row.pk).update(created_at=past, next_attempt_at=None)


def test_the_task_sends_the_email_and_marks_it_sent(row, alice):
    deliver_email.apply((row.pk,))
    row.refresh_from_db()
    assert row.state == OutboxEmail.State.SENT and row.sent_at is not None
    assert row.attempts == 1 and row.claimed_until is None
    assert mail.outbox[0].to == [alice.email]
    assert mail.outbox[0].subject == row.subject


def test_a_sent_email_is_never_sent_again(row):
    deliver_email.apply((row.pk,))
    deliver_email.apply((row.pk,))
    age(row)
    assert sweep_outbox.apply().get() == 0
    assert len(mail.outbox) == 1


def test_a_row_being_sent_is_not_taken_by_a_second_worker(row):
    """A retry arrives while the sweep is in the middle of sending the same row."""
    second_worker = []
    real_send = locmem.EmailBackend.send_messages

    def send_while_another_worker_tries(backend, messages):
        second_worker.append(emails.deliver(row.pk))
        return real_send(backend, messages)

    with mock.patch.object(locmem.EmailBackend, "send_messages", send_while_another_worker_tries):
        assert emails.deliver(row.pk) is True
    assert second_worker == [False]
    assert len(mail.outbox) == 1


def test_a_refused_first_attempt_is_delivered_once_by_the_celery_retry(row, smtp_server):
    server = smtp_server(refusals=1)
    with server.mailer():
        # Run as Celery would; eagerly, the autoretry runs the retry at once.
        result = deliver_email.apply((row.pk,))
        assert result.successful()
        row.refresh_from_db()
        assert row.state == OutboxEmail.State.SENT and row.attempts == 2
        # The sweep and a late duplicate of the retry find nothing to send.
        age(row)
        sweep_outbox.apply()
        deliver_email.apply((row.pk,))
    (message,) = server.received()
    assert "Subject: [Frontline] Bob Baker moved" in message
    assert "List-Unsubscribe-Post: List-Unsubscribe=One-Click" in message
    assert re.search(
        r"^List-Unsubscribe: <http://\S+/notifications/unsubscribe/\S+/>", message, re.M
    )


def test_a_refused_first_attempt_is_recorded_then_delivered_once_by_the_sweep(row, smtp_server):
    server = smtp_server(refusals=1)
    with server.mailer():
        with pytest.raises(SMTPDataError):
            emails.deliver(row.pk)
        row.refresh_from_db()
        assert row.state == OutboxEmail.State.PENDING
        assert row.attempts == 1 and "451" in row.last_error
        assert row.next_attempt_at > timezone.now()
        assert server.received() == []

        assert sweep_outbox.apply().get() == 0  # too young, and backing off
        age(row)
        assert sweep_outbox.apply().get() == 1
        deliver_email.apply((row.pk,))  # Celery's retry, arriving after the sweep
        sweep_outbox.apply()
    row.refresh_from_db()
    assert row.state == OutboxEmail.State.SENT and row.attempts == 2
    assert len(server.received()) == 1


def test_a_mail_server_that_is_down_leaves_the_row_for_the_sweep(row, smtp_server):
    server = smtp_server()
    port = server.port
    server.stop()  # nothing listens on the port now
    with server.mailer(), pytest.raises(ConnectionRefusedError):
        emails.deliver(row.pk)
    row.refresh_from_db()
    assert row.state == OutboxEmail.State.PENDING and "Connection refused" in row.last_error

    server = smtp_server()
    with server.mailer():
        age(row)
        assert sweep_outbox.apply().get() == 1
    assert server.port != port and len(server.received()) == 1


def test_with_the_broker_down_the_row_waits_for_the_sweep(
    status_event, django_capture_on_commit_callbacks
):
    broker_down = mock.patch(
        "notifications.tasks.deliver_email.apply_async",
        side_effect=OperationalError("[Errno 111] Connection refused"),
    )
    with broker_down, django_capture_on_commit_callbacks(execute=True):
        notify_idea_event(event=status_event)
    row = OutboxEmail.objects.get()
    assert row.state == OutboxEmail.State.PENDING and mail.outbox == []
    age(row)
    sweep_outbox.apply()
    row.refresh_from_db()
    assert row.state == OutboxEmail.State.SENT and len(mail.outbox) == 1


def test_the_sweep_leaves_young_rows_to_their_task(row):
    assert sweep_outbox.apply().get() == 0
    assert mail.outbox == []


def test_the_sweep_takes_a_row_whose_worker_died_mid_send(row):
    past = timezone.now() - timedelta(minutes=10)
    OutboxEmail.objects.filter(pk=row.pk).update(created_at=past, claimed_until=past)
    assert sweep_outbox.apply().get() == 1


def test_the_sweep_does_not_take_a_row_a_worker_is_sending(row):
    soon = timezone.now() + timedelta(minutes=3)
    age(row)
    OutboxEmail.objects.filter(pk=row.pk).update(claimed_until=soon)
    assert sweep_outbox.apply().get() == 0


def test_a_row_still_failing_a_day_after_it_was_written_is_given_up(row, smtp_server):
    server = smtp_server(refusals=5)
    OutboxEmail.objects.filter(pk=row.pk).update(created_at=timezone.now() - GIVE_UP_AFTER)
    with server.mailer(), pytest.raises(SMTPDataError):
        emails.deliver(row.pk)
    row.refresh_from_db()
    assert row.state == OutboxEmail.State.FAILED
    OutboxEmail.objects.filter(pk=row.pk).update(next_attempt_at=None)
    assert sweep_outbox.apply().get() == 0


def test_a_row_failing_for_hours_is_still_retried(row, smtp_server):
    server = smtp_server(refusals=5)
    OutboxEmail.objects.filter(pk=row.pk).update(
        created_at=timezone.now() - timedelta(hours=20), attempts=200
    )
    with server.mailer(), pytest.raises(SMTPDataError):
        emails.deliver(row.pk)
    row.refresh_from_db()
    assert row.state == OutboxEmail.State.PENDING


@pytest.mark.parametrize(
    ("age", "wait"),
    [
        (timedelta(0), timedelta(minutes=1)),
        (timedelta(minutes=3), timedelta(minutes=3)),
        (timedelta(hours=5), timedelta(minutes=5)),
    ],
)
def test_after_a_failure_the_sweep_waits_as_long_as_the_row_is_old_up_to_five_minutes(
    row, age, wait
):
    now = timezone.now()
    row.created_at = now - age
    for attempts in (1, 9, 50):  # the task's retries do not lengthen the wait
        row.attempts = attempts
        assert emails.retry_delay(row, now) == wait


@pytest.mark.django_db(transaction=True)
def test_racing_workers_send_an_email_once(status_event, smtp_server):
    """Four workers (retries and sweeps) start on the same row at the same moment."""
    notify_idea_event(event=status_event)
    row = OutboxEmail.objects.get()
    server = smtp_server()

    with server.mailer():
        results = run_at_once([lambda: emails.deliver(row.pk)] * 4)

    assert sorted(results) == [False, False, False, True]
    assert len(server.received()) == 1
