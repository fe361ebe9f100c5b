"""An idea's timeline, read a page at a time: its events and the comments the reader
may see, in the order they happened, the latest page first.

A place in the timeline is one of its entries, spelled "c<comment id>" or
"e<event id>" (`?comments=` on the idea page). A page is the PAGE_SIZE entries up to
and including that place (or the latest ones), found by keyset, not by offset: the
comments and the events of the page are two bounded queries whatever the idea's size.
"""

import re
from dataclasses import dataclass
from datetime import date

from django.db.models import Q, Subquery

from ideas.access import may_see_author
from ideas.comments import label_authors, readable_comments
from ideas.models import Comment, IdeaEvent

PAGE_SIZE = 25
# On these events the actor is the idea's author acting as author, so an anonymous
# idea shows "Anonymous" to those who may not see its author.
AUTHOR_EVENTS = (
    IdeaEvent.Kind.SUBMITTED,
    IdeaEvent.Kind.EVIDENCE_LINKED,
    IdeaEvent.Kind.EDITED,
    IdeaEvent.Kind.COMMENTED,
)
_PLACE = re.compile(r"([ce])([1-9][0-9]{0,17})")


@dataclass(frozen=True)
class Place:
    """An entry of the timeline: a comment ("c") or an event ("e"), by id."""

    kind: str
    pk: int

    def __str__(self):
        return f"{self.kind}{self.pk}"

    @classmethod
    def parse(cls, text) -> "Place | None":
        """The place `text` spells ("c12", "e3"), or None."""
        found = _PLACE.fullmatch(text) if isinstance(text, str) else None
        return cls(found[1], int(found[2])) if found else None

    @classmethod
    def of(cls, entry) -> "Place":
        return cls("c" if isinstance(entry, Comment) else "e", entry.pk)


def _up_to(idea, place, *, kind) -> Q:
    """The entries of `kind` ("c" or "e") at or before `place`: earlier, or of the
    same moment and not after it in the order events, then comments, each by id."""
    model = Comment if place.kind == "c" else IdeaEvent
    moment = Subquery(model.objects.filter(pk=place.pk, idea=idea).values("created_at")[:1])
    if kind == place.kind:
        return Q(created_at__lt=moment) | Q(created_at=moment, pk__lte=place.pk)
    if kind == "e":  # the place is a comment: every event of its moment comes first
        return Q(created_at__lte=moment)
    return Q(created_at__lt=moment)


def _order_key(entry):
    return (entry.created_at, isinstance(entry, Comment), entry.pk)


def timeline_page(idea, *, user, place=None) -> tuple[list, Place | None]:
    """The entries of one page, oldest first, and the place where the page before it
    ends (None when this is the first). Two queries."""
    events = idea.events.exclude(kind=IdeaEvent.Kind.COMMENTED).select_related(
        "actor", "observation", "other_idea"
    )
    comments = readable_comments(idea, user=user)
    if place is not None:
        events = events.filter(_up_to(idea, place, kind="e"))
        comments = comments.filter(_up_to(idea, place, kind="c"))
    newest_first = ("-created_at", "-id")
    entries = [
        *events.order_by(*newest_first)[: PAGE_SIZE + 1],
        *comments.order_by(*newest_first)[: PAGE_SIZE + 1],
    ]
    entries.sort(key=_order_key, reverse=True)
    earlier = Place.of(entries[PAGE_SIZE]) if len(entries) > PAGE_SIZE else None
    return entries[:PAGE_SIZE][::-1], earlier


def timeline_context(*, idea, user, place=None) -> dict:
    """Context for ideas/_timeline.html: a page of the timeline (timeline_page), each
    event with `who` (a name, "Anonymous", or "" for the system) and whether its links
    may be shown, each comment marked `is_comment` in its place instead of its
    "commented" event and labelled (ideas.comments.label_authors)."""
    author_hidden = not may_see_author(user, idea)
    is_cx_lead = getattr(user, "is_cx_lead", False)
    entries, earlier = timeline_page(idea, user=user, place=place)
    comments = [entry for entry in entries if isinstance(entry, Comment)]
    label_authors(comments, user=user)
    for comment in comments:
        comment.is_comment, comment.kind = True, IdeaEvent.Kind.COMMENTED
        comment.who = "The author" if comment.by_anonymous_author else comment.author.name
    for event in entries:
        if isinstance(event, Comment):
            continue
        if event.actor is None:
            event.who = ""
        elif author_hidden and event.actor_id == idea.author_id and event.kind in AUTHOR_EVENTS:
            event.who = "Anonymous"
        else:
            event.who = event.actor.name
        event.show_observation = bool(
            event.observation_id and (is_cx_lead or not event.observation.is_hidden)
        )
        if event.kind == IdeaEvent.Kind.ROUTED:  # submit_idea writes "team", reroute "to_team"
            event.to_team = event.data.get("to_team") or event.data.get("team", "")
        if event.kind == IdeaEvent.Kind.TARGET_DATE_SET and event.data.get("target_date"):
            event.target_date = date.fromisoformat(event.data["target_date"])
        event.show_other_idea = bool(
            event.other_idea_id and (is_cx_lead or not event.other_idea.is_hidden)
        )
    return {
        "timeline": entries,
        "timeline_idea": idea,
        "timeline_earlier": earlier,
        "timeline_place": place,
    }
