"""An idea's lifecycle: status changes, owner, target date, routing and merging.

Every action here is keyword-only and atomic, checks who may act (`can_manage_idea`:
a CX lead or a manager of the routed team or a team above it), records its IdeaEvent
in the same transaction and hands STATUS_CHANGED / OWNER_ASSIGNED / MERGED events to
`notify_idea_event` there too. A status change or a merge is the manager's response
(`record_manager_response`); owner, target date and route are not. Reaching done
makes the tell-your-customer cards (ideas/customer_cards.py); a merge refreshes both
ideas' customer pain (ideas/pain.py).

IdeaEvent.data written here:
- ROUTED: {"from_team_id", "from_team", "to_team_id", "to_team"}
- OWNER_ASSIGNED: {"owner_id", "owner_name"} (both None when the owner is removed)
- TARGET_DATE_SET: {"target_date": "YYYY-MM-DD" or None}
- MERGED: {"role": "merged" or "survivor", "votes_moved", "followers_moved",
  "evidence_moved"}
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ideas import customer_cards, pain, trending
from ideas.access import can_manage_idea
from ideas.manager_response import record_manager_response
from ideas.models import (
    CLOSED_STATUSES,
    NOTE_REQUIRED_STATUSES,
    OPEN_STATUSES,
    Evidence,
    Follow,
    Idea,
    IdeaEvent,
    Observation,
    Status,
    Vote,
)
from notifications.dispatch import notify_idea_event

# The forward path of an idea; `declined` may end any open status, `merged` is
# reached only by merging.
FORWARD = (Status.SUBMITTED, Status.UNDER_REVIEW, Status.PLANNED, Status.IN_PROGRESS, Status.DONE)


def allowed_next_statuses(idea) -> list[str]:
    """Any later status on the forward path, or declined; nothing once closed."""
    if idea.status not in OPEN_STATUSES:
        return []
    later = FORWARD[FORWARD.index(idea.status) + 1 :]
    return [*later, Status.DECLINED]


def _require_manager(by, idea) -> None:
    if not can_manage_idea(by, idea):
        raise PermissionDenied("Only a manager of this idea's team, or a CX lead, may do this.")


def _refuse_merged(idea) -> None:
    if idea.status == Status.MERGED:
        raise ValidationError("This idea was merged into another one: change that idea instead.")


def _lock(idea) -> None:
    """Re-read the idea under a row lock, so two managers acting at once see each
    other's change (a no-op lock on SQLite, which serialises writers anyway). The
    routed team comes along, so asking who manages the fresh row costs no query."""
    locked = Idea.objects.select_related("routed_team").select_for_update(of=("self",))
    idea.refresh_from_db(from_queryset=locked)


@transaction.atomic
def change_status(*, idea, by, to, note, impact="") -> IdeaEvent:
    """Move an idea to a later status (or decline it) with a public note; `done`
    records the impact for customers."""
    _require_manager(by, idea)
    _lock(idea)
    _refuse_merged(idea)
    note, impact = (note or "").strip(), (impact or "").strip()
    errors = {}
    if to == Status.MERGED:
        errors["to"] = "To mark a duplicate, merge it into the other idea."
    elif to not in allowed_next_statuses(idea):
        errors["to"] = (
            f"An idea that is {idea.get_status_display().lower()} cannot move to "
            f"{Status(to).label.lower() if to in Status.values else repr(to)}."
        )
    if to in NOTE_REQUIRED_STATUSES and not note:
        errors["note"] = "Write a short public note: people will read why."
    if to == Status.DONE and not impact:
        errors["impact"] = "Say what changed for customers."
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    from_status = idea.status
    idea.status, idea.status_changed_at = to, now
    record_manager_response(idea=idea, by=by, at=now)
    fields = ["status", "status_changed_at", "updated_at"]
    if to == Status.DONE:
        idea.done_at, idea.impact = now, impact
        fields += ["done_at", "impact"]
    idea.save(update_fields=fields)
    event = IdeaEvent.objects.create(
        idea=idea,
        kind=IdeaEvent.Kind.STATUS_CHANGED,
        actor=by,
        from_status=from_status,
        to_status=to,
        note=note,
        created_at=now,
    )
    notify_idea_event(event=event)
    if to == Status.DONE:
        customer_cards.create_cards(idea=idea)
    return event


@transaction.atomic
def assign_owner(*, idea, by, owner) -> IdeaEvent | None:
    """Make `owner` (any employee, or None to remove) the idea's owner. Returns None
    when nothing changed."""
    _require_manager(by, idea)
    _lock(idea)
    _refuse_merged(idea)
    if idea.owner_id == (owner.pk if owner else None):
        return None
    idea.owner = owner
    idea.save(update_fields=["owner", "updated_at"])
    event = IdeaEvent.objects.create(
        idea=idea,
        kind=IdeaEvent.Kind.OWNER_ASSIGNED,
        actor=by,
        data={"owner_id": owner.pk if owner else None, "owner_name": owner.name if owner else None},
    )
    notify_idea_event(event=event)
    return event


@transaction.atomic
def set_target_date(*, idea, by, target_date) -> IdeaEvent | None:
    """Set (or clear, with None) the date the idea should be done by. Returns None
    when nothing changed."""
    _require_manager(by, idea)
    _lock(idea)
    _refuse_merged(idea)
    if idea.target_date == target_date:
        return None
    if target_date and target_date < timezone.localdate():
        raise ValidationError({"target_date": "The target date cannot be in the past."})
    idea.target_date = target_date
    idea.save(update_fields=["target_date", "updated_at"])
    return IdeaEvent.objects.create(
        idea=idea,
        kind=IdeaEvent.Kind.TARGET_DATE_SET,
        actor=by,
        data={"target_date": target_date.isoformat() if target_date else None},
    )


@transaction.atomic
def reroute(*, idea, by, team, note) -> IdeaEvent:
    """Send the idea to another team's queue, with a note saying why."""
    _require_manager(by, idea)
    _lock(idea)
    _refuse_merged(idea)
    note = (note or "").strip()
    errors = {}
    if team.pk == idea.routed_team_id:
        errors["team"] = f"This idea is already routed to {team}."
    if not note:
        errors["note"] = "Say why it belongs to that team."
    if errors:
        raise ValidationError(errors)
    old_team = idea.routed_team
    idea.routed_team = team
    idea.save(update_fields=["routed_team", "updated_at"])
    return IdeaEvent.objects.create(
        idea=idea,
        kind=IdeaEvent.Kind.ROUTED,
        actor=by,
        note=note,
        data={
            "from_team_id": old_team.pk,
            "from_team": old_team.name,
            "to_team_id": team.pk,
            "to_team": team.name,
        },
    )


def _move_rows(model, *, idea, into) -> int:
    """Give `into` a row for every person who has one on `idea` and not on `into`
    (votes, follows), then delete `idea`'s rows. Returns how many moved."""
    already = model.objects.filter(idea=into).values("user_id")
    moving = list(model.objects.filter(idea=idea).exclude(user_id__in=already))
    model.objects.bulk_create(
        [model(idea=into, user_id=row.user_id, created_at=row.created_at) for row in moving]
    )
    model.objects.filter(idea=idea).delete()
    return len(moving)


def _move_evidence(*, idea, into) -> int:
    """Move evidence to `into`, skipping observations it already has (those now
    support one idea fewer). Returns how many moved."""
    already = Evidence.objects.filter(idea=into).values("observation_id")
    duplicates = Evidence.objects.filter(idea=idea, observation_id__in=already)
    Observation.objects.filter(pk__in=duplicates.values("observation_id")).update(
        idea_count=F("idea_count") - 1
    )
    duplicates.delete()
    return Evidence.objects.filter(idea=idea).update(idea=into)


def _recount(idea) -> None:
    """Counts recomputed from the rows, inside the merge's transaction and locks."""
    vote_times = list(Vote.objects.filter(idea=idea).values_list("created_at", flat=True))
    idea.vote_count = len(vote_times)
    idea.follower_count = Follow.objects.filter(idea=idea).count()
    idea.evidence_count = Evidence.objects.filter(idea=idea).count()
    idea.trending_score = trending.score_of(idea.created_at, vote_times)


@transaction.atomic
def merge_ideas(*, idea, into, by, note) -> IdeaEvent:
    """Close `idea` as a duplicate of `into`: its votes, followers and evidence move
    to `into` (a person who supported both counts once) and both timelines say so."""
    _require_manager(by, idea)
    # Lock both rows in id order, so two merges of the same pair cannot deadlock.
    for locked in sorted((idea, into), key=lambda i: i.pk):
        _lock(locked)
    note = (note or "").strip()
    errors = {}
    if idea.status not in OPEN_STATUSES:
        errors["into"] = "Only an open idea can be merged."
    elif into.pk == idea.pk:
        errors["into"] = "An idea cannot be merged into itself."
    elif into.status in CLOSED_STATUSES or (into.is_hidden and not by.is_cx_lead):
        errors["into"] = "Merge into an open idea."
    if not note:
        errors["note"] = "Write a short public note: people will read why."
    if errors:
        raise ValidationError(errors)

    now = timezone.now()
    from_status = idea.status
    merged_event = IdeaEvent.objects.create(
        idea=idea,
        kind=IdeaEvent.Kind.MERGED,
        actor=by,
        from_status=from_status,
        to_status=Status.MERGED,
        note=note,
        other_idea=into,
        created_at=now,
    )
    # Before the followers move, so they hear about it as followers of this idea.
    notify_idea_event(event=merged_event)
    moved = {
        "votes_moved": _move_rows(Vote, idea=idea, into=into),
        "followers_moved": _move_rows(Follow, idea=idea, into=into),
        "evidence_moved": _move_evidence(idea=idea, into=into),
    }
    merged_event.data = {"role": "merged", **moved}
    merged_event.save(update_fields=["data"])
    IdeaEvent.objects.create(
        idea=into,
        kind=IdeaEvent.Kind.MERGED,
        actor=by,
        note=note,
        other_idea=idea,
        data={"role": "survivor", **moved},
        created_at=now,
    )
    # Ideas merged into this one earlier now lead straight to the survivor.
    Idea.objects.filter(merged_into=idea).update(merged_into=into)

    idea.status, idea.status_changed_at, idea.merged_into = Status.MERGED, now, into
    _recount(idea)
    _recount(into)
    record_manager_response(idea=idea, by=by, at=now)
    counts = ["evidence_count", "updated_at"]
    idea.save(update_fields=["status", "status_changed_at", "merged_into", *counts])
    into.save(update_fields=counts)
    for each in (idea, into):
        each.tally.save(update_fields=["vote_count", "follower_count", "trending_score"])
    pain.refresh_pain([idea.pk, into.pk])
    if into.status == Status.DONE:  # (merging takes open survivors only, for now)
        customer_cards.create_cards(idea=into)
    return merged_event


# --- Read side: what the idea page includes ---------------------------------------


def manage_panel_context(*, idea, user, forms=None) -> dict:
    """Context for ideas/_manage_panel.html: the lifecycle forms, or only
    can_manage=False for people who may not manage the idea. `forms` replaces some
    of them (a bound form with errors, after a failed action)."""
    from ideas.lifecycle_forms import MergeForm, OwnerForm, RouteForm, StatusForm

    if not can_manage_idea(user, idea) or idea.status == Status.MERGED:
        return {"can_manage": False}
    context = {
        "can_manage": True,
        "panel_idea": idea,
        "status_form": StatusForm(idea=idea),
        "owner_form": OwnerForm(idea=idea),
        "route_form": RouteForm(idea=idea),
        "merge_form": MergeForm(idea=idea),
    }
    context.update(forms or {})
    return context
