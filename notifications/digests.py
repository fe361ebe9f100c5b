"""Digests: who is due one now, and building them into the email outbox.

Two verbs, each idempotent:
- `plan_digests` writes one Digest row per person due now (the database's unique
  (user, period, period_start) makes a repeat write nothing) and, after the commit,
  hands the pending rows to the workers in chunks;
- `build_and_queue` turns a chunk of pending rows into OutboxEmail rows (or marks a
  row "empty" when there is nothing to say) and queues their delivery, one task per
  chunk, over one SMTP connection.

A person is due at DIGEST_HOUR in their own time zone (User.time_zone): daily every
day, weekly on Monday. A tick later in the morning (after an outage) still plans the
day's digest; each digest covers the time since the previous one ended.

To leave a digest ready now (seed_demo, a test): `ids = plan_digests(ignore_hour=True,
fan_out=False, user_ids=[alice.pk])`, then `build_and_queue(ids)`.
"""

import logging
from datetime import date, datetime, timedelta
from functools import partial
from itertools import batched
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, Max, OuterRef, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from notifications import digest_context
from notifications.emails import DIGEST, absolute, kind_label, unsubscribe_url
from notifications.models import Digest, OutboxEmail

logger = logging.getLogger(__name__)

# The morning hour digests go out, in each person's own time zone; a tick before
# LAST_HOUR still plans the morning's digest (beat was down at seven, say).
DIGEST_HOUR = 7
LAST_HOUR = 12
PERIOD_LENGTH = {Digest.Period.DAILY: timedelta(days=1), Digest.Period.WEEKLY: timedelta(days=7)}
# Digests per build task (DIGEST_CHUNK_SIZE, 200).
CHUNK = settings.DIGEST_CHUNK_SIZE
# A pending row this old lost its task (the broker was down, a worker killed while
# building it): plan it again (DIGEST_REQUEUE_SECONDS, 10 minutes). Older than
# STALE_AFTER it is left alone; the next period's digest covers its time.
REQUEUE_AFTER = timedelta(seconds=settings.DIGEST_REQUEUE_SECONDS)
STALE_AFTER = timedelta(days=1)


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def period_start(period: str, local_day: date) -> date:
    """The local date a period starts: that day, or the Monday of that week."""
    if period == Digest.Period.WEEKLY:
        return local_day - timedelta(days=local_day.weekday())
    return local_day


def is_due(period: str, local_now: datetime) -> bool:
    """At the morning hour, and for a weekly digest on a Monday."""
    in_the_morning = DIGEST_HOUR <= local_now.hour < LAST_HOUR
    return in_the_morning and (period == Digest.Period.DAILY or local_now.weekday() == 0)


def _people(periods, user_ids):
    people = get_user_model().objects.filter(is_active=True, digest_frequency__in=periods)
    return people if user_ids is None else people.filter(pk__in=user_ids)


def due_digests(*, now=None, period=None, ignore_hour=False, user_ids=None) -> list[Digest]:
    """Unsaved Digest rows for the people due one now who have none for this period
    yet. `period` limits it to "daily" or "weekly"; `ignore_hour` plans everyone with
    that preference whatever their local time (send_digests). Three queries."""
    now = now or timezone.now()
    periods = [period] if period else list(Digest.Period.values)
    # Which (period, time zone) pairs are due, and the local date their period starts.
    starts = {}
    pairs = (
        _people(periods, user_ids)
        .order_by()  # else the default ordering's columns would join the DISTINCT
        .values_list("digest_frequency", "time_zone")
        .distinct()
    )
    for freq, zone in pairs:
        local_now = now.astimezone(_zone(zone))
        if ignore_hour or is_due(freq, local_now):
            starts[freq, zone] = period_start(freq, local_now.date())
    if not starts:
        return []
    groups: dict[tuple[str, date], list[str]] = {}
    for (freq, zone), start in starts.items():
        groups.setdefault((freq, start), []).append(zone)
    due = Q(pk__in=[])
    for (freq, start), zones in groups.items():
        planned = Digest.objects.filter(user=OuterRef("pk"), period=freq, period_start=start)
        due |= Q(digest_frequency=freq, time_zone__in=zones) & ~Exists(planned)
    people = _people(periods, user_ids).filter(due)
    previous = {
        (row["user_id"], row["period"]): row["last"]
        for row in Digest.objects.filter(user__in=people)
        .order_by()
        .values("user_id", "period")
        .annotate(last=Max("covers_until"))
    }
    digests = []
    for person in people.select_related("team").order_by("pk"):
        freq = person.digest_frequency
        length, last = PERIOD_LENGTH[freq], previous.get((person.pk, freq))
        # Continue where the last digest ended (after a missed one, cover both).
        since = max(last, now - 2 * length) if last else now - length
        start = starts[freq, person.time_zone]
        digests.append(
            Digest(
                user=person,
                period=freq,
                period_start=start,
                covers_from=since,
                covers_until=now,
                created_at=now,
            )
        )
    return digests


@transaction.atomic
def plan_digests(
    *, now=None, period=None, ignore_hour=False, user_ids=None, fan_out=True
) -> list[int]:
    """Write the Digest rows of the people due now, once each per period, and after
    the commit queue the pending rows in chunks of CHUNK (unless `fan_out` is False:
    the caller builds them). Returns the ids of the pending rows. A fixed number of
    queries: those of `due_digests`, one insert per 1,000 rows, one read."""
    now = now or timezone.now()
    planned = due_digests(now=now, period=period, ignore_hour=ignore_hour, user_ids=user_ids)
    Digest.objects.bulk_create(planned, ignore_conflicts=True, batch_size=1000)
    # This run's rows, and the rows whose task was lost.
    pending = Digest.objects.filter(state=Digest.State.PENDING).filter(
        Q(created_at=now) | Q(created_at__lt=now - REQUEUE_AFTER, created_at__gte=now - STALE_AFTER)
    )
    if user_ids is not None:
        pending = pending.filter(user_id__in=user_ids)
    ids = list(pending.order_by("pk").values_list("pk", flat=True))
    if fan_out and ids:
        transaction.on_commit(partial(enqueue_builds, ids), robust=True)
    return ids


def enqueue_builds(digest_ids) -> None:
    """Queue one build task per chunk. If the broker is down the rows stay pending
    and a later tick queues them again."""
    from notifications.tasks import build_digests

    for chunk in batched(digest_ids, CHUNK):
        try:
            build_digests.apply_async((list(chunk),), retry=False)
        except Exception:
            logger.warning("Could not queue %s digests; the next tick will", len(digest_ids))
            return


@transaction.atomic
def build_and_queue(digest_ids, *, now=None) -> dict[str, int]:
    """Build the pending digests among `digest_ids`: an OutboxEmail (key
    "digest:<id>") for each that has something to say, "empty" for the others, and
    their delivery queued after the commit. Rows that are built, empty or being built
    by another worker (locked) are skipped, so a repeat writes nothing.
    Queries: a fixed number for the chunk (see DigestReader), however many managers
    it has."""
    digests = list(
        Digest.objects.select_for_update(skip_locked=True, of=("self",))
        .filter(pk__in=digest_ids, state=Digest.State.PENDING)
        .select_related("user__team")
        .order_by("pk")
    )
    wanted = [digest for digest in digests if _still_wanted(digest)]
    reader = digest_context.DigestReader(now=now)
    contexts = dict(zip((d.pk for d in wanted), reader.contexts(wanted), strict=True))
    emails, sections = {}, {}
    for digest in digests:
        context = contexts.get(digest.pk)
        if context and not context["is_empty"]:
            emails[digest.pk] = build_digest_email(
                digest=digest, context=context, sections=sections
            )
    OutboxEmail.objects.bulk_create(emails.values(), ignore_conflicts=True)
    # ignore_conflicts leaves the primary keys unset: read them back by key.
    keys = [email.key for email in emails.values()]
    outbox_ids = dict(OutboxEmail.objects.filter(key__in=keys).values_list("key", "pk"))
    built_at = timezone.now()
    for digest in digests:
        email = emails.get(digest.pk)
        digest.state = Digest.State.BUILT if email else Digest.State.EMPTY
        digest.outbox_id = outbox_ids[email.key] if email else None
        digest.built_at = built_at
    Digest.objects.bulk_update(digests, ["state", "outbox", "built_at"])
    if outbox_ids:
        transaction.on_commit(partial(enqueue_sending, list(outbox_ids.values())), robust=True)
    built = len(emails)
    return {
        "built": built,
        "empty": len(digests) - built,
        "skipped": len(digest_ids) - len(digests),
    }


def enqueue_sending(outbox_ids) -> None:
    """Queue a chunk's emails as one task, sent over one SMTP connection. If the
    broker is down the rows stay pending and the outbox sweep sends them."""
    from notifications.tasks import deliver_emails

    try:
        deliver_emails.apply_async((outbox_ids,), retry=False)
    except Exception:
        logger.warning(
            "Could not queue %s digest emails; the sweep will send them", len(outbox_ids)
        )


def _still_wanted(digest) -> bool:
    """Whether the person still wants this digest (they may have turned it off or
    left since it was planned)."""
    return digest.user.is_active and digest.user.digest_frequency == digest.period


def build_digest_email(*, digest: Digest, context: dict, sections=None) -> OutboxEmail:
    """The unsaved OutboxEmail of a digest: HTML and plain text, absolute links.
    `sections` keeps the sections rendered for other digests of the chunk: most say
    the same (the wins, the top posts company-wide), so each is rendered once."""
    user = digest.user
    sections = {} if sections is None else sections
    site = {"SITE_NAME": settings.SITE_NAME, "site_url": settings.SITE_URL + "/"}
    context = {
        **context,
        **site,
        "section_texts": [_rendered(s, "txt", site, sections) for s in context["sections"]],
        "section_htmls": [_rendered(s, "html", site, sections) for s in context["sections"]],
        "local_day": digest.period_start,
        "preferences_url": absolute(reverse("accounts:preferences")),
        "unsubscribe_url": unsubscribe_url(user.pk, DIGEST),
        "kind_label": kind_label(DIGEST),
    }
    return OutboxEmail(
        key=f"digest:{digest.pk}",
        recipient=user,
        to=user.email,
        kind=DIGEST,
        subject=digest_context.subject(context, settings.SITE_NAME)[:250],
        body=render_to_string("emails/digest.txt", context),
        html_body=render_to_string("emails/digest.html", context),
    )


def _rendered(section, kind: str, site: dict, rendered: dict) -> str:
    """emails/digest_section.<kind> for this section, rendered once for all the
    sections that say the same."""
    items = tuple((i.title, i.url, i.meta, i.text, i.flag) for i in section.items)
    key = (kind, section.key, section.heading, section.more, items)
    if key not in rendered:
        template = f"emails/digest_section.{kind}"
        rendered[key] = render_to_string(template, {**site, "section": section})
    return rendered[key]
