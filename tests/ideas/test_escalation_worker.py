"""End to end: the beat and a worker, started as `make run` starts them (SQLite and the
filesystem broker), escalate an unanswered idea to bob and then to his manager nora,
each by an in-app notification and an email, once.

The clock cannot be moved across processes, so the idea is moved instead: submitted
N days ago (plus an hour), then 2N days ago. The beat runs the scan every second here
(ESCALATION_SCAN_SECONDS)."""

import os
import signal
import sqlite3
import subprocess
import sys
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.conf import settings

from tests.processes import wait_for

BASE_DIR = Path(settings.BASE_DIR)
MANAGE = [sys.executable, "manage.py"]

SETUP = """
from datetime import timedelta
from django.utils import timezone
from accounts.models import Team, User
from ideas.models import Idea

acme = Team.objects.create(name="Acme", kind="company")
north = Team.objects.create(name="North region", kind="region", parent=acme)
leeds = Team.objects.create(name="Leeds store", kind="store", parent=north)
nora = User.objects.create_user("nora@example.com", display_name="Nora North", team=north)
bob = User.objects.create_user("bob@example.com", display_name="Bob Baker", team=leeds)
alice = User.objects.create_user("alice@example.com", display_name="Alice Archer", team=leeds)
north.manager, leeds.manager = nora, bob
north.save()
leeds.save()
idea = Idea.objects.create(
    author=alice, team=leeds, routed_team=leeds, title="Quieter hold music",
    problem="Too loud", proposal="Turn it down",
    created_at=timezone.now() - timedelta(days=5, hours=1),
)
print(idea.pk)
"""


@contextmanager
def running(command, env):
    """A Celery process, stopped with a warm shutdown at the end; its output is
    printed (shown by pytest when the test fails)."""
    proc = subprocess.Popen(
        command, cwd=BASE_DIR, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    try:
        yield proc
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            output, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
            output, _ = proc.communicate()
        print(output.decode(errors="replace")[-3000:])


def sqlite_time(moment: datetime) -> str:
    """How Django's SQLite backend stores an aware datetime: naive UTC text."""
    return moment.astimezone(UTC).replace(tzinfo=None).isoformat(" ", timespec="microseconds")


class Site:
    """Reads and writes the subprocesses' SQLite database and mail folder."""

    def __init__(self, var_dir: Path):
        self.db_file, self.mail_dir = var_dir / "frontline.sqlite3", var_dir / "mail"

    def query(self, sql, params=()):
        with sqlite3.connect(self.db_file, timeout=10) as db:
            return db.execute(sql, params).fetchall()

    def notified(self, email):
        return self.query(
            "SELECT n.text FROM notifications_notification n "
            "JOIN accounts_user u ON u.id = n.recipient_id WHERE u.email = ?",
            [email],
        )

    def emails_to(self, email) -> int:
        """Messages the file backend wrote to `email`."""
        files = self.mail_dir.glob("*.log") if self.mail_dir.exists() else []
        return sum(f.read_text(errors="replace").count(f"\nTo: {email}\n") for f in files)

    def heard(self, email, count=1) -> bool:
        return len(self.notified(email)) == count and self.emails_to(email) == count

    def submitted_days_ago(self, idea_id, days, hours):
        created = datetime.now(UTC) - timedelta(days=days, hours=hours)
        self.query(
            "UPDATE ideas_idea SET created_at = ?, answer_due_at = ? WHERE id = ?",
            [sqlite_time(created), sqlite_time(created + timedelta(days=5)), idea_id],
        )


def test_the_beat_and_a_worker_escalate_to_bob_then_to_nora(tmp_path):
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in {"DATABASE_URL", "REDIS_URL", "EMAIL_URL", "EMAIL_HOST"}
    }
    env.update(DEBUG="1", FRONTLINE_VAR_DIR=str(tmp_path), ESCALATION_SCAN_SECONDS="1")
    env.pop("CELERY_TASK_ALWAYS_EAGER", None)
    run = {"cwd": BASE_DIR, "env": env, "capture_output": True, "text": True, "timeout": 120}
    subprocess.run([*MANAGE, "migrate", "--noinput"], check=True, **run)
    setup = subprocess.run([*MANAGE, "shell", "-c", SETUP], check=True, **run)
    idea_id = int(setup.stdout.strip().splitlines()[-1])
    site = Site(tmp_path)
    celery = [sys.executable, "-m", "celery", "-A", "forum"]

    with ExitStack() as stack:
        stack.enter_context(
            running(
                [
                    *celery,
                    "worker",
                    "--concurrency=1",
                    "--without-gossip",
                    "--without-mingle",
                    "--loglevel=INFO",
                ],
                env,
            )  # fmt: skip
        )
        stack.enter_context(running([*celery, "beat", "--loglevel=INFO"], env))

        assert wait_for(lambda: site.heard("bob@example.com"), seconds=40)
        assert site.notified("nora@example.com") == []

        site.submitted_days_ago(idea_id, days=10, hours=1)

        assert wait_for(lambda: site.heard("nora@example.com"), seconds=30)
        text = "“Quieter hold music” is escalated to you: still unanswered"
        assert site.notified("bob@example.com") == site.notified("nora@example.com") == [(text,)]

    levels = site.query(
        "SELECT e.level, u.email FROM ideas_escalation e JOIN accounts_user u "
        "ON u.id = e.manager_id ORDER BY e.level"
    )
    assert levels == [(0, "bob@example.com"), (1, "nora@example.com")]
    assert site.emails_to("bob@example.com") == site.emails_to("nora@example.com") == 1
