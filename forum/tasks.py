"""Tasks of the site shell: proof that workers are alive and consuming."""

from celery import shared_task

from forum.models import WorkerHeartbeat


@shared_task(name="forum.heartbeat", bind=True)
def heartbeat(self):
    """Run by beat: the worker that takes it records its heartbeat (so beat, broker
    and worker are seen working together) and stale rows are pruned."""
    WorkerHeartbeat.objects.record(self.request.hostname or "unknown")
    WorkerHeartbeat.objects.prune()


@shared_task(name="forum.ping")
def ping(name: str):
    """Write a heartbeat row called `name`: a round trip through broker and worker
    that a test or an operator can watch for."""
    WorkerHeartbeat.objects.record(name)
