"""Counts stay exact when many people click at once. Needs PostgreSQL: real row locks
and concurrent transactions (SQLite runs one writer at a time, so it proves nothing).

Each thread uses its own database connection (Django's connections are per thread)
and closes it when done; `transactional_db` commits the fixtures so the threads see
them.
"""

import pytest
from django.conf import settings

from ideas import trending
from ideas.models import Follow, Observation, SeenThisToo, Vote
from ideas.reactions import toggle_follow, toggle_seen_this_too, toggle_vote
from tests.concurrency import run_at_once
from tests.factories import IdeaFactory, ObservationFactory, UserFactory

pytestmark = pytest.mark.skipif(
    not settings.IS_POSTGRES,
    reason="needs PostgreSQL (DATABASE_URL): SQLite serialises writers, so no race happens",
)


@pytest.fixture
def idea(transactional_db):
    return IdeaFactory()


@pytest.fixture
def people(transactional_db):
    return [UserFactory() for _ in range(20)]


def test_twenty_people_voting_at_once_leave_an_exact_count(idea, people):
    # Every third person changes their mind: votes, then takes the vote back.
    twice = set(range(0, 20, 3))

    def voter(index, person):
        def job():
            voted = toggle_vote(idea=idea, by=person)
            if index in twice:
                voted = toggle_vote(idea=idea, by=person)
            return voted

        return job

    results = run_at_once([voter(i, person) for i, person in enumerate(people)])

    idea.refresh_from_db()
    expected = 20 - len(twice)
    assert results.count(True) == expected
    assert idea.vote_count == Vote.objects.filter(idea=idea).count() == expected
    # Everyone who voted follows, even those who took the vote back.
    assert idea.follower_count == Follow.objects.filter(idea=idea).count() == 20
    # Each toggle moved the score on from the one it read under the idea's row lock.
    vote_times = Vote.objects.filter(idea=idea).values_list("created_at", flat=True)
    assert idea.trending_score == pytest.approx(
        trending.score_of(idea.created_at, vote_times), abs=1e-9
    )


def test_one_person_double_clicking_votes_then_unvotes(idea, people):
    person = people[0]

    results = run_at_once([lambda: toggle_vote(idea=idea, by=person)] * 2)

    idea.refresh_from_db()
    assert sorted(results) == [False, True]
    assert idea.vote_count == Vote.objects.filter(idea=idea).count() == 0
    assert idea.follower_count == Follow.objects.filter(idea=idea).count() == 1


def test_ten_clicks_at_once_by_one_person_keep_the_count_exact(idea, people):
    person = people[0]

    results = run_at_once([lambda: toggle_vote(idea=idea, by=person)] * 10)

    idea.refresh_from_db()
    assert results.count(True) == results.count(False) == 5
    assert idea.vote_count == Vote.objects.filter(idea=idea).count() == 0


def test_twenty_people_following_at_once_leave_an_exact_count(idea, people):
    results = run_at_once([lambda p=p: toggle_follow(idea=idea, by=p) for p in people])

    idea.refresh_from_db()
    assert all(results)
    assert idea.follower_count == Follow.objects.filter(idea=idea).count() == 20


def test_one_person_double_clicking_follow_leaves_the_count_exact(idea, people):
    person = people[0]

    run_at_once([lambda: toggle_follow(idea=idea, by=person)] * 2)

    idea.refresh_from_db()
    assert idea.follower_count == Follow.objects.filter(idea=idea).count()


def test_twenty_people_seeing_it_too_at_once_leave_an_exact_count(people):
    observation = ObservationFactory()

    run_at_once([lambda p=p: toggle_seen_this_too(observation=observation, by=p) for p in people])
    run_at_once(
        [lambda p=p: toggle_seen_this_too(observation=observation, by=p) for p in people[:7]]
    )

    observation = Observation.objects.get(pk=observation.pk)
    assert observation.seen_count == SeenThisToo.objects.filter(observation=observation).count()
    assert observation.seen_count == 13
