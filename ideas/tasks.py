"""Thin Celery tasks of the ideas app: they call the verbs."""

import logging

from celery import shared_task

from ideas import escalation

logger = logging.getLogger(__name__)


@shared_task(name="ideas.escalate", acks_late=True)
def escalate() -> str:
    """Run by beat every few minutes. Idempotent: an escalation that exists is never
    fired again (a database constraint), so a repeat or a duplicate tick does nothing."""
    report = escalation.scan()
    for fired in report.fired:
        logger.info("Escalated %s", fired)
    logger.info("Escalation scan: %s", report.summary())
    return report.summary()
