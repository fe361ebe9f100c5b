"""Notification emails: building an OutboxEmail row, sending it once, and
the signed one-click unsubscribe link every email carries."""

import email.policy
import logging
from datetime import timedelta
from smtplib import SMTPRecipientsRefused, SMTPResponseException
from urllib.parse import urlsplit

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core import mail, signing
from django.core.mail import EmailMultiAlternatives, mailers
from django.db import transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts.models import DigestFrequency, NotificationKind
from notifications.models import (
    CLAIM_LEASE,
    GIVE_UP_AFTER,
    SWEEP_BACKOFF_MAX,
    SWEEP_BACKOFF_MIN,
    OutboxEmail,
)

logger = logging.getLogger(__name__)

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
# Digests are not a NotificationKind but their emails use the same link.
DIGEST = "digest"


def absolute(url: str) -> str:
    return url if "://" in url else settings.SITE_URL + url


# --- Unsubscribe ------------------------------------------------------------


def unsubscribe_token(user_id: int, kind: str) -> str:
    # No timestamp: the same link in the body (written when the email is built) and in
    # the List-Unsubscribe header (written when it is sent).
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign_object([user_id, kind])


def read_unsubscribe_token(token: str) -> tuple[int, str]:
    """(user id, kind) from a token; raises signing.BadSignature when forged."""
    if token.count(":") == 2:  # a link in an email sent before tokens lost their time
        user_id, kind = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    else:
        user_id, kind = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign_object(token)
    if kind != DIGEST and kind not in NotificationKind.values:
        raise signing.BadSignature("Unknown kind")
    return int(user_id), kind


def unsubscribe_url(user_id: int, kind: str) -> str:
    token = unsubscribe_token(user_id, kind)
    return absolute(reverse("notifications:unsubscribe", args=[token]))


def kind_label(kind: str) -> str:
    if kind == DIGEST:
        return "Digest emails"
    return NotificationKind(kind).label


def unsubscribe(*, user, kind: str) -> None:
    """Turn off this kind of email for this person (the digest: frequency off)."""
    if kind == DIGEST:
        user.digest_frequency = DigestFrequency.OFF
        user.save(update_fields=["digest_frequency"])
        return
    switches = dict(user.notification_settings)
    switches[kind] = {**switches.get(kind, {"in_app": True}), "email": False}
    user.notification_settings = switches
    user.save(update_fields=["notification_settings"])


# --- Building ---------------------------------------------------------------


def build_notification_email(
    *, key: str, recipient, kind: str, text: str, url: str, detail: str = ""
) -> OutboxEmail:
    """An unsaved OutboxEmail for one notification; the caller bulk-creates them."""
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "recipient": recipient,
        "text": text,
        "detail": detail,
        "action_url": absolute(url) if url else settings.SITE_URL + "/",
        "preferences_url": absolute(reverse("accounts:preferences")),
        "unsubscribe_url": unsubscribe_url(recipient.pk, kind),
        "kind_label": kind_label(kind),
    }
    subject = " ".join(f"[{settings.SITE_NAME}] {text}".split())
    return OutboxEmail(
        key=key,
        recipient=recipient,
        to=recipient.email,
        kind=kind,
        subject=subject[:250],
        body=render_to_string("emails/notification.txt", context),
        html_body=render_to_string("emails/notification.html", context),
    )


class NotificationMessage(EmailMultiAlternatives):
    def message(self, *, policy=email.policy.default):
        # Mail apps only honour List-Unsubscribe as a plain <URL>, but folding headers
        # at 78 characters makes Python encode a long URL as RFC 2047 words. The body
        # is encoded by now; only the headers are written with the 998-character
        # lines RFC 5322 permits.
        msg = super().message(policy=policy)
        msg.policy = msg.policy.clone(max_line_length=998)
        return msg


def to_message(row: OutboxEmail) -> EmailMultiAlternatives:
    # A stable Message-ID per row lets a mail server recognise a repeat.
    host = urlsplit(settings.SITE_URL).hostname or "localhost"
    headers = {"Message-ID": f"<outbox-{row.pk}@{host}>"}
    if row.recipient_id:
        headers["List-Unsubscribe"] = f"<{unsubscribe_url(row.recipient_id, row.kind)}>"
        headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message = NotificationMessage(subject=row.subject, body=row.body, to=[row.to], headers=headers)
    if row.html_body:
        message.attach_alternative(row.html_body, "text/html")
    return message


# --- Sending ----------------------------------------------------------------


def claim(outbox_id: int) -> bool:
    """Take the row for sending with one conditional UPDATE. It matches only a
    pending row whose lease is free, so of two workers (a retry and the sweep, say)
    exactly one gets it, on PostgreSQL (row lock, WHERE re-checked) and on SQLite
    (one writer at a time) alike."""
    now = timezone.now()
    return bool(
        OutboxEmail.objects.filter(pk=outbox_id)
        .pending()
        .unclaimed(now)
        .update(claimed_until=now + CLAIM_LEASE, attempts=F("attempts") + 1)
    )


def retry_delay(row: OutboxEmail, now) -> timedelta:
    """How long the sweep waits after a failed attempt: as long as the row is old,
    from SWEEP_BACKOFF_MIN to SWEEP_BACKOFF_MAX. It does not count attempts, so the
    task's own quick retries during an outage do not push the sweep back."""
    return min(max(now - row.created_at, SWEEP_BACKOFF_MIN), SWEEP_BACKOFF_MAX)


def record_failure(row: OutboxEmail, error: Exception) -> None:
    now = timezone.now()
    gave_up = now - row.created_at >= GIVE_UP_AFTER
    OutboxEmail.objects.filter(pk=row.pk).update(
        state=OutboxEmail.State.FAILED if gave_up else OutboxEmail.State.PENDING,
        last_error=f"{type(error).__name__}: {error}"[:2000],
        claimed_until=None,
        next_attempt_at=now + retry_delay(row, now),
    )
    logger.warning("Email %s failed (attempt %s): %s", row.pk, row.attempts, error)


def mark_sent(row: OutboxEmail) -> None:
    _mark_sent(row.pk)


def deliver(outbox_id: int) -> bool:
    """Send one outbox row unless it is sent or being sent. True if it was sent now.
    A failure is recorded on the row (which goes back to pending) and re-raised.

    SMTP cannot be exactly-once: a worker that dies after the mail server accepted
    the message and before the row is marked sent leaves it to be sent again when
    the lease expires. So the row is marked sent the moment the server has said
    "250 OK", before the connection is closed (QUIT), and the Message-ID stays the
    same for every attempt, so that a relay that deduplicates can."""
    if not claim(outbox_id):
        return False
    row = OutboxEmail.objects.get(pk=outbox_id)
    message = to_message(row)
    mailer = mail.mailers.default
    try:
        try:
            mailer.open()
            mailer.send_messages([message])
        except Exception as error:  # SoftTimeLimitExceeded too: the send did not finish
            record_failure(row, error)
            raise
        mark_sent(row)
    finally:
        close_quietly(mailer)
    return True


def close_quietly(mailer) -> None:
    """Close the connection; the row's fate is recorded by now, so a mail server that
    hangs up rudely after accepting the message changes nothing."""
    try:
        mailer.close()
    except Exception as error:
        logger.info("Closing the mail connection failed: %s", error)


def sweep(limit: int = 200) -> int:
    """Send pending rows their task has not sent (a broker that was down, a worker
    that died, a failed attempt whose back-off has passed). Returns how many were sent."""
    ids = list(OutboxEmail.objects.due_for_sweep().values_list("pk", flat=True)[:limit])
    sent = 0
    for outbox_id in ids:
        try:
            sent += deliver(outbox_id)
        except (SMTPResponseException, SMTPRecipientsRefused):
            continue  # the server refused this one; the others may go through
        except OSError:
            break  # the mail server is unreachable: leave the rest for the next sweep
        except SoftTimeLimitExceeded:
            raise  # the worker wants this task to end: leave the rest for the next sweep
        except Exception:
            logger.exception("Sweeping email %s failed", outbox_id)
    return sent


# --- Sending a batch over one connection --------------------------------------


def deliver_many(outbox_ids) -> int:
    """Send several rows over one SMTP connection (a chunk of digests), each claimed
    and marked as `deliver` does, with one commit per email: marking one sent and
    claiming the next. A message the server refuses is recorded on its row and the
    others go on; an unreachable server stops the batch (the rows not reached stay
    pending). Either error is re-raised at the end, for the task's retry; the sweep
    sends what the retries do not. Returns how many were sent now.

    The rows are read at once, before they are claimed: what a row says never changes
    once it is written, and the claim is what decides whether it is sent."""
    sent, refused, unmarked = 0, None, None
    rows = OutboxEmail.objects.pending().in_bulk(outbox_ids)
    if not rows:
        return 0  # a repeat of a task that sent them all: no connection to open
    try:
        with mailers.default as mailer:
            for outbox_id in outbox_ids:
                with transaction.atomic():
                    if unmarked is not None:
                        sent += _mark_sent(unmarked)
                        unmarked = None
                    if outbox_id not in rows or not claim(outbox_id):
                        continue
                row = rows[outbox_id]
                row.attempts += 1  # as the claim counted it
                try:
                    mailer.send_messages([to_message(row)])
                except (SMTPResponseException, SMTPRecipientsRefused) as error:
                    record_failure(row, error)
                    refused = error
                    continue
                except Exception as error:
                    record_failure(row, error)
                    raise
                unmarked = row.pk
    finally:
        if unmarked is not None:
            sent += _mark_sent(unmarked)
    if refused is not None:
        raise refused
    return sent


def _mark_sent(outbox_id: int) -> int:
    return OutboxEmail.objects.filter(pk=outbox_id).update(
        state=OutboxEmail.State.SENT,
        sent_at=timezone.now(),
        claimed_until=None,
        next_attempt_at=None,
        last_error="",
    )
