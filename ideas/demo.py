"""Demo content for seed_demo: observations in customers' own words across every
touchpoint and journey stage, ideas made from them (through the real actions), votes
and "seen this too" from many colleagues, and a few anonymous posts.

Idempotent: nothing is added when the site already has ideas. Each idea is dated as
its story in ideas.demo_lifecycle says, and its evidence a little earlier; what
happened to the ideas next is played by ideas.demo_history.
"""

import random
from datetime import timedelta

from django.utils import timezone

from ideas import posting, trending
from ideas.demo_history import popular_escalation_deferred, step_at, submitted_at
from ideas.demo_lifecycle import STORIES
from ideas.demo_posts import ANONYMOUS_OBSERVATIONS, IDEAS, OBSERVATIONS
from ideas.models import (
    CLOSED_STATUSES,
    Category,
    Evidence,
    Idea,
    IdeaEvent,
    IdeaTally,
    Observation,
    Revision,
    Vote,
)
from ideas.reactions import toggle_seen_this_too, toggle_vote

# Observations that no idea cites are spread over this many days before today.
SPREAD_DAYS = 100
# An idea's demo votes come in over its first this many days (or until it closes).
VOTING_DAYS = 12


def _say(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _observation_dates(rng) -> dict:
    """When each observation was posted: a few hours to a few days before the first
    idea that cites it, or spread over the last SPREAD_DAYS days."""
    first_cited = {}
    for row in IDEAS:
        when = submitted_at(STORIES[row[2]])
        for key in row[7]:
            first_cited[key] = min(when, first_cited.get(key, when))
    uncited = [key for key in OBSERVATIONS if key not in first_cited]
    now = timezone.now()
    dates = {key: when - timedelta(hours=rng.randint(3, 140)) for key, when in first_cited.items()}
    for index, key in enumerate(uncited):
        days = SPREAD_DAYS - index * (SPREAD_DAYS - 2) / max(len(uncited) - 1, 1)
        dates[key] = now - timedelta(days=days, hours=rng.randint(0, 9))
    return dates


def seed_content(*, people, stdout=None) -> bool:
    """Observations and ideas (made by the posting actions), votes and "seen this too".
    `people` is what accounts.demo.seed_company returns. Returns whether it added them."""
    if Idea.objects.exists():
        _say(stdout, "Ideas already exist: no demo posts added.")
        return False
    rng = random.Random(2026)  # the same demo every time
    users = [user for user in people["users"] if user.team_id]
    by_name = {user.display_name: user for user in users}
    categories = {c.slug: c for c in people.get("categories") or Category.objects.all()}
    dates = _observation_dates(rng)

    observations = {}
    for key, row in OBSERVATIONS.items():
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
        Observation.objects.filter(pk=observation.pk).update(created_at=dates[key])
        observation.created_at = dates[key]
        for colleague in rng.sample(users, rng.randint(0, 6)):
            if colleague != author:
                toggle_seen_this_too(observation=observation, by=colleague)
        observations[key] = observation

    with popular_escalation_deferred():
        for row in IDEAS:
            author_name, slug, title, problem, proposal, impact, tags, evidence, anon, votes = row
            _submit(
                rng,
                by=by_name.get(author_name) or rng.choice(users),
                when=submitted_at(STORIES[title]),
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
    # One edited idea, so its earlier version shows: edited the evening it was posted.
    edited = Idea.objects.get(title="Email receipts by default")
    posting.edit_idea(
        idea=edited,
        by=edited.author,
        proposal=edited.proposal + " Customers who prefer paper can still have it.",
    )
    edited_at = edited.created_at + timedelta(hours=7)
    Revision.objects.filter(idea=edited).update(created_at=edited_at)
    edits = IdeaEvent.objects.filter(idea=edited, kind=IdeaEvent.Kind.EDITED)
    edits.update(created_at=edited_at)
    _say(stdout, f"Posts: {len(observations)} observations, {len(IDEAS)} ideas.")
    return True


def _submit(rng, *, by, when, users, votes, observations, **fields) -> Idea:
    """Submit through the real action, date it `when`, and collect exactly `votes`
    votes (the author's own included)."""
    idea = posting.submit_idea(by=by, observations=observations, **fields)
    dated = Idea.objects.filter(pk=idea.pk)
    dated.update(created_at=when, status_changed_at=when)
    dated.restart_answer_clock()
    IdeaEvent.objects.filter(idea=idea).update(created_at=when)
    Evidence.objects.filter(idea=idea).update(created_at=when)
    idea.created_at = when
    colleagues = [user for user in users if user != by]
    for voter in rng.sample(colleagues, min(votes - 1, len(colleagues))):
        toggle_vote(idea=idea, by=voter)
    _date_votes(idea, since=when, until=_votes_end(STORIES[idea.title], since=when))
    return idea


def _votes_end(story, *, since):
    """When the demo's votes on an idea stop coming: VOTING_DAYS after it was posted,
    or when its story closes it (done, declined, merged), or now, whichever is first."""
    ends = [since + timedelta(days=VOTING_DAYS), timezone.now()]
    for step in story.steps:
        if step.action == "merge" or (step.action == "status" and step.to in CLOSED_STATUSES):
            ends.append(step_at(story, step))
    return max(since, min(ends))


def _date_votes(idea, *, since, until) -> None:
    """The votes were cast now: date them as they came, from `since` (the author's, as
    the idea was posted) to `until`, most of them early, and score the idea from those
    dates as ideas/trending.py says."""
    votes = list(Vote.objects.filter(idea=idea).order_by("pk"))
    for index, vote in enumerate(votes):
        vote.created_at = since + (until - since) * (index / max(len(votes) - 1, 1)) ** 2
    Vote.objects.bulk_update(votes, ["created_at"])
    score = trending.score_of(since, [vote.created_at for vote in votes])
    IdeaTally.objects.filter(pk=idea.pk).update(trending_score=score)
