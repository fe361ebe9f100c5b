import socket
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from ideas.models import Follow, IdeaEvent, Status
from notifications import dispatch
from notifications.models import OutboxEmail
from tests.factories import IdeaFactory

SMTP_SERVER = Path(__file__).with_name("smtp_server.py")


@pytest.fixture(autouse=True)
def _broker_not_known_to_be_down(monkeypatch):
    """A test whose broker failed must not make the next tests skip theirs."""
    monkeypatch.setattr(dispatch, "_broker_down_until", 0.0)


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


def mailer_at(port: int):
    """Settings that send email by SMTP to 127.0.0.1:port."""
    options = {"host": "127.0.0.1", "port": port, "timeout": 5}
    backend = "django.core.mail.backends.smtp.EmailBackend"
    return override_settings(MAILERS={"default": {"BACKEND": backend, "OPTIONS": options}})


class SMTPServer:
    """A real SMTP server process that refuses its first `refusals` messages."""

    def __init__(self, tmp_path, refusals: int, port: int | None = None, options=()):
        self.port, self.mbox = port or free_port(), tmp_path / "mbox"
        self.mbox.touch()
        self.process = subprocess.Popen(
            [sys.executable, str(SMTP_SERVER), str(self.port), str(self.mbox), str(refusals)]
            + [str(option) for option in options],
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "ready"

    def received(self) -> list[str]:
        text = self.mbox.read_text()
        return [part for part in text.split("From frontline-test\n") if part]

    def kills(self) -> list[str]:
        """The crashes it caused, as "<moment> <Message-ID>" (see smtp_server.py)."""
        log = self.mbox.with_name(self.mbox.name + ".kills")
        return log.read_text().splitlines() if log.exists() else []

    def mailer(self):
        return mailer_at(self.port)

    def stop(self):
        self.process.terminate()
        self.process.wait(timeout=10)


@pytest.fixture
def smtp_server(tmp_path):
    """Start with `smtp_server(refusals=1)` (or on a given `port=`, with more of
    smtp_server.py's `options=`); the process is stopped after the test."""
    servers = []

    def start(refusals: int = 0, port: int | None = None, options=()) -> SMTPServer:
        servers.append(SMTPServer(tmp_path, refusals, port, options))
        return servers[-1]

    yield start
    for server in servers:
        server.stop()
