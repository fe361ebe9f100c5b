"""Trending favours recent votes, not recent posts (ideas/trending.py): each vote's
weight halves every three days after it is cast. On fixed dates, through the real
actions (posting, voting, merging, recount)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from ideas import posting, trending
from ideas.counters import recount_all
from ideas.lifecycle import merge_ideas
from ideas.models import Idea, IdeaTally
from ideas.reactions import toggle_vote
from tests.factories import UserFactory

NOW = datetime(2026, 11, 30, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)
MINUTE = timedelta(minutes=1)


def at(when):
    return time_machine.travel(when, tick=False)


def post(title, *, by, when):
    """An idea as submitted: its author's own vote counts from when it was posted."""
    with at(when):
        return posting.submit_idea(by=by, title=title, problem="p", proposal="q")


def vote(idea, people, *, when):
    with at(when):
        for person in people:
            assert toggle_vote(idea=idea, by=person) is True


def take_back(idea, person, *, when):
    with at(when):
        assert toggle_vote(idea=idea, by=person) is False


def trending_titles():
    return list(Idea.objects.trending().values_list("title", flat=True))


def score(idea):
    idea.refresh_from_db()
    return idea.trending_score


def score_from_its_votes(idea):
    return trending.score_of(idea.created_at, idea.votes.values_list("created_at", flat=True))


@pytest.fixture
def colleagues(db):
    return UserFactory.create_batch(40)


def test_thirty_votes_from_last_week_outrank_one_vote_from_today(client, dave, alice, colleagues):
    last_week = post("Text customers when the engineer is on the way", by=alice, when=NOW - 8 * DAY)
    vote(last_week, colleagues[:29], when=NOW - 7 * DAY)  # 30 with alice's
    post("Free parking for click and collect", by=alice, when=NOW - 5 * MINUTE)

    client.force_login(dave)
    with at(NOW):
        response = client.get("/ideas/")

    assert [idea.title for idea in response.context["page"].object_list] == [
        "Text customers when the engineer is on the way",
        "Free parking for click and collect",
    ]


def test_a_burst_of_votes_this_week_beats_an_old_total(alice, colleagues):
    burst = post("Call back before the promised hour", by=alice, when=NOW - 40 * DAY)
    vote(burst, colleagues[:4], when=NOW - 3 * DAY)
    vote(burst, colleagues[4:10], when=NOW - DAY)  # 10 this week, 11 in all
    old = post("Bigger fitting rooms", by=alice, when=NOW - 35 * DAY)
    vote(old, colleagues[:39], when=NOW - 30 * DAY)  # 40 a month ago

    assert trending_titles() == ["Call back before the promised hour", "Bigger fitting rooms"]


def test_a_votes_weight_halves_every_three_days(alice, colleagues):
    two_older = post("Two votes three days ago", by=alice, when=NOW - 4 * DAY)
    vote(two_older, colleagues[:2], when=NOW - 3 * DAY)
    take_back(two_older, alice, when=NOW - 3 * DAY)
    one_fresh = post("One vote now", by=alice, when=NOW - 4 * DAY)
    vote(one_fresh, colleagues[:1], when=NOW)
    take_back(one_fresh, alice, when=NOW)

    assert score(two_older) == pytest.approx(score(one_fresh), abs=1e-9)


def test_taking_a_vote_back_returns_the_score_to_what_it_was(alice, colleagues):
    idea = post("Queue app", by=alice, when=NOW - 10 * DAY)
    vote(idea, colleagues[:5], when=NOW - 9 * DAY)
    vote(idea, colleagues[5:8], when=NOW - 2 * DAY)
    before = score(idea)

    vote(idea, colleagues[8:9], when=NOW)
    assert score(idea) > before
    take_back(idea, colleagues[8], when=NOW + DAY)

    assert score(idea) == pytest.approx(before, abs=1e-9)
    assert score(idea) == pytest.approx(score_from_its_votes(idea), abs=1e-9)


def test_taking_back_an_old_vote_subtracts_its_own_weight(alice, colleagues):
    idea = post("Queue app", by=alice, when=NOW - 10 * DAY)
    vote(idea, colleagues[:1], when=NOW - 9 * DAY)
    vote(idea, colleagues[1:3], when=NOW - DAY)

    take_back(idea, colleagues[0], when=NOW)

    assert score(idea) == pytest.approx(score_from_its_votes(idea), abs=1e-9)
    assert idea.vote_count == 3  # alice's and the two recent ones


def test_taking_back_the_only_recent_vote_on_an_old_idea(alice, bob, colleagues):
    """Its weight is nearly all of the sum (the others are 66 half-lives older), so
    subtracting it would leave rounding noise: the score is recomputed instead."""
    idea = post("Receipts by email", by=alice, when=NOW - 201 * DAY)
    vote(idea, colleagues[:3], when=NOW - 200 * DAY)
    before = score(idea)
    vote(idea, [bob], when=NOW)

    take_back(idea, bob, when=NOW)

    assert score(idea) == pytest.approx(before, abs=1e-9)
    assert score(idea) == pytest.approx(score_from_its_votes(idea), abs=1e-9)


def test_a_vote_taken_back_costs_no_extra_query(alice, bob, django_assert_num_queries):
    idea = post("Queue app", by=alice, when=NOW - DAY)
    vote(idea, [bob], when=NOW - DAY)
    # The savepoint (BEGIN in production), lock the idea, try the insert (the vote is
    # there), delete the vote returning when it was cast, update the count and the
    # score, release (COMMIT): 6. None of them reads the other votes.
    with at(NOW), django_assert_num_queries(6):
        assert toggle_vote(idea=idea, by=bob) is False


def test_ideas_without_votes_sort_by_recency_below_every_voted_idea(alice, colleagues):
    voted = post("One vote two months ago", by=alice, when=NOW - 60 * DAY)
    last_month = post("No votes, posted last month", by=alice, when=NOW - 30 * DAY)
    take_back(last_month, alice, when=NOW - 30 * DAY)
    today = post("No votes, posted today", by=alice, when=NOW - 60 * MINUTE)
    take_back(today, alice, when=NOW)

    assert trending_titles() == [
        "One vote two months ago",
        "No votes, posted today",
        "No votes, posted last month",
    ]
    assert score(today) == trending.floor(today.created_at)
    assert score(voted) == pytest.approx(score_from_its_votes(voted), abs=1e-9)


def test_a_merge_brings_the_votes_and_their_weight(alice, bob, colleagues):
    duplicate = post("Text when the van leaves", by=alice, when=NOW - 3 * DAY)
    vote(duplicate, colleagues[:10], when=NOW - 2 * DAY)
    original = post("Text customers when the engineer is on the way", by=alice, when=NOW - 40 * DAY)
    vote(original, colleagues[5:8], when=NOW - 39 * DAY)
    post("Free parking for click and collect", by=alice, when=NOW - DAY)
    assert trending_titles()[-1] == "Text customers when the engineer is on the way"

    with at(NOW):
        merge_ideas(idea=duplicate, into=original, by=bob, note="The same request")

    assert trending_titles() == [
        "Text customers when the engineer is on the way",
        "Free parking for click and collect",
        "Text when the van leaves",
    ]
    assert score(original) == pytest.approx(score_from_its_votes(original), abs=1e-9)
    assert score(duplicate) == trending.floor(duplicate.created_at)


def test_recount_repairs_the_scores_from_the_votes_times(alice, colleagues):
    week_old = post("Thirty votes last week", by=alice, when=NOW - 8 * DAY)
    vote(week_old, colleagues[:29], when=NOW - 7 * DAY)
    fresh = post("One vote today", by=alice, when=NOW)
    kept = [score(week_old), score(fresh)]
    IdeaTally.objects.filter(pk=week_old.pk).update(trending_score=0)
    IdeaTally.objects.filter(pk=fresh.pk).update(trending_score=1000)

    assert recount_all()["Idea.trending_score"] == 2

    assert trending_titles() == ["Thirty votes last week", "One vote today"]
    assert [score(week_old), score(fresh)] == pytest.approx(kept, abs=1e-9)
    assert recount_all()["Idea.trending_score"] == 0
