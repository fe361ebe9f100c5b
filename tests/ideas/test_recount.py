"""`manage.py recount`: every stored counter repaired from the rows it counts, in a
fixed number of queries, and a second run changes nothing."""

from io import StringIO

import pytest
from django.core.management import call_command

from ideas import counters, posting, trending
from ideas.comments import post_comment
from ideas.counters import recount_all
from ideas.models import Idea, IdeaTally, Observation
from ideas.reactions import toggle_seen_this_too, toggle_vote
from moderation import actions as moderation
from tests.factories import IdeaFactory

NOTHING = dict.fromkeys(
    [
        "Idea.vote_count",
        "Idea.comment_count",
        "Idea.evidence_count",
        "Idea.follower_count",
        "Observation.seen_count",
        "Observation.comment_count",
        "Observation.idea_count",
        "Idea.trending_score",
        "Idea.pain",
    ],
    0,
)


@pytest.fixture
def posts(alice, bob, carol, dave):
    """Made by the real actions, so the stored counters are what the site keeps."""
    seen_at_leeds = posting.post_observation(by=alice, what_happened="Queue out of the door")
    heard_in_bristol = posting.post_observation(by=dave, what_happened="Asked for a call-back")
    queues = posting.submit_idea(
        by=alice, title="Queue app", problem="p", proposal="q", from_observation=seen_at_leeds
    )
    toggle_vote(idea=queues, by=bob)
    post_comment(target=queues, by=dave, body="Yes please")
    toggle_seen_this_too(observation=heard_in_bristol, by=alice)
    toggle_seen_this_too(observation=heard_in_bristol, by=bob)
    post_comment(target=heard_in_bristol, by=bob, body="Same in Leeds")
    posting.link_evidence(idea=queues, observation=heard_in_bristol, by=bob)
    callbacks = posting.submit_idea(by=dave, title="Call-backs", problem="p", proposal="q")
    spam = post_comment(target=callbacks, by=alice, body="Spam")
    moderation.hide(target=spam, by=carol, reason="Spam")
    return queues, callbacks, seen_at_leeds, heard_in_bristol


def counts(post) -> tuple:
    post.refresh_from_db()
    if isinstance(post, Idea):
        return post.vote_count, post.comment_count, post.evidence_count, post.follower_count
    return post.seen_count, post.comment_count, post.idea_count


def corrupt_every_counter():
    Idea.objects.update(comment_count=7, evidence_count=7, pain_colleagues=7)
    IdeaTally.objects.update(vote_count=7, follower_count=7, trending_score=-1)
    Observation.objects.update(seen_count=7, comment_count=7, idea_count=7)


def test_the_counters_the_actions_keep_are_what_recount_computes(posts):
    assert recount_all() == NOTHING


def test_every_counter_is_repaired_from_its_rows(posts):
    queues, callbacks, seen_at_leeds, heard_in_bristol = posts
    corrupt_every_counter()

    repaired = recount_all()

    assert repaired == {
        "Idea.vote_count": 2,
        "Idea.comment_count": 2,
        "Idea.evidence_count": 2,
        "Idea.follower_count": 2,
        "Observation.seen_count": 2,
        "Observation.comment_count": 2,
        "Observation.idea_count": 2,
        "Idea.trending_score": 2,
        "Idea.pain": 2,
    }
    # votes, comments, evidence, followers: alice and bob voted (and follow), dave
    # commented (and follows); a hidden comment does not count (alice's, on
    # call-backs), but she follows the idea she commented on.
    assert counts(queues) == (2, 1, 2, 3)
    assert counts(callbacks) == (1, 0, 0, 2)
    # seen this too, comments, ideas it is evidence for
    assert counts(seen_at_leeds) == (0, 0, 1)
    assert counts(heard_in_bristol) == (2, 1, 1)
    for idea in (queues, callbacks):
        vote_times = idea.votes.values_list("created_at", flat=True)
        assert idea.trending_score == trending.score_of(idea.created_at, vote_times)


def test_a_second_run_changes_nothing(posts):
    corrupt_every_counter()
    recount_all()
    before = [counts(post) for post in posts]

    assert recount_all() == NOTHING
    assert [counts(post) for post in posts] == before


def test_the_trending_score_is_repaired_from_the_votes_times(alice, bob):
    idea = posting.submit_idea(by=alice, title="t", problem="p", proposal="q")
    toggle_vote(idea=idea, by=bob)
    idea.refresh_from_db()
    right = idea.trending_score
    # The score of an idea nobody voted for.
    IdeaTally.objects.filter(pk=idea.pk).update(trending_score=trending.floor(idea.created_at))

    assert recount_all()["Idea.trending_score"] == 1

    idea.refresh_from_db()
    assert idea.trending_score == pytest.approx(right, abs=1e-9)


def test_float_rounding_is_not_a_repair(alice):
    idea = posting.submit_idea(by=alice, title="t", problem="p", proposal="q")
    idea.refresh_from_db()
    IdeaTally.objects.filter(pk=idea.pk).update(trending_score=idea.trending_score + 1e-12)

    assert recount_all()["Idea.trending_score"] == 0


def test_a_post_without_rows_counts_zero(dave):
    idea = IdeaFactory(author=dave, vote_count=3, follower_count=3, comment_count=3)

    recount_all()

    assert counts(idea) == (0, 0, 0, 0)


@pytest.mark.parametrize("size", [3, 30])
def test_the_repair_runs_a_fixed_number_of_queries(alice, dave, size, django_assert_num_queries):
    for n in range(size):
        observation = posting.post_observation(by=dave, what_happened=f"Observation {n}")
        posting.submit_idea(
            by=alice, title=f"Idea {n}", problem="p", proposal="q", from_observation=observation
        )
    corrupt_every_counter()
    # The savepoint (BEGIN in production) (1); lock the ideas, their tallies, then the
    # observations (3); one UPDATE per counter (7); read the ideas joined to their
    # votes' times (1); write the changed trending scores, up to 500 per UPDATE (1); the
    # ideas whose customer pain is wrong, and one UPDATE for them (2); release (COMMIT)
    # (1) = 16.
    with django_assert_num_queries(16):
        repaired = recount_all()
    assert repaired["Idea.trending_score"] == size


def test_changed_trending_scores_are_written_in_batches(
    alice, monkeypatch, django_assert_num_queries
):
    for n in range(5):
        posting.submit_idea(by=alice, title=f"Idea {n}", problem="p", proposal="q")
    IdeaTally.objects.update(trending_score=-1)
    monkeypatch.setattr(counters, "BATCH_SIZE", 2)
    # The 14 queries of the repair besides its writes (the pain read finds nothing to
    # write) + 3 batches (of 2, 2 and 1) = 17.
    with django_assert_num_queries(17):
        assert recount_all()["Idea.trending_score"] == 5
    assert not IdeaTally.objects.filter(trending_score=-1).exists()


def test_the_command_says_what_it_repaired(posts):
    IdeaTally.objects.filter(pk=posts[0].pk).update(vote_count=9, trending_score=0)
    out = StringIO()

    call_command("recount", stdout=out)

    lines = out.getvalue().splitlines()
    assert "Idea.vote_count: 1 row repaired" in lines
    assert "Idea.trending_score: 1 row repaired" in lines
    assert "Observation.seen_count: 0 rows repaired" in lines
    assert lines[-1] == "2 repaired in all."
    assert counts(posts[0])[0] == 2


def test_the_command_says_when_every_counter_was_right(posts):
    out = StringIO()

    call_command("recount", stdout=out)

    assert out.getvalue().splitlines()[-1] == "Every counter was right."
