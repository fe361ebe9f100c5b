import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from ideas.models import Follow, IdeaEvent, Status
from notifications.models import OutboxEmail
from tests.factories import IdeaFactory

SMTP_SERVER = Path(__file__).with_name("smtp_server.py")


@pytest.fixture
def idea(alice):
    """Alice's idea in the Leeds store; she follows it as its author."""
    idea = IdeaFactory(author=alice, title="Let customers book a fitting by text")
    Follow.objects.create(idea=idea, user=alice)
    return idea


@pytest.fixture
def status_event(idea, bob):
    idea.status = Status.UNDER_REVIEW
    idea.save(update_fields=["status"])
    return IdeaEvent.objects.create(
        idea=idea,
        kind=IdeaEvent.Kind.STATUS_CHANGED,
        actor=bob,
        from_status=Status.SUBMITTED,
        to_status=Status.UNDER_REVIEW,
        note="We are looking at the booking system.",
    )


@pytest.fixture
def row_factory(alice):
    def make(**fields):
        count = OutboxEmail.objects.count()
        defaults = {"key": f"test:{count}", "recipient": alice, "to": alice.email}
        return OutboxEmail.objects.create(
            **defaults, kind="comment", subject="Hi", body="Hello", **fields
        )

    return make


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class SMTPServer:
    """A real SMTP server process that refuses its first `refusals` messages."""

    def __init__(self, tmp_path, refusals: int):
        self.port, self.mbox = free_port(), tmp_path / "mbox"
        self.mbox.touch()
        self.process = subprocess.Popen(
            [sys.executable, str(SMTP_SERVER), str(self.port), str(self.mbox), str(refusals)],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def received(self) -> list[str]:
        text = self.mbox.read_text()
        return [part for part in text.split("From frontline-test\n") if part]

    def mailer(self):
        options = {"host": "127.0.0.1", "port": self.port, "timeout": 5}
        backend = "django.core.mail.backends.smtp.EmailBackend"
        return override_settings(MAILERS={"default": {"BACKEND": backend, "OPTIONS": options}})

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def smtp_server(tmp_path):
    """Start with `smtp_server(refusals=1)`; the process is stopped after the test."""
    servers = []

    def start(refusals: int = 0) -> SMTPServer:
        servers.append(SMTPServer(tmp_path, refusals))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()
