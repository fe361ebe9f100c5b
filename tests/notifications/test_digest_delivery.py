"""A chunk of digest emails goes to the mail server over one connection, each email
exactly once, through a refusal and a server that is down for a while."""

from datetime import timedelta
from smtplib import SMTPDataError
from unittest import mock

import pytest
from django.test import override_settings
from django.utils import timezone

from notifications import emails
from notifications.digests import build_and_queue, plan_digests
from notifications.models import OutboxEmail
from notifications.tasks import deliver_emails
from tests.factories import IdeaFactory
from tests.notifications.conftest import free_port


@pytest.fixture
def digest_rows(alice, bob, carol):
    """Digest emails for alice, bob, nora and carol (all have a new idea to read)."""
    IdeaFactory(author=alice, title="Something to read")
    now = timezone.now() + timedelta(minutes=1)
    build_and_queue(plan_digests(now=now, ignore_hour=True, fan_out=False), now=now)
    return list(OutboxEmail.objects.filter(kind="digest").order_by("pk"))


def recipients(server) -> list[str]:
    return sorted(
        line.split(": ", 1)[1]
        for message in server.received()
        for line in message.splitlines()
        if line.startswith("To: ")
    )


def test_a_chunk_is_sent_once_each(digest_rows, smtp_server):
    server = smtp_server()
    ids = [row.pk for row in digest_rows]
    with server.mailer():
        assert emails.deliver_many(ids) == 4
        assert emails.deliver_many(ids) == 0  # a duplicate task sends nothing
    assert recipients(server) == sorted(row.to for row in digest_rows)
    assert set(OutboxEmail.objects.values_list("state", flat=True)) == {"sent"}


def test_a_refused_email_waits_for_the_retry_and_the_others_go_on(digest_rows, smtp_server):
    server = smtp_server(refusals=1)
    ids = [row.pk for row in digest_rows]
    with server.mailer():
        with pytest.raises(SMTPDataError):  # raised after the others, for the retry
            emails.deliver_many(ids)
        first = OutboxEmail.objects.get(pk=ids[0])
        assert first.state == "pending" and first.attempts == 1 and "451" in first.last_error
        assert len(server.received()) == 3
        assert deliver_emails.apply((ids,)).get() == 1  # the task's retry
    assert recipients(server) == sorted(row.to for row in digest_rows)


def test_with_the_server_down_nothing_is_lost_and_the_retry_sends_all(digest_rows, smtp_server):
    ids = [row.pk for row in digest_rows]
    options = {"host": "127.0.0.1", "port": free_port(), "timeout": 2}
    down = {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }
    with override_settings(MAILERS=down), pytest.raises(OSError):
        emails.deliver_many(ids)
    assert set(OutboxEmail.objects.values_list("state", "attempts")) == {("pending", 0)}
    server = smtp_server()
    with server.mailer():
        assert deliver_emails.apply((ids,)).get() == 4
    assert recipients(server) == sorted(row.to for row in digest_rows)


def test_a_server_lost_mid_chunk_keeps_what_was_sent_and_the_rest_pending(digest_rows):
    ids = [row.pk for row in digest_rows]
    lost = mock.patch(
        "django.core.mail.backends.locmem.EmailBackend.send_messages",
        side_effect=[1, 1, OSError("connection lost")],
    )
    with lost, pytest.raises(OSError):
        emails.deliver_many(ids)
    states = list(OutboxEmail.objects.order_by("pk").values_list("state", "attempts"))
    assert states == [("sent", 1), ("sent", 1), ("pending", 1), ("pending", 0)]
    assert OutboxEmail.objects.get(pk=ids[2]).last_error == "OSError: connection lost"
    assert deliver_emails.apply((ids,)).get() == 2  # the retry sends the other two
