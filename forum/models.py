from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone


class WorkerHeartbeatQuerySet(models.QuerySet):
    def fresh(self):
        """Heartbeats young enough for /healthz to count the worker as up."""
        cutoff = timezone.now() - timedelta(seconds=settings.WORKER_HEARTBEAT_MAX_AGE)
        return self.filter(last_seen__gte=cutoff)

    def record(self, hostname: str) -> None:
        """Say that `hostname` is alive now: one upsert."""
        self.update_or_create(hostname=hostname[:200], defaults={"last_seen": timezone.now()})

    def prune(self, older_than: timedelta = timedelta(days=1)) -> int:
        """Forget workers not seen for a day (renamed or retired hosts)."""
        deleted, _ = self.filter(last_seen__lt=timezone.now() - older_than).delete()
        return deleted


class WorkerHeartbeat(models.Model):
    """Written by every Celery worker every few seconds; /healthz reads it."""

    hostname = models.CharField(max_length=200, unique=True)
    last_seen = models.DateTimeField()

    objects = WorkerHeartbeatQuerySet.as_manager()

    def __str__(self):
        return self.hostname
