from django.db import models


class WorkerHeartbeat(models.Model):
    """Written by every Celery worker every few seconds; /healthz reads it."""

    hostname = models.CharField(max_length=200, unique=True)
    last_seen = models.DateTimeField()

    def __str__(self):
        return self.hostname
