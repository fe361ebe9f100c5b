"""Who hears about what.

Called by actions inside their transaction: writes one Notification per recipient
(if they want it in the app) and one OutboxEmail per recipient (if they want it by
email), and queues the emails' delivery for after the commit.

Contract with the callers (ideas/lifecycle.py, ideas/comments.py, escalation):
- STATUS_CHANGED: the followers of the idea except the actor; the note is quoted.
- OWNER_ASSIGNED: the new owner, `event.data["owner_id"]` (else `idea.owner_id`),
  unless they assigned themselves.
- MERGED: the event of the *merged* idea (`to_status` "merged", `other_idea` the
  survivor), before its follows move: its followers, plus any ids in
  `event.data["follower_ids"]`. The survivor's own MERGED event notifies nobody.
- ESCALATED: the manager in `event.data["manager_id"]` and anyone in
  `event.data["recipient_ids"]` (the CX leads past the root); `event.data["rule"]`
  ("unanswered" / "popular") and `event.note` explain why. The escalation scan
  notifies many at once with `notify_escalations`.
- Comments: call after the mentions are set (or pass `mentioned=`).
Texts never name an idea's or observation's author: they may be anonymous.
"""

import logging
import time
from functools import partial
from itertools import batched

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils.text import Truncator

from accounts.models import NotificationKind
from ideas.models import Follow, IdeaEvent, Status
from notifications.emails import build_notification_email
from notifications.models import Notification, OutboxEmail

logger = logging.getLogger(__name__)

Kind = NotificationKind
# Escalations notified per batch of writes by notify_escalations.
ESCALATION_CHUNK = 1000

# After the broker failed, requests stop trying it for this many seconds.
BROKER_DOWN_PAUSE = 10.0
_broker_down_until = 0.0


def _title(post) -> str:
    return Truncator(str(post)).chars(100)


def _people(ids, *, exclude=None):
    return get_user_model().objects.filter(pk__in=set(ids) - {exclude}, is_active=True)


def _follower_ids(idea) -> set[int]:
    return set(Follow.objects.filter(idea=idea).values_list("user_id", flat=True))


def notify_idea_event(*, event) -> None:
    """Notify the people who should hear about an IdeaEvent."""
    idea, actor = event.idea, event.actor
    title, url = _title(idea), idea.get_absolute_url()
    who = actor.name if actor else "A manager"
    data = event.data or {}
    if event.kind == IdeaEvent.Kind.STATUS_CHANGED:
        kind, ids = Kind.STATUS_CHANGE, _follower_ids(idea)
        text = f"{who} moved “{title}” to {Status(event.to_status).label}"
    elif event.kind == IdeaEvent.Kind.OWNER_ASSIGNED:
        kind, ids = Kind.OWNER, {data.get("owner_id") or idea.owner_id} - {None}
        text = f"{who} made you owner of “{title}”"
    elif event.kind == IdeaEvent.Kind.MERGED:
        if Status.MERGED not in (event.to_status, idea.status):
            return  # the survivor's side of the merge: its followers heard nothing new
        kind, ids = Kind.MERGED, _follower_ids(idea) | set(data.get("follower_ids", []))
        survivor = event.other_idea or idea.merged_into
        text = f"“{title}”, which you follow, was merged into “{_title(survivor)}”"
        url = survivor.get_absolute_url() if survivor else url
    elif event.kind == IdeaEvent.Kind.ESCALATED:
        kind, (ids, text) = Kind.ESCALATION, _escalation(event)
    else:
        return
    send(
        kind=kind,
        people=_people(ids, exclude=event.actor_id),
        text=text,
        url=url,
        detail=event.note,
        post=idea,
        source=f"event{event.pk}",
        event=event,
    )


def notify_comment(*, comment, mentioned=None) -> None:
    """Notify the post's author, the idea's followers and the @mentioned people about
    a new comment: one notification each, a mention before a comment."""
    post = comment.idea or comment.observation
    what = "idea" if comment.idea_id else "observation"
    title, who = _title(post), comment.author.name
    if not comment.author_visible_to(AnonymousUser()):
        # One text for every recipient: the anonymous author commenting on their own post.
        who = "The author"
    if mentioned is None:
        mentioned = comment.mentions.all()
    mention_ids = {getattr(person, "pk", person) for person in mentioned}
    follower_ids = _follower_ids(comment.idea) if comment.idea_id else set()
    author_ids = {post.author_id} - mention_ids
    follower_ids -= mention_ids | author_ids
    groups = [
        (Kind.MENTION, mention_ids, f"{who} mentioned you in a comment on “{title}”"),
        (Kind.COMMENT, author_ids, f"{who} commented on your {what} “{title}”"),
        (Kind.COMMENT, follower_ids, f"{who} commented on “{title}”, which you follow"),
    ]
    for kind, ids, text in groups:
        if ids - {comment.author_id}:
            send(
                kind=kind,
                people=_people(ids, exclude=comment.author_id),
                text=text,
                url=comment.get_absolute_url(),
                detail=Truncator(comment.body).chars(500),
                post=post,
                source=f"comment{comment.pk}",
            )


def _escalation(event) -> tuple[set[int], str]:
    """Who hears about an ESCALATED event, and what they read."""
    data = event.data or {}
    ids = {data.get("manager_id"), *data.get("recipient_ids", ())} - {None}
    reason = {"unanswered": "still unanswered", "popular": "popular"}.get(data.get("rule"))
    text = f"“{_title(event.idea)}” is escalated to you" + (f": {reason}" if reason else "")
    return ids, text


def notify_escalations(*, events, people) -> None:
    """notify_idea_event for many ESCALATED events at once (the escalation scan), in a
    few queries: `people` maps every recipient's id to the user, already read."""
    # Three queries per chunk; the chunk keeps the outbox read-back's IN (...) short.
    for chunk in batched(events, ESCALATION_CHUNK):
        notifications, emails = [], []
        for event in chunk:
            ids, text = _escalation(event)
            built = compose(
                kind=Kind.ESCALATION,
                people=[people[pk] for pk in sorted(ids) if pk in people],
                text=text,
                url=event.idea.get_absolute_url(),
                detail=event.note,
                post=event.idea,
                source=f"event{event.pk}",
                event=event,
            )
            notifications += built[0]
            emails += built[1]
        write(notifications, emails)


def send(*, kind, people, text, url, detail="", post=None, source, event=None) -> None:
    """Write the in-app notifications and the outbox emails for `people`, per their
    switches, with idempotent keys "<kind>:<source>:<person id>"."""
    message = {"text": text, "url": url, "detail": detail, "post": post, "event": event}
    write(*compose(kind=kind, people=people, source=source, **message))


def compose(*, kind, people, text, url, detail="", post=None, source, event=None):
    """The unsaved Notification and OutboxEmail rows of `send`."""
    idea = post if post is not None and post._meta.model_name == "idea" else None
    observation = post if post is not None and post._meta.model_name == "observation" else None
    notifications, emails = [], []
    for person in people:
        if post is not None and post.is_hidden and not person.is_cx_lead:
            continue  # a hidden post is only for CX leads
        key = f"{kind}:{source}:{person.pk}"
        if person.wants(kind, "in_app"):
            notifications.append(
                Notification(
                    recipient=person,
                    kind=kind,
                    text=text,
                    url=url,
                    idea=idea,
                    observation=observation,
                    event=event,
                    key=key,
                )
            )
        if person.wants(kind, "email") and person.email:
            emails.append(
                build_notification_email(
                    key=key, recipient=person, kind=kind, text=text, url=url, detail=detail
                )
            )
    return notifications, emails


def write(notifications, emails) -> None:
    """Save the rows (a repeat writes nothing: unique keys) and queue the emails'
    delivery for after the commit."""
    Notification.objects.bulk_create(notifications, ignore_conflicts=True)
    if emails:
        OutboxEmail.objects.bulk_create(emails, ignore_conflicts=True)
        # ignore_conflicts leaves the primary keys unset: read them back by key.
        ids = list(
            OutboxEmail.objects.pending()
            .filter(key__in=[email.key for email in emails])
            .values_list("pk", flat=True)
        )
        transaction.on_commit(partial(enqueue_delivery, ids), robust=True)


def enqueue_delivery(outbox_ids) -> None:
    """Queue one delivery task per row. If the broker is down the rows stay pending
    and the sweep sends them: nothing is lost, so this never fails the request, and
    it tries the broker once, with no retries, so the request does not wait either.
    A broker found down is left alone for BROKER_DOWN_PAUSE seconds."""
    from notifications.tasks import deliver_email

    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        logger.warning("The broker is down; the sweep will send emails %s", outbox_ids)
        return
    try:
        with deliver_email.app.producer_or_acquire() as producer:
            producer.connection.ensure_connection(max_retries=0)
            for outbox_id in outbox_ids:
                deliver_email.apply_async((outbox_id,), producer=producer, retry=False)
    except Exception as error:
        _broker_down_until = time.monotonic() + BROKER_DOWN_PAUSE
        logger.warning("Could not queue emails %s (%s); the sweep sends them", outbox_ids, error)
