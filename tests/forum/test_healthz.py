"""/healthz: public JSON, 200 when the database, broker and workers are up, else 503
naming what is down."""

import socket
import time
from datetime import timedelta

import pytest
from django.utils import timezone

from forum.celery import app
from forum.models import WorkerHeartbeat


@pytest.fixture
def fresh_heartbeat(db):
    return WorkerHeartbeat.objects.create(hostname="celery@web-1", last_seen=timezone.now())


@pytest.fixture
def closed_port():
    """A local port that nothing listens on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_healthz_is_ok_with_a_fresh_heartbeat(client, fresh_heartbeat):
    response = client.get("/healthz")

    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["down"] == []
    assert set(body["checks"]) == {"database", "broker", "workers"}
    assert body["checks"]["workers"]["count"] == 1


def test_healthz_needs_no_login_and_is_not_cached(client, fresh_heartbeat):
    response = client.get("/healthz")

    assert response.status_code == 200
    assert "no-cache" in response.headers["Cache-Control"]


def test_healthz_names_workers_when_there_is_no_heartbeat(client, db):
    response = client.get("/healthz")

    assert response.status_code == 503
    body = response.json()
    assert body["status"] == "down"
    assert body["down"] == ["workers"]
    assert body["checks"]["workers"]["up"] is False


def test_healthz_names_workers_when_the_heartbeat_is_stale(client, db, settings):
    settings.WORKER_HEARTBEAT_MAX_AGE = 90
    WorkerHeartbeat.objects.create(
        hostname="celery@web-1", last_seen=timezone.now() - timedelta(seconds=91)
    )

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["down"] == ["workers"]


def test_a_heartbeat_just_inside_the_max_age_counts(client, db, settings):
    settings.WORKER_HEARTBEAT_MAX_AGE = 90
    WorkerHeartbeat.objects.create(
        hostname="celery@web-1", last_seen=timezone.now() - timedelta(seconds=80)
    )

    assert client.get("/healthz").status_code == 200


def test_healthz_names_the_broker_quickly_when_it_is_unreachable(
    client, fresh_heartbeat, monkeypatch, closed_port
):
    monkeypatch.setitem(app.conf, "broker_url", f"redis://127.0.0.1:{closed_port}/0")

    started = time.monotonic()
    response = client.get("/healthz")
    elapsed = time.monotonic() - started

    assert response.status_code == 503
    body = response.json()
    assert body["down"] == ["broker"]
    assert body["checks"]["broker"]["error"]
    assert elapsed < 2.0, f"/healthz took {elapsed:.2f} s with the broker down"


def test_healthz_names_the_filesystem_broker_when_its_folder_is_gone(
    client, fresh_heartbeat, monkeypatch, tmp_path
):
    options = {
        "data_folder_in": str(tmp_path / "missing"),
        "data_folder_out": str(tmp_path / "missing"),
        "processed_folder": str(tmp_path),
    }
    monkeypatch.setitem(app.conf, "broker_url", "filesystem://")
    monkeypatch.setitem(app.conf, "broker_transport_options", options)

    response = client.get("/healthz")

    assert response.status_code == 503
    assert response.json()["down"] == ["broker"]


def test_the_heartbeat_task_records_its_worker_and_prunes_old_rows(db):
    from forum.tasks import heartbeat

    old = timezone.now() - timedelta(days=2)
    WorkerHeartbeat.objects.create(hostname="celery@retired", last_seen=old)

    heartbeat.apply()

    hostnames = list(WorkerHeartbeat.objects.values_list("hostname", flat=True))
    assert hostnames == [socket.gethostname()]


def test_the_worker_step_writes_a_heartbeat_and_repeats_it(db):
    from forum.celery import HEARTBEAT_INTERVAL, WorkerHeartbeatStep

    class FakeTimer:
        def call_repeatedly(self, secs, fun, args=(), priority=0):
            self.secs, self.fun, self.args = secs, fun, args
            return self

        def cancel(self):
            self.cancelled = True

    class FakeWorker:
        hostname = "celery@web-3"
        timer = FakeTimer()

    worker = FakeWorker()
    step = WorkerHeartbeatStep(worker)
    step.start(worker)
    first = WorkerHeartbeat.objects.get(hostname="celery@web-3").last_seen
    worker.timer.fun(*worker.timer.args)
    step.stop(worker)

    assert worker.timer.secs == HEARTBEAT_INTERVAL <= 15
    assert WorkerHeartbeat.objects.get(hostname="celery@web-3").last_seen > first
    assert worker.timer.cancelled
