"""A real Celery worker, started as `make run` and production start it, takes a task
from the broker and keeps its heartbeat fresh for /healthz."""

import json
import os
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from celery import Celery

from forum.celery import app
from forum.models import WorkerHeartbeat
from tests.processes import BASE_DIR, child_env, running_worker, wait_for

WITH_SERVICES = bool(os.environ.get("DATABASE_URL") and os.environ.get("REDIS_URL"))


@pytest.mark.services
@pytest.mark.skipif(not WITH_SERVICES, reason="needs DATABASE_URL and REDIS_URL set")
def test_a_worker_on_redis_runs_a_task_and_healthz_sees_it(transactional_db, client):
    # The worker must use pytest-django's test database, not the configured one.
    queue, token = f"test-{uuid.uuid4().hex}", f"ping-{uuid.uuid4().hex[:8]}"

    with running_worker(child_env(), queue) as worker:
        app.send_task("forum.ping", args=[token], queue=queue)

        assert wait_for(lambda: WorkerHeartbeat.objects.filter(hostname=token).exists())
        assert WorkerHeartbeat.objects.fresh().filter(hostname=worker.name).exists()
        response = client.get("/healthz")

    assert response.status_code == 200, response.content
    assert response.json()["checks"]["broker"]["transport"] == "redis"


def read_heartbeat(db_file: Path, hostname: str):
    with sqlite3.connect(db_file) as db:
        row = db.execute(
            "SELECT last_seen FROM forum_workerheartbeat WHERE hostname = ?", [hostname]
        ).fetchone()
    return row and row[0]


def test_a_worker_on_the_embedded_defaults_runs_a_task_and_healthz_sees_it(tmp_path):
    """SQLite and the filesystem broker, as `make run` uses them: this test sets up
    its own var dir and database with `manage.py migrate`, as `make run` does."""
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(DEBUG="1", FRONTLINE_VAR_DIR=str(tmp_path))
    manage = [sys.executable, "manage.py"]
    subprocess.run([*manage, "migrate", "--noinput"], cwd=BASE_DIR, env=env, check=True,
                   capture_output=True, timeout=120)  # fmt: skip
    broker = tmp_path / "broker"
    sender = Celery(
        set_as_current=False,  # else forum's shared tasks would send through this app
        broker="filesystem://",
        broker_transport_options={
            "data_folder_in": str(broker / "out"),
            "data_folder_out": str(broker / "out"),
        },
    )
    queue, token = f"test-{uuid.uuid4().hex}", f"ping-{uuid.uuid4().hex[:8]}"

    with running_worker(env, queue) as worker:
        sender.send_task("forum.ping", args=[token], queue=queue)

        assert wait_for(lambda: read_heartbeat(tmp_path / "frontline.sqlite3", token))
        assert read_heartbeat(tmp_path / "frontline.sqlite3", worker.name)
        probe = (
            "from django.test import Client; r = Client().get('/healthz'); "
            "print(r.status_code, r.content.decode())"
        )
        result = subprocess.run([*manage, "shell", "-c", probe], cwd=BASE_DIR, env=env,
                                capture_output=True, text=True, timeout=60)  # fmt: skip

    status, body = result.stdout.strip().splitlines()[-1].split(" ", 1)
    assert status == "200", result.stdout + result.stderr
    assert json.loads(body)["checks"]["broker"]["transport"] == "filesystem"
