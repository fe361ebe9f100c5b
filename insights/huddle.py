"""The team huddle: who may hold one, what it shows, and what the room does in it.

A huddle shows a team's observations (the team with its sub-teams, so a region's
huddle reads its stores) since the huddle before, the ideas gaining votes and the
recent wins. In the room, people raise hands ("seen this too" from those present,
counted per huddle and kept apart from the observation's own one-per-person count) and
elevate an observation into an idea draft.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import (
    Count,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Team
from ideas.credits import credit
from ideas.models import OPEN_STATUSES, Evidence, Idea, Observation, Status, author_visible_q
from insights.models import Huddle, HuddleCard

# A huddle is in progress this long after it starts: hands and elevate go to it, and
# the page reads from the huddle before it. After that the page waits for the next.
HUDDLE_LASTS = timedelta(hours=2)
# A start this soon after the last one is the same huddle (a double tap, two tablets).
SAME_START = timedelta(minutes=1)
# With no huddle before, the page reads this far back.
FIRST_HUDDLE_READS = timedelta(days=7)
# Ideas gaining votes: votes cast in this window count.
VOTES_WINDOW = timedelta(days=7)
WINS_WINDOW = timedelta(days=30)
MAX_OBSERVATIONS = 30
MAX_IDEAS = 5
MAX_WINS = 5


# --- Who may hold a huddle ---------------------------------------------------------


def may_hold_huddle(user, team) -> bool:
    """Anyone signed in for their own team; managers for any team in their area;
    CX leads for every team. Read off the team paths, no query beyond the user's
    managed paths (read once per request)."""
    if not user.is_authenticated:
        return False
    if user.is_cx_lead or team.pk == user.team_id:
        return True
    areas = user.managed_area_paths()
    return bool(areas) and team.is_within(*areas)


def huddle_teams(user):
    """The teams whose huddle `user` may open, as a QuerySet (the team picker)."""
    if user.is_cx_lead:
        return Team.objects.all()
    return Team.objects.filter(
        Q(pk=user.team_id) | Q(pk__in=Team.objects.within(*user.managed_area_paths()))
    )


def picks_teams(user) -> bool:
    """Whether `user` has more than their own team to choose from."""
    return user.is_cx_lead or user.is_manager


# --- What the huddle shows -----------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """Where the huddle reads from: `current` is the huddle in progress (None before
    it starts); `since_huddle` the one before (None for a team's first)."""

    current: Huddle | None
    since_huddle: Huddle | None
    since: datetime


def window_of(team, *, now=None) -> Window:
    """The team's huddle window, from its last two huddles (one query)."""
    now = now or timezone.now()
    latest = list(Huddle.objects.filter(team=team).select_related("started_by")[:2])
    current = latest[0] if latest and latest[0].started_at > now - HUDDLE_LASTS else None
    earlier = latest[1:] if current else latest
    since_huddle = earlier[0] if earlier else None
    if since_huddle is not None:
        since = since_huddle.started_at
    else:
        since = (current.started_at if current else now) - FIRST_HUDDLE_READS
    return Window(current, since_huddle, since)


def _teams(team) -> list[int]:
    """The ids of the team and its sub-teams, read once per team object: as literal
    ids (not a subquery) the ideas' "routed to or written in" condition can use both
    team indexes instead of scanning every idea."""
    if not hasattr(team, "_subtree_ids"):
        team._subtree_ids = list(Team.objects.within(team.path).values_list("pk", flat=True))
    return team._subtree_ids


def huddle_observations(team, user, window: Window) -> list:
    """The team's observations since the window starts, newest first, as `user` may
    see them (hidden ones for CX leads only; anonymous ones only where the author may
    be known), each with `hands` and `elevated_at` from the huddle in progress. Up to
    MAX_OBSERVATIONS + 1, so the page knows there are more."""
    observations = (
        Observation.objects.visible_to(user)
        .from_teams(_teams(team), user)
        .filter(created_at__gt=window.since)
        .with_people()
        .with_seen_by(user)
    )
    if window.current is None:
        observations = observations.annotate(
            hands=Value(0), elevated_at=Value(None, output_field=DateTimeField())
        )
    else:
        cards = HuddleCard.objects.filter(huddle=window.current, observation=OuterRef("pk"))
        observations = observations.annotate(
            hands=Coalesce(Subquery(cards.values("hands")), 0, output_field=IntegerField()),
            elevated_at=Subquery(cards.values("elevated_at")),
        )
    return list(observations.order_by("-created_at", "-id")[: MAX_OBSERVATIONS + 1])


def _ideas_of(team, user):
    """Ideas routed to the team (with its sub-teams) or written there; an anonymous
    idea counts as written there only for those who may know its author."""
    teams = _teams(team)
    return Idea.objects.visible_to(user).filter(
        Q(routed_team__in=teams) | (Q(team__in=teams) & author_visible_q(user))
    )


def ideas_gaining_votes(team, user, *, now=None) -> list:
    """Open ideas of the team with the most votes cast in the last VOTES_WINDOW,
    counted from the votes in the database: `recent_votes`."""
    since = (now or timezone.now()) - VOTES_WINDOW
    ideas = (
        _ideas_of(team, user)
        .filter(status__in=OPEN_STATUSES)
        .annotate(recent_votes=Count("votes", filter=Q(votes__created_at__gt=since)))
        .filter(recent_votes__gt=0)
        .with_tally()
        .only("pk", "title", "status", "tally__vote_count")
        .order_by("-recent_votes", "-tally__vote_count", "-id")
    )
    return list(ideas[:MAX_IDEAS])


def recent_wins(team, user, *, now=None) -> list:
    """The team's ideas done in the last WINS_WINDOW, newest first, each with its
    credits (ideas/credits.py). Two queries: the ideas, their evidence."""
    since = (now or timezone.now()) - WINS_WINDOW
    evidence = Evidence.objects.select_related("observation__author").order_by("created_at", "id")
    wins = list(
        _ideas_of(team, user)
        .filter(status=Status.DONE, done_at__gt=since)
        .select_related("author")
        .prefetch_related(Prefetch("evidence", queryset=evidence, to_attr="evidence_list"))
        .order_by("-done_at", "-id")[:MAX_WINS]
    )
    for idea in wins:
        credit(idea, user)
    return wins


def board_context(team, user) -> dict:
    """Everything the huddle's board shows (the page and its polling partial)."""
    now = timezone.now()
    window = window_of(team, now=now)
    observations = huddle_observations(team, user, window)
    return {
        "team": team,
        "window": window,
        "huddle": window.current,
        "observations": observations[:MAX_OBSERVATIONS],
        "more_observations": len(observations) > MAX_OBSERVATIONS,
        "ideas": ideas_gaining_votes(team, user, now=now),
        "wins": recent_wins(team, user, now=now),
    }


# --- What the room does ---------------------------------------------------------------


@transaction.atomic
def start_huddle(*, team, by) -> tuple[Huddle, bool]:
    """Record that `team`'s huddle starts now. A start within SAME_START of the last
    one returns that huddle instead: starts of one team queue on the team's row, so
    two at once make one huddle. Returns (huddle, whether it is new)."""
    if not may_hold_huddle(by, team):
        raise PermissionDenied("This team's huddle is not yours to start.")
    # No-key lock: posting observations (rows that point at the team) is not blocked.
    len(Team.objects.select_for_update(no_key=True).filter(pk=team.pk).values_list("pk"))
    now = timezone.now()
    recent = Huddle.objects.filter(team=team, started_at__gt=now - SAME_START).first()
    if recent is not None:
        return recent, False
    return Huddle.objects.create(team=team, started_at=now, started_by=by), True


def _check_room(huddle, observation, by) -> None:
    """Only people who may hold the huddle act in it, on the team's observations."""
    if not may_hold_huddle(by, huddle.team):
        raise PermissionDenied("This huddle is not yours to take part in.")
    if not observation.team.is_within(huddle.team.path):
        raise PermissionDenied("That observation is not from this huddle's team.")


def _card(huddle, observation):
    """The huddle's card for the observation, made if missing; concurrent makers meet
    at the unique constraint, and the loser finds the winner's row."""
    try:
        with transaction.atomic():
            HuddleCard.objects.create(huddle=huddle, observation=observation)
    except IntegrityError:
        pass
    return HuddleCard.objects.filter(huddle=huddle, observation=observation)


def _lock(card) -> bool:
    """Lock the card's row before changing its count: taps and undos then queue here,
    and each change reads the count its predecessor committed. False if there is no
    card. (Undos "lost" in a CI run were undos that came while the count was none,
    which lower nothing: the test now starts with a hand up for every undo.)"""
    return card.select_for_update().values_list("pk", flat=True).first() is not None


@transaction.atomic
def raise_hand(*, huddle, observation, by) -> int:
    """One more hand in the room for the observation; the huddle's count after it."""
    _check_room(huddle, observation, by)
    card = _card(huddle, observation)
    _lock(card)
    card.update(hands=F("hands") + 1)
    return card.values_list("hands", flat=True).get()


@transaction.atomic
def lower_hand(*, huddle, observation, by) -> int:
    """Undo a tap: one hand fewer, never below none. The count after it."""
    _check_room(huddle, observation, by)
    card = HuddleCard.objects.filter(huddle=huddle, observation=observation)
    if not _lock(card):
        return 0
    card.filter(hands__gt=0).update(hands=F("hands") - 1)
    return card.values_list("hands", flat=True).first() or 0


@transaction.atomic
def elevate(*, huddle, observation, by) -> HuddleCard:
    """Mark the observation as elevated by the huddle (the first time counts); the
    idea draft itself is the ordinary new-idea form, started from the observation."""
    _check_room(huddle, observation, by)
    card = _card(huddle, observation)
    card.filter(elevated_at__isnull=True).update(elevated_at=timezone.now(), elevated_by=by)
    return card.get()
