"""Demo content for seed_demo: observations in customers' own words across every
touchpoint and journey stage, ideas made from them (through the real actions), votes
and "seen this too" from many colleagues, and a few anonymous posts.

Idempotent: nothing is added when the site already has ideas. Status changes and
comments are added by the lifecycle and comments parts of the demo.
"""

import random
from datetime import timedelta

from django.utils import timezone

from ideas import posting
from ideas.demo_posts import ANONYMOUS_OBSERVATIONS, IDEAS, OBSERVATIONS
from ideas.models import Category, Idea, IdeaEvent, Observation, Revision
from ideas.reactions import toggle_seen_this_too, toggle_vote


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def seed_content(*, people, stdout=None) -> None:
    """Observations and ideas (made by the posting actions), votes and "seen this too".
    `people` is what accounts.demo.seed_company returns."""
    if Idea.objects.exists():
        _say(stdout, "Ideas already exist: no demo posts added.")
        return
    rng = random.Random(2026)  # the same demo every time
    users = [user for user in people["users"] if user.team_id]
    by_name = {user.display_name: user for user in users}
    categories = {c.slug: c for c in people.get("categories") or Category.objects.all()}
    now = timezone.now()

    observations = {}
    for index, (key, row) in enumerate(OBSERVATIONS.items()):
        author_name, touchpoint, stage, sentiment, segment, what, words, tags = row
        author = by_name.get(author_name) or rng.choice(users)
        observation = posting.post_observation(
            by=author,
            what_happened=what,
            customer_words=words,
            touchpoint=touchpoint,
            journey_stage=stage,
            sentiment=sentiment,
            segment=segment,
            tags=posting.parse_tags(tags),
            is_anonymous=key in ANONYMOUS_OBSERVATIONS,
        )
        when = now - timedelta(days=40 - index * 0.6, hours=rng.randint(0, 9))
        Observation.objects.filter(pk=observation.pk).update(created_at=when)
        observation.created_at = when
        for colleague in rng.sample(users, rng.randint(0, 6)):
            if colleague != author:
                toggle_seen_this_too(observation=observation, by=colleague)
        observations[key] = observation

    for row in IDEAS:
        author_name, slug, title, problem, proposal, impact, tags, evidence, anon, votes = row
        _submit(
            rng,
            by=by_name.get(author_name) or rng.choice(users),
            users=users,
            votes=votes,
            title=title,
            problem=problem,
            proposal=proposal,
            expected_impact=impact,
            category=categories.get(slug),
            tags=posting.parse_tags(tags),
            is_anonymous=anon,
            observations=[observations[key] for key in evidence],
        )
    # One edited idea, so its earlier version shows.
    edited = Idea.objects.get(title="Email receipts by default")
    posting.edit_idea(
        idea=edited,
        by=edited.author,
        proposal=edited.proposal + " Customers who prefer paper can still have it.",
    )
    Revision.objects.filter(idea=edited).update(created_at=now - timedelta(days=2))
    edits = IdeaEvent.objects.filter(idea=edited, kind=IdeaEvent.Kind.EDITED)
    edits.update(created_at=now - timedelta(days=2))
    _say(stdout, f"Posts: {len(observations)} observations, {len(IDEAS)} ideas.")


def _submit(rng, *, by, users, votes, observations, **fields) -> Idea:
    """Submit through the real action, then date it after its newest evidence and
    collect its votes."""
    idea = posting.submit_idea(by=by, observations=observations, **fields)
    newest = max((o.created_at for o in observations), default=timezone.now())
    when = min(newest + timedelta(hours=rng.randint(2, 60)), timezone.now())
    Idea.objects.filter(pk=idea.pk).update(created_at=when, status_changed_at=when)
    IdeaEvent.objects.filter(idea=idea).update(created_at=when)
    idea.created_at = when
    for voter in rng.sample(users, min(votes, len(users))):
        if voter != by:
            toggle_vote(idea=idea, by=voter)
    idea.refresh_from_db(fields=["vote_count"])
    score = Idea.compute_trending_score(idea.vote_count, when)
    Idea.objects.filter(pk=idea.pk).update(trending_score=score)
    return idea
