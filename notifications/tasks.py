"""Thin Celery tasks: the OutboxEmail row says what must be sent and whether it was."""

from smtplib import SMTPException

from celery import shared_task
from django.db import DatabaseError

from notifications import digests, emails
from notifications.models import SEND_SOFT_TIME_LIMIT, SEND_TIME_LIMIT

# Both tasks send email, so both end before a row's lease does (see SEND_TIME_LIMIT).
LIMITS = {
    "time_limit": SEND_TIME_LIMIT.total_seconds(),
    "soft_time_limit": SEND_SOFT_TIME_LIMIT.total_seconds(),
}


@shared_task(
    name="notifications.deliver_email",
    bind=True,
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
    **LIMITS,
)
def deliver_email(self, outbox_id: int) -> None:
    emails.deliver(outbox_id)  # idempotent: a sent or claimed row is skipped


@shared_task(name="notifications.sweep_outbox", acks_late=True, **LIMITS)
def sweep_outbox() -> int:
    """Run by beat (every OUTBOX_SWEEP_SECONDS): sends the pending rows no task has sent."""
    return emails.sweep()


# --- Digests ------------------------------------------------------------------


@shared_task(
    name="notifications.plan_digests",
    autoretry_for=(DatabaseError,),
    retry_backoff=True,
    max_retries=3,
    acks_late=True,
)
def plan_digests() -> int:
    """Run by beat every 15 minutes: plans the digests due now and queues their
    building. A duplicate tick plans nothing new."""
    return len(digests.plan_digests())


@shared_task(
    name="notifications.build_digests",
    autoretry_for=(DatabaseError, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
)
def build_digests(digest_ids: list[int]) -> dict:
    return digests.build_and_queue(digest_ids)  # idempotent: built and empty rows are skipped


@shared_task(
    name="notifications.deliver_emails",
    autoretry_for=(SMTPException, OSError),
    retry_backoff=True,
    retry_backoff_max=600,
    max_retries=8,
    acks_late=True,
    **LIMITS,
)
def deliver_emails(outbox_ids: list[int]) -> int:
    """A chunk of digests' emails over one SMTP connection."""
    return emails.deliver_many(outbox_ids)  # idempotent: sent or claimed rows are skipped
