"""Child processes that share the test's database and broker: a real Celery worker,
or a Django script. A test that starts one needs `transactional_db`, so that the
child sees the rows the test wrote (and the test sees the child's)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from django.db import connection

BASE_DIR = Path(settings.BASE_DIR)


def wait_for(condition, seconds=20.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.25)
    return False


def shared_database_url() -> str:
    """DATABASE_URL of the test database: the SQLite test file (settings give it a
    file, with the site's options) or the PostgreSQL test database."""
    name = connection.settings_dict["NAME"]
    if connection.vendor == "sqlite":
        return f"sqlite:///{name}"
    return urlsplit(os.environ["DATABASE_URL"])._replace(path=f"/{name}").geturl()


def child_env(**overrides) -> dict:
    return {**os.environ, "DATABASE_URL": shared_database_url(), **overrides}


def run_django(script: str, *args, env=None, timeout=60) -> subprocess.CompletedProcess:
    """Run a Python script in a child process with Django set up."""
    setup = "import django; django.setup()\n"
    return subprocess.run(
        [sys.executable, "-c", setup + script, *map(str, args)],
        cwd=BASE_DIR,
        env=env or child_env(),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


@contextmanager
def running_worker(env, queue, *, pool="prefork"):
    """`celery -A forum worker` on its own queue (so it takes no other test's
    messages), stopped with a warm shutdown at the end. It leads its own process
    group, so that a test can kill it with its pool at once. Yields the process;
    once stopped, its log is in `proc.output`."""
    name = f"test-{uuid.uuid4().hex[:8]}@localhost"
    command = [sys.executable, "-m", "celery", "-A", "forum", "worker", "-n", name, "-Q", queue]
    command += ["--concurrency=1", f"--pool={pool}", "--without-gossip", "--without-mingle"]
    command += ["--loglevel=INFO"]
    proc = subprocess.Popen(
        command,
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    proc.name = name
    try:
        yield proc
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
        try:
            output, _ = proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            output, _ = proc.communicate()
        proc.output = output.decode(errors="replace")  # what it did, for the test
        print(proc.output[-4000:])  # shown by pytest when the test fails


@contextmanager
def running_beat(env, schedule_file):
    """`celery -A forum beat`, its schedule kept in `schedule_file` (so that it shares
    none with another beat), stopped at the end. Yields the process."""
    command = [sys.executable, "-m", "celery", "-A", "forum", "beat", "-s", str(schedule_file)]
    proc = subprocess.Popen(
        [*command, "--loglevel=INFO"],
        cwd=BASE_DIR,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
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
        print(output.decode(errors="replace")[-2000:])
