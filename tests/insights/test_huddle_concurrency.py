"""The huddle's counts stay exact when the room taps at once, and two tablets
starting the huddle together make one. Needs PostgreSQL: real row locks and concurrent
transactions (SQLite runs one writer at a time, so no race happens)."""

from datetime import timedelta

import pytest
from django.conf import settings
from django.utils import timezone

from insights.huddle import lower_hand, raise_hand, start_huddle
from insights.models import Huddle, HuddleCard
from tests.concurrency import run_at_once
from tests.factories import ObservationFactory, TeamFactory, UserFactory

pytestmark = pytest.mark.skipif(
    not settings.IS_POSTGRES,
    reason="needs PostgreSQL (DATABASE_URL): SQLite serialises writers, so no race happens",
)


@pytest.fixture
def store(transactional_db):
    return TeamFactory(name="Leeds store")


@pytest.fixture
def room(store):
    """A huddle in progress, one observation on its board, and the tablet's user."""
    person = UserFactory(team=store)
    huddle = Huddle.objects.create(team=store, started_at=timezone.now() - timedelta(minutes=1))
    return huddle, ObservationFactory(author=UserFactory(team=store)), person


def test_twenty_hands_at_once_count_twenty(room):
    huddle, observation, person = room

    results = run_at_once(
        [lambda: raise_hand(huddle=huddle, observation=observation, by=person)] * 20
    )

    assert HuddleCard.objects.get(huddle=huddle, observation=observation).hands == 20
    # Each tap saw its own count: every number from 1 to 20 once.
    assert sorted(results) == list(range(1, 21))


def test_taps_and_undos_at_once_leave_the_difference(room):
    huddle, observation, person = room
    # As many hands up as there are undos: however the 20 interleave, the count never
    # reaches none, where an undo rightly lowers nothing. (With 5 here, a run in which
    # 6 undos came first ended at 10 and looked like a lost undo.)
    undos = 8
    for _ in range(undos):
        raise_hand(huddle=huddle, observation=observation, by=person)

    def tap():
        return raise_hand(huddle=huddle, observation=observation, by=person)

    def undo():
        return lower_hand(huddle=huddle, observation=observation, by=person)

    run_at_once([tap] * 12 + [undo] * undos)

    assert HuddleCard.objects.get(huddle=huddle, observation=observation).hands == undos + 12 - 8


def test_undos_at_once_never_go_below_none(room):
    huddle, observation, person = room
    for _ in range(3):
        raise_hand(huddle=huddle, observation=observation, by=person)

    run_at_once([lambda: lower_hand(huddle=huddle, observation=observation, by=person)] * 10)

    assert HuddleCard.objects.get(huddle=huddle, observation=observation).hands == 0


def test_ten_starts_at_once_make_one_huddle(store):
    people = [UserFactory(team=store) for _ in range(10)]

    results = run_at_once([lambda p=p: start_huddle(team=store, by=p) for p in people])

    assert Huddle.objects.filter(team=store).count() == 1
    assert [created for _, created in results].count(True) == 1
    assert len({huddle.pk for huddle, _ in results}) == 1
