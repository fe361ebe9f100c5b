"""The Celery app. Tasks live in each app's tasks.py; the schedule is in settings."""

import logging
import os

from celery import Celery, bootsteps

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

logger = logging.getLogger(__name__)

# Each worker writes its WorkerHeartbeat row this often; /healthz allows
# settings.WORKER_HEARTBEAT_MAX_AGE (90 s by default) before calling it down.
HEARTBEAT_INTERVAL = 10.0


def record_heartbeat(hostname: str) -> None:
    """Write this worker's heartbeat row. Never raises: a database that is down
    must not stop the worker, and /healthz reports the database separately."""
    from django.db import close_old_connections, connection

    from forum.models import WorkerHeartbeat

    try:
        if not connection.in_atomic_block:
            close_old_connections()  # drop a connection the database has since closed
        WorkerHeartbeat.objects.record(hostname)
    except Exception:
        logger.exception("Could not record the heartbeat of %s", hostname)


class WorkerHeartbeatStep(bootsteps.StartStopStep):
    """Writes the heartbeat from the worker's own timer, every HEARTBEAT_INTERVAL
    seconds, whether or not beat is running or tasks are flowing."""

    requires = {"celery.worker.components:Timer"}

    def __init__(self, worker, **kwargs):
        super().__init__(worker, **kwargs)
        self.tref = None

    def start(self, worker):
        record_heartbeat(worker.hostname)
        self.tref = worker.timer.call_repeatedly(
            HEARTBEAT_INTERVAL, record_heartbeat, (worker.hostname,), priority=10
        )

    def stop(self, worker):
        if self.tref is not None:
            self.tref.cancel()
            self.tref = None


app = Celery("forum")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.steps["worker"].add(WorkerHeartbeatStep)
app.autodiscover_tasks()
