"""Customer pain stays exact when many colleagues press "seen this too" at once on
the evidence of one idea. Needs PostgreSQL: real row locks and concurrent
transactions (SQLite runs one writer at a time, so it proves nothing)."""

import threading
import time

import pytest
from django.conf import settings
from django.db import transaction

from ideas import pain
from ideas.models import Evidence, Idea
from ideas.reactions import toggle_seen_this_too
from tests.concurrency import run_at_once
from tests.factories import IdeaFactory, ObservationFactory, UserFactory

pytestmark = pytest.mark.skipif(
    not settings.IS_POSTGRES,
    reason="needs PostgreSQL (DATABASE_URL): SQLite serialises writers, so no race happens",
)


@pytest.fixture
def idea_with_evidence(transactional_db):
    idea = IdeaFactory()
    observations = [ObservationFactory() for _ in range(3)]
    Evidence.objects.bulk_create(Evidence(idea=idea, observation=o) for o in observations)
    pain.refresh_pain([idea.pk])
    return idea, observations


def test_twenty_colleagues_seeing_three_observations_at_once_all_count(idea_with_evidence):
    idea, observations = idea_with_evidence
    people = [UserFactory() for _ in range(20)]
    # Each person on one of the three observations, so the writes hit different
    # observation rows but the same idea.
    jobs = [
        (
            lambda person=person, i=i: toggle_seen_this_too(
                observation=observations[i % 3], by=person
            )
        )
        for i, person in enumerate(people)
    ]

    run_at_once(jobs)

    idea = Idea.objects.get(pk=idea.pk)
    assert idea.pain_colleagues == 3 + 20
    before = idea.pain_sort
    pain.refresh_pain([idea.pk])
    idea.refresh_from_db()
    assert idea.pain_sort == before


def test_seeing_and_taking_back_at_once_converge(idea_with_evidence):
    idea, observations = idea_with_evidence
    people = [UserFactory() for _ in range(12)]
    for person in people[:6]:
        toggle_seen_this_too(observation=observations[0], by=person)
    # The first six take theirs back while six others mark the second observation.
    jobs = [
        (lambda person=person: toggle_seen_this_too(observation=observations[0], by=person))
        for person in people[:6]
    ] + [
        (lambda person=person: toggle_seen_this_too(observation=observations[1], by=person))
        for person in people[6:]
    ]

    run_at_once(jobs)

    assert Idea.objects.get(pk=idea.pk).pain_colleagues == 3 + 6


def test_a_writer_waiting_on_another_counts_its_row_once_committed(idea_with_evidence):
    """The exact interleaving: A marks one observation and holds its transaction open;
    B marks another and must wait for A, then count A's row too. Without the lock B's
    UPDATE would wait on the row and then write what its older snapshot said."""
    idea, observations = idea_with_evidence
    first, second = UserFactory(), UserFactory()
    a_toggled, a_may_commit = threading.Event(), threading.Event()

    def a():
        with transaction.atomic():
            toggle_seen_this_too(observation=observations[0], by=first)
            a_toggled.set()
            a_may_commit.wait(10)

    def b():
        a_toggled.wait(10)
        toggle_seen_this_too(observation=observations[1], by=second)

    def release():
        a_toggled.wait(10)
        time.sleep(0.5)  # B is now waiting on A
        a_may_commit.set()

    run_at_once([a, b, release])

    assert Idea.objects.get(pk=idea.pk).pain_colleagues == 3 + 2
