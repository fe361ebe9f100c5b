"""Votes, "seen this too" and follows: one row per person, toggled.

Each toggle changes the row and the stored count on the post in one transaction. The
count only moves when a row was really inserted or deleted, and the unique
constraints settle races (an insert that loses one inserts nothing: ideas/rows.py), so
counts stay exact with many people clicking at once.
"""

from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef
from django.utils import timezone

from ideas import escalation, pain, trending
from ideas.models import Follow, Idea, IdeaTally, Observation, SeenThisToo, Vote
from ideas.rows import insert_once

TALLY_FIELDS = ("tally__vote_count", "tally__follower_count", "tally__trending_score")


class VotingClosed(Exception):
    """Votes are only taken on open ideas."""


# No savepoint of its own: it is mostly called inside a vote or a comment.
@transaction.atomic(savepoint=False)
def follow_idea(*, idea: Idea, by) -> bool:
    """Make `by` follow the idea if they do not yet; True if a follow was added."""
    added = insert_once(Follow, idea_id=idea.pk, user=by)
    if added:
        IdeaTally.objects.filter(pk=idea.pk).update(follower_count=F("follower_count") + 1)
    return added


@transaction.atomic
def toggle_follow(*, idea: Idea, by) -> bool:
    """Follow or unfollow an idea. Returns whether `by` follows it now."""
    if Follow.objects.filter(idea_id=idea.pk, user=by).delete()[0]:
        IdeaTally.objects.filter(pk=idea.pk).update(follower_count=F("follower_count") - 1)
        return False
    follow_idea(idea=idea, by=by)
    return True


def _take_back_vote(*, idea_id, by) -> datetime | None:
    """Delete `by`'s vote on the idea; when it was cast, or None if there was none.
    One query (DELETE ... RETURNING): the trending score needs the vote's time."""
    vote = connection.ops.quote_name(Vote._meta.db_table)
    deleted = Vote.objects.raw(
        f"DELETE FROM {vote} WHERE idea_id = %s AND user_id = %s RETURNING id, created_at",
        [idea_id, by.pk],
    )
    return next((row.created_at for row in list(deleted)), None)


@transaction.atomic
def toggle_vote(*, idea: Idea, by) -> bool:
    """Vote for an open idea, or take the vote back. Returns whether `by` has voted
    now. Voting also makes the voter follow the idea. Raises Idea.DoesNotExist if
    `by` may not see it, so `idea` may be only its primary key (the vote view).

    `idea` comes back with what its buttons show, so that the page needs no second
    read: status, vote_count, follower_count, voted_by_me, followed_by_me."""
    # Lock the idea row and its tally (no-key, so inserting follows and comments is
    # not blocked): vote toggles on one idea queue here, so the count and the trending
    # score read under the lock are the ones this vote moves on from
    # (ideas/trending.py). The same read tells whether this vote could make the idea
    # popular (V votes) and whether `by` follows it already.
    locked = (
        Idea.objects.visible_to(by)
        .with_tally()
        .select_for_update(no_key=True, of=("self", "tally"))
        .only("status", "created_at", *TALLY_FIELDS)
        .with_popular_check()
        .annotate(followed=Exists(Follow.objects.filter(idea=OuterRef("pk"), user=by)))
        .get(pk=idea.pk)
    )
    idea.status, idea.tally = locked.status, locked.tally
    if not locked.is_open:
        raise VotingClosed(
            f"Voting has closed: this idea is {locked.get_status_display().lower()}."
        )
    now, followed = timezone.now(), 0
    # Insert first: a vote is one statement, taking it back two.
    if insert_once(Vote, idea_id=idea.pk, user=by, created_at=now):
        change = 1
        score = trending.with_vote(locked.trending_score, now)
        followed = int(not locked.followed and insert_once(Follow, idea_id=idea.pk, user=by))
    elif cast_at := _take_back_vote(idea_id=idea.pk, by=by):
        change = -1
        score = trending.after_taking_back(
            locked.trending_score,
            cast_at,
            created_at=locked.created_at,
            votes_left=locked.vote_count - 1,
            remaining_vote_times=lambda: Vote.objects.filter(idea_id=idea.pk).values_list(
                "created_at", flat=True
            ),
        )
    else:
        return False  # Under the lock another toggle took the vote back first.
    # One UPDATE of the narrow tally for the vote and the follow; the idea's row is
    # not rewritten.
    IdeaTally.objects.filter(pk=idea.pk).update(
        vote_count=F("vote_count") + change,
        trending_score=score,
        follower_count=F("follower_count") + followed,
    )
    idea.vote_count, idea.trending_score = locked.vote_count + change, score
    idea.follower_count = locked.follower_count + followed
    idea.voted_by_me, idea.followed_by_me = change > 0, bool(locked.followed or followed)
    if change > 0 and escalation.may_be_newly_popular(locked, idea.vote_count):
        whole = Idea.objects.select_related("routed_team").get(pk=idea.pk)
        escalation.escalate_popular(idea=whole, popular_votes=locked.popular_votes)
    return change > 0


@transaction.atomic
def toggle_seen_this_too(*, observation: Observation, by) -> bool:
    """Corroborate a colleague's observation, or take it back. Returns whether `by`
    has marked it now. Authors cannot corroborate their own observation."""
    if observation.author_id == by.pk:
        raise PermissionDenied("You cannot mark your own observation as seen too.")
    # The count's update locks the observation row before the ideas' pain is
    # refreshed (ideas/pain.py: observation first, then its ideas).
    if SeenThisToo.objects.filter(observation_id=observation.pk, user=by).delete()[0]:
        Observation.objects.filter(pk=observation.pk).update(seen_count=F("seen_count") - 1)
        pain.refresh_pain_of_observation(observation.pk)
        return False
    if insert_once(SeenThisToo, observation_id=observation.pk, user=by):
        Observation.objects.filter(pk=observation.pk).update(seen_count=F("seen_count") + 1)
        pain.refresh_pain_of_observation(observation.pk)
    return True
