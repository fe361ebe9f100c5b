"""Shared by the lifecycle tests: ideas routed to a team, with their first event."""

from datetime import timedelta

from django.utils import timezone

from ideas.models import Follow, IdeaEvent, Vote
from tests.factories import IdeaFactory

# Who may manage an idea routed to the Leeds store, and who may not.
MAY_MANAGE = ["bob", "nora", "carol"]
MAY_NOT_MANAGE = ["alice", "dave", "erin"]


def submitted_idea(author, *, votes=(), followers=(), **fields):
    """An idea as submit_idea leaves it: routed to the author's team, the author
    voting and following, and a SUBMITTED event."""
    idea = IdeaFactory(author=author, **fields)
    for person in {author, *votes}:
        Vote.objects.create(idea=idea, user=person)
    for person in {author, *followers}:
        Follow.objects.create(idea=idea, user=person)
    idea.vote_count = Vote.objects.filter(idea=idea).count()
    idea.follower_count = Follow.objects.filter(idea=idea).count()
    idea.tally.save(update_fields=["vote_count", "follower_count"])
    IdeaEvent.objects.create(
        idea=idea, kind=IdeaEvent.Kind.SUBMITTED, actor=author, created_at=idea.created_at
    )
    return idea


def days_ago(days):
    return timezone.now() - timedelta(days=days)
