"""Escalation: the system telling a manager, and then that manager's manager, that an
idea needs attention (PRODUCT.md).

- *unanswered*: an idea still submitted that no manager has answered escalates when its
  answer is due (created + N days, `Idea.answer_due_at`) at level 0 to the first manager
  of its routed team's chain (`Team.manager_chain`), N more days later at level 1 to the
  next one up, and so on; the level after the last manager goes to every CX lead, and
  is the last. A scan that was not running catches up: each level due fires once.
- *popular*: an idea submitted or under review with V votes escalates at level 0 to the
  first manager of the chain (the CX leads when there is none), once. The vote that
  crosses V fires it in its own transaction; the scan catches the rest (V lowered,
  votes moved by a merge).

One Escalation per (idea, rule, level), enforced by the database: rows are inserted with
`bulk_create(ignore_conflicts=True)` and only the rows this call wrote (read back by the
timestamp they share) get a timeline event and notifications, so two scans at once, or
a scan and a vote, fire each escalation once. Escalations are resolved by the "manager
responded" rule of the lifecycle, not here.

IdeaEvent.data of an ESCALATED event: {"rule", "level", "team", "team_id", "manager_id",
"manager_name", "to_cx_leads", "recipient_ids"}; `note` says why.
"""

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import batched

from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone

from accounts.models import Team
from ideas.models import POPULAR_STATUSES, Escalation, EscalationPolicy, Idea, IdeaEvent, Status
from notifications.dispatch import notify_escalations

Rule = Escalation.Rule
# Ideas re-read under a row lock per query; keeps each IN (...) well below any limit.
LOCK_BATCH = 5000


@dataclass(frozen=True)
class Due:
    """An escalation that should exist: the idea, the rule and level, and whom it goes
    to (`manager` None: the CX leads, with the root of the tree as its team)."""

    idea_id: int
    rule: str
    level: int
    team_id: int
    team_name: str = ""
    manager: object = None


@dataclass(frozen=True)
class Fired:
    """One escalation this call created, as `manage.py escalate` prints it."""

    escalation_id: int
    idea_id: int
    title: str
    rule: str
    level: int
    team_name: str
    to: str

    def __str__(self):
        return (
            f"#{self.idea_id} “{self.title}”: {self.rule}, level {self.level} → {self.to} "
            f"({self.team_name})"
        )


@dataclass
class Report:
    checked: int = 0
    fired: list[Fired] = field(default_factory=list)

    def summary(self) -> str:
        rules = [
            sum(f.rule == rule for f in self.fired) for rule in (Rule.UNANSWERED, Rule.POPULAR)
        ]
        return (
            f"{len(self.fired)} escalation{'s' if len(self.fired) != 1 else ''} fired "
            f"({rules[0]} unanswered, {rules[1]} popular); "
            f"{self.checked} idea{'s' if self.checked != 1 else ''} checked."
        )


# --- The rules as queries ---------------------------------------------------------


def unanswered_candidates(now: datetime):
    """Ideas still submitted, unanswered and past their answer's due date."""
    return Idea.objects.filter(
        status=Status.SUBMITTED,
        first_response_at__isnull=True,
        is_hidden=False,
        answer_due_at__lte=now,
    )


def popular_candidates(popular_votes: int):
    """Ideas submitted or under review with at least V votes."""
    return Idea.objects.with_tally().filter(
        status__in=POPULAR_STATUSES, is_hidden=False, tally__vote_count__gte=popular_votes
    )


def levels_due(*, created_at: datetime, answer_due_at: datetime, now: datetime) -> int:
    """How many unanswered levels are due by `now`: level k at created + (k+1)·N."""
    days = answer_due_at - created_at
    if days <= timedelta(0):
        return 0
    return (now - created_at) // days


def may_be_newly_popular(locked: Idea, vote_count: int) -> bool:
    """The vote's cheap check, on its locked read (`with_popular_check`): is this the
    vote that makes the idea popular?"""
    return (
        not locked.popular_escalated
        and locked.status in POPULAR_STATUSES
        and vote_count >= locked.popular_votes
    )


# --- The verbs ----------------------------------------------------------------------


@transaction.atomic
def scan(now: datetime | None = None) -> Report:
    """Fire every escalation that is due and has not fired yet. A fixed number of
    queries whatever the number of ideas: 4 when nothing is due (policy, unanswered
    candidates with the last level each reached, new popular ideas, the chains of
    their teams), and a fixed number more to fire any number of them."""
    now = now or timezone.now()
    policy = EscalationPolicy.current()
    last_level = Escalation.objects.filter(idea=OuterRef("pk"), rule=Rule.UNANSWERED)
    unanswered = (
        unanswered_candidates(now)
        .annotate(last_level=last_level.order_by("-level").values("level")[:1])
        .order_by()
    )
    unanswered = unanswered.values_list(
        "pk", "routed_team_id", "routed_team__path", "created_at", "answer_due_at", "last_level"
    )
    popular = popular_candidates(policy.popular_votes).exclude(
        Exists(Escalation.objects.filter(idea=OuterRef("pk"), rule=Rule.POPULAR))
    )
    popular = list(popular.values_list("pk", "routed_team_id", "routed_team__path"))

    pending = []  # (idea id, team id, first level to fire, levels due)
    paths = {team_id: path for _, team_id, path in popular}
    checked = len(popular)
    for idea_id, team_id, path, created_at, due_at, last in unanswered:
        checked += 1
        first = 0 if last is None else last + 1
        due = levels_due(created_at=created_at, answer_due_at=due_at, now=now)
        if first < due:
            pending.append((idea_id, team_id, first, due))
            paths[team_id] = path
    teams = {team_id: Team(pk=team_id, path=path) for team_id, path in paths.items()}
    chains = Team.manager_chains(teams.values()) if teams else {}

    plans = []
    for idea_id, team_id, first, due in pending:
        top = len(chains[team_id])  # the CX leads' level
        plans += [
            _due(idea_id, Rule.UNANSWERED, level, teams[team_id], chains)
            for level in range(first, min(due, top + 1))
        ]
    plans += [
        _due(idea_id, Rule.POPULAR, 0, teams[team_id], chains) for idea_id, team_id, _ in popular
    ]
    return Report(checked=checked, fired=_fire(plans, now=now, popular_votes=policy.popular_votes))


@transaction.atomic
def escalate_popular(*, idea: Idea, popular_votes: int | None = None) -> list[Fired]:
    """Escalate an idea that has just reached V votes to the first manager of its
    chain. Called by the vote that crosses V, inside its transaction; does nothing if
    the idea is not popular (any more) or already escalated."""
    if popular_votes is None:
        popular_votes = EscalationPolicy.current().popular_votes
    team = idea.routed_team
    chains = Team.manager_chains([team])
    plan = _due(idea.pk, Rule.POPULAR, 0, team, chains)
    return _fire([plan], now=timezone.now(), popular_votes=popular_votes)


def _due(idea_id, rule, level, team, chains) -> Due:
    """Level k goes to the k-th manager of the team's chain; the level past the end
    of the chain to the CX leads."""
    chain = chains[team.pk]
    if level < len(chain):
        step = chain[level]
        return Due(idea_id, rule, level, step.pk, step.name, step.manager)
    return Due(idea_id, rule, level, team.root_id)


def _fire(plans: list[Due], *, now, popular_votes: int) -> list[Fired]:
    """Create the escalations planned (those that do not exist yet), with their
    timeline events and notifications."""
    if not plans:
        return []
    ideas = _lock_still_due(plans, now=now, popular_votes=popular_votes)
    plans = [plan for plan in plans if plan.idea_id in ideas]
    Escalation.objects.bulk_create(
        [
            Escalation(
                idea_id=plan.idea_id,
                rule=plan.rule,
                level=plan.level,
                team_id=plan.team_id,
                manager=plan.manager,
                created_at=now,
            )
            for plan in plans
        ],
        ignore_conflicts=True,
    )
    # The rows this call wrote: the others were there already, or another scan's.
    written = {
        (idea_id, rule, level): pk
        for pk, idea_id, rule, level in Escalation.objects.filter(created_at=now).values_list(
            "pk", "idea_id", "rule", "level"
        )
    }
    plans = [plan for plan in plans if (plan.idea_id, plan.rule, plan.level) in written]
    if not plans:
        return []
    cx_leads, root_names = _cx_leads_and_roots(plans)
    events = IdeaEvent.objects.bulk_create(
        [_event(plan, ideas[plan.idea_id], cx_leads, root_names, now) for plan in plans]
    )
    people = {person.pk: person for person in cx_leads}
    people.update({plan.manager.pk: plan.manager for plan in plans if plan.manager})
    notify_escalations(events=events, people=people)
    return [
        Fired(
            escalation_id=written[(plan.idea_id, plan.rule, plan.level)],
            idea_id=plan.idea_id,
            title=ideas[plan.idea_id].title,
            rule=plan.rule,
            level=plan.level,
            team_name=event.data["team"],
            to=plan.manager.name if plan.manager else "the CX leads",
        )
        for plan, event in zip(plans, events, strict=True)
    ]


def _lock_still_due(plans, *, now, popular_votes) -> dict[int, Idea]:
    """Re-read the ideas under a row lock and keep those the rule still holds for: a
    manager who answered meanwhile (change_status locks the row too) wins."""
    rules = {
        Rule.UNANSWERED: unanswered_candidates(now),
        Rule.POPULAR: popular_candidates(popular_votes),
    }
    ideas = {}
    for rule, candidates in rules.items():
        ids = sorted({plan.idea_id for plan in plans if plan.rule == rule})
        for batch in batched(ids, LOCK_BATCH):
            locked = (
                candidates.filter(pk__in=batch)
                .select_related("tally")
                .select_for_update(no_key=True, of=("self",))
                .only("title", "is_hidden", "created_at", "answer_due_at", "tally__vote_count")
                .order_by("pk")
            )
            ideas.update((idea.pk, idea) for idea in locked)
    return ideas


def _cx_leads_and_roots(plans) -> tuple[list, dict[int, str]]:
    """The active CX leads and the names of the roots, when a plan goes to them."""
    root_ids = {plan.team_id for plan in plans if plan.manager is None}
    if not root_ids:
        return [], {}
    cx_leads = list(get_user_model().objects.filter(is_cx_lead=True, is_active=True))
    return cx_leads, dict(Team.objects.filter(pk__in=root_ids).values_list("pk", "name"))


def _event(plan: Due, idea: Idea, cx_leads, root_names, now) -> IdeaEvent:
    manager = plan.manager
    if plan.rule == Rule.POPULAR:
        note = f"It has {idea.vote_count} votes."
    else:
        days = round((idea.answer_due_at - idea.created_at) / timedelta(days=1)) * (plan.level + 1)
        note = f"No manager has answered it {days} days after it was submitted."
    return IdeaEvent(
        idea=idea,
        kind=IdeaEvent.Kind.ESCALATED,
        note=note,
        created_at=now,
        data={
            "rule": plan.rule,
            "level": plan.level,
            "team_id": plan.team_id,
            "team": plan.team_name or root_names.get(plan.team_id, ""),
            "manager_id": manager.pk if manager else None,
            "manager_name": manager.name if manager else None,
            "to_cx_leads": manager is None,
            "recipient_ids": [manager.pk] if manager else [person.pk for person in cx_leads],
        },
    )


def apply_policy() -> int:
    """The policy or a category's N changed: recompute the due date of every idea
    still waiting for its first answer (one UPDATE per distinct N). Returns how many."""
    return Idea.objects.awaiting_first_answer().restart_answer_clock()
