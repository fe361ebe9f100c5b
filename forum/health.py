"""What /healthz checks: the database, the broker and the workers' heartbeats.

Each check returns a dict with "up" (bool) and a few facts; none takes more than
about a second, so /healthz answers fast even when Redis or the database is gone.
Errors are named by their class only: /healthz is public.
"""

import logging
import os
import time
from pathlib import Path

from django.conf import settings
from django.db import connection

from forum.celery import app
from forum.models import WorkerHeartbeat

logger = logging.getLogger(__name__)

BROKER_TIMEOUT = 1.0  # seconds, to connect to the broker and hear back


def _elapsed_ms(started: float) -> int:
    return round((time.monotonic() - started) * 1000)


def _failed(name: str, exc: Exception, started: float) -> dict:
    logger.warning("Health check %s failed: %r", name, exc)
    return {"up": False, "error": type(exc).__name__, "ms": _elapsed_ms(started)}


def check_database() -> dict:
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:
        return _failed("database", exc, started)
    return {"up": True, "vendor": connection.vendor, "ms": _elapsed_ms(started)}


def _broker_folders() -> list[Path]:
    options = app.conf.broker_transport_options or {}
    keys = ("data_folder_in", "data_folder_out", "processed_folder")
    return [Path(options[key]) for key in keys if options.get(key)]


def check_broker() -> dict:
    started = time.monotonic()
    url = app.conf.broker_url or ""
    if url.startswith("filesystem"):
        folders = _broker_folders()
        missing = [f.name for f in folders if not (f.is_dir() and os.access(f, os.W_OK))]
        if missing or not folders:
            return {"up": False, "transport": "filesystem", "error": "folder not writable"}
        return {"up": True, "transport": "filesystem", "ms": _elapsed_ms(started)}
    timeouts = {"socket_connect_timeout": BROKER_TIMEOUT, "socket_timeout": BROKER_TIMEOUT}
    try:
        with app.connection_for_write(
            connect_timeout=BROKER_TIMEOUT, transport_options=timeouts
        ) as conn:
            conn.ensure_connection(max_retries=0, timeout=BROKER_TIMEOUT)
            transport = conn.transport_cls
    except Exception as exc:
        return _failed("broker", exc, started)
    return {"up": True, "transport": transport, "ms": _elapsed_ms(started)}


def check_workers() -> dict:
    started = time.monotonic()
    try:
        fresh = WorkerHeartbeat.objects.fresh().order_by("-last_seen")
        latest = list(fresh.values_list("last_seen", flat=True)[:1])
        count = fresh.count() if latest else 0
    except Exception as exc:
        return _failed("workers", exc, started)
    result = {"up": count > 0, "count": count, "max_age_s": settings.WORKER_HEARTBEAT_MAX_AGE}
    if latest:
        result["last_seen"] = latest[0].isoformat()
    else:
        result["error"] = "no recent heartbeat"
    return result


CHECKS = {"database": check_database, "broker": check_broker, "workers": check_workers}


def report() -> dict:
    """{"status": "ok"|"down", "down": [names], "checks": {name: {...}}}."""
    checks = {name: check() for name, check in CHECKS.items()}
    down = [name for name, result in checks.items() if not result["up"]]
    return {"status": "down" if down else "ok", "down": down, "checks": checks}
