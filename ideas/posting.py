"""Posting: observations and ideas, their edits (kept as revisions) and evidence links."""

from collections.abc import Iterable

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from ideas import pain, rate_limits, trending
from ideas.models import (
    Category,
    Evidence,
    Follow,
    Idea,
    IdeaEvent,
    Observation,
    Revision,
    Tag,
    Vote,
)

MAX_TAGS = 10
MAX_TAG_LENGTH = Tag._meta.get_field("name").max_length
NO_TEAM_MESSAGE = "Pick your team in your preferences before posting."

OBSERVATION_FIELDS = (
    "what_happened",
    "customer_words",
    "touchpoint",
    "journey_stage",
    "sentiment",
    "segment",
)
IDEA_FIELDS = ("title", "problem", "proposal", "expected_impact", "category")
# What the submit form hands to submit_idea (evidence goes as `observations`).
IDEA_FORM_FIELDS = (*IDEA_FIELDS, "tags", "is_anonymous")


def parse_tags(text: str) -> list[str]:
    """A comma-separated tag field as tag names: lower-case, trimmed, unique, in order."""
    names = []
    for piece in (text or "").split(","):
        name = " ".join(piece.split()).lower()
        if name and name not in names:
            names.append(name)
    if len(names) > MAX_TAGS:
        raise ValidationError(f"At most {MAX_TAGS} tags.")
    for name in names:
        if len(name) > MAX_TAG_LENGTH:
            raise ValidationError(f"“{name[:20]}…” is too long: a tag has at most 40 characters.")
    return names


def may_edit(post, user) -> bool:
    """The author and CX leads may edit an observation or an idea."""
    return user.is_authenticated and (user.pk == post.author_id or user.is_cx_lead)


def _require_team(user) -> None:
    if user.team_id is None:
        raise ValidationError(NO_TEAM_MESSAGE)


def _set_tags(post, names: Iterable[str]) -> None:
    names = list(names)
    existing = {tag.name: tag for tag in Tag.objects.filter(name__in=names)}
    tags = [existing.get(name) or Tag.objects.get_or_create(name=name)[0] for name in names]
    post.tags.set(tags)


def _snapshot(post, fields) -> dict:
    data = {}
    for field in fields:
        value = getattr(post, field)
        data[field] = value.name if isinstance(value, Category) else (value or "")
    data["tags"] = sorted(tag.name for tag in post.tags.all())
    return data


@transaction.atomic
def post_observation(
    *,
    by,
    what_happened: str,
    customer_words: str = "",
    touchpoint: str = "",
    journey_stage: str = "",
    sentiment: str = "",
    segment: str = "",
    tags: Iterable[str] = (),
    is_anonymous: bool = False,
) -> Observation:
    """Post an observation from a customer contact, in the author's team (at most
    POST_RATE_LIMIT: rate_limits.RateLimited)."""
    _require_team(by)
    rate_limits.check_posting(by)
    observation = Observation.objects.create(
        author=by,
        team_id=by.team_id,
        is_anonymous=is_anonymous,
        what_happened=what_happened,
        customer_words=customer_words,
        touchpoint=touchpoint,
        journey_stage=journey_stage,
        sentiment=sentiment,
        segment=segment,
    )
    _set_tags(observation, tags)
    return observation


@transaction.atomic
def submit_idea(
    *,
    by,
    title: str,
    problem: str,
    proposal: str,
    expected_impact: str = "",
    category: Category | None = None,
    tags: Iterable[str] = (),
    is_anonymous: bool = False,
    from_observation: Observation | None = None,
    observations: Iterable[Observation] = (),
) -> Idea:
    """Submit an idea: route it, let the author vote for and follow it, link evidence
    (at most POST_RATE_LIMIT: rate_limits.RateLimited)."""
    _require_team(by)
    rate_limits.check_posting(by)
    idea = Idea(
        author=by,
        team_id=by.team_id,
        is_anonymous=is_anonymous,
        title=title,
        problem=problem,
        proposal=proposal,
        expected_impact=expected_impact,
        category=category,
        vote_count=1,
        follower_count=1,
    )
    idea.routed_team = idea.route()
    idea.trending_score = trending.score_of(idea.created_at, [idea.created_at])
    idea.save()
    _set_tags(idea, tags)
    Vote.objects.create(idea=idea, user=by, created_at=idea.created_at)
    Follow.objects.create(idea=idea, user=by)
    IdeaEvent.objects.create(idea=idea, kind=IdeaEvent.Kind.SUBMITTED, actor=by)
    if idea.routed_team_id != idea.team_id:
        IdeaEvent.objects.create(
            idea=idea,
            kind=IdeaEvent.Kind.ROUTED,
            data={"team_id": idea.routed_team_id, "team": idea.routed_team.name},
        )
    evidence = [from_observation] if from_observation else []
    evidence += [o for o in observations if o.pk not in {e.pk for e in evidence}]
    for observation in evidence:
        link_evidence(idea=idea, observation=observation, by=by)
    return idea


@transaction.atomic
def link_evidence(*, idea: Idea, observation: Observation, by) -> Evidence:
    """Link an observation to an idea as evidence; linking it again changes nothing."""
    existing = Evidence.objects.filter(idea=idea, observation=observation).first()
    if existing:
        return existing
    try:
        with transaction.atomic():
            evidence = Evidence.objects.create(idea=idea, observation=observation, linked_by=by)
    except IntegrityError:  # a concurrent request linked it first
        return Evidence.objects.get(idea=idea, observation=observation)
    Idea.objects.filter(pk=idea.pk).update(evidence_count=F("evidence_count") + 1)
    Observation.objects.filter(pk=observation.pk).update(idea_count=F("idea_count") + 1)
    pain.refresh_pain([idea.pk])
    IdeaEvent.objects.create(
        idea=idea, kind=IdeaEvent.Kind.EVIDENCE_LINKED, actor=by, observation=observation
    )
    return evidence


@transaction.atomic
def edit_observation(
    *, observation: Observation, by, tags: Iterable[str] | None = None, **changes
) -> Observation:
    """Edit an observation, keeping the previous version as a Revision."""
    return _edit(observation, by, OBSERVATION_FIELDS, tags, changes, event=False)


@transaction.atomic
def edit_idea(*, idea: Idea, by, tags: Iterable[str] | None = None, **changes) -> Idea:
    """Edit an idea, keeping the previous version as a Revision and an EDITED event."""
    return _edit(idea, by, IDEA_FIELDS, tags, changes, event=True)


def _edit(post, by, fields, tags, changes, *, event: bool):
    if not may_edit(post, by):
        raise PermissionDenied
    unknown = set(changes) - set(fields)
    if unknown:
        raise TypeError(f"Cannot edit {', '.join(sorted(unknown))}.")
    # Read the stored version: a ModelForm may already have changed `post` in memory.
    before = _snapshot(type(post).objects.get(pk=post.pk), fields)
    for field, value in changes.items():
        setattr(post, field, value)
    new_tags = sorted(tags) if tags is not None else before["tags"]
    after = {**_snapshot(post, fields), "tags": new_tags}
    changed = sorted(field for field in after if after[field] != before[field])
    if not changed:
        return post
    post.save()
    if tags is not None:
        _set_tags(post, tags)
    target = {"idea": post} if isinstance(post, Idea) else {"observation": post}
    Revision.objects.create(data=before, edited_by=by, **target)
    if event:
        IdeaEvent.objects.create(
            idea=post, kind=IdeaEvent.Kind.EDITED, actor=by, data={"fields": changed}
        )
    elif set(changed) & set(pain.OBSERVATION_INPUTS):
        pain.refresh_pain_of_observation(post.pk)
    return post
