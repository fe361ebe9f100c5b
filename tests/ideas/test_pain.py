"""Customer pain (ideas/pain.py): hand-computed on a fixed fixture, kept current by
every write that changes an input, hidden evidence left out, the sort, the repair."""

import math
from datetime import timedelta

import pytest
from django.utils import timezone

from ideas import pain, posting
from ideas.counters import recount_all
from ideas.lifecycle import merge_ideas
from ideas.models import NO_PAIN, Idea, Observation
from ideas.reactions import toggle_seen_this_too
from tests.factories import IdeaFactory, ObservationFactory, UserFactory

DAY = timedelta(days=1)


@pytest.fixture
def now():
    return timezone.now()


@pytest.fixture
def fixture(alice, bob, dave, erin, carol, leeds, bristol, now):
    """Three observations, linked as evidence by the real actions:
    - alice (Leeds store), 2 days ago, frustrated, in store, "Families";
    - dave (Bristol contact centre), 5 days ago, frustrated, phone, "families " ;
    - bob (Leeds store), 1 day ago, neutral, phone, no segment;
    and "seen this too" by erin (on alice's) and by dave (on bob's: already an author).
    """
    idea = IdeaFactory(author=carol, team=carol.team)
    rows = [
        (alice, 2, "frustrated", "in_store", "Families"),
        (dave, 5, "frustrated", "phone", "families "),
        (bob, 1, "neutral", "phone", ""),
    ]
    observations = []
    for author, days, sentiment, touchpoint, segment in rows:
        observations.append(
            ObservationFactory(
                author=author,
                created_at=now - days * DAY,
                sentiment=sentiment,
                touchpoint=touchpoint,
                segment=segment,
            )
        )
    for observation in observations:
        posting.link_evidence(idea=idea, observation=observation, by=carol)
    toggle_seen_this_too(observation=observations[0], by=erin)
    toggle_seen_this_too(observation=observations[2], by=dave)
    idea.refresh_from_db()
    return idea, observations


def stored(idea) -> tuple:
    idea.refresh_from_db()
    return (
        idea.pain_colleagues,
        idea.pain_places,
        idea.pain_place_kind,
        idea.pain_touchpoints,
        idea.pain_segments,
        idea.pain_frustrated_share,
    )


def test_the_components_match_the_hand_count(fixture):
    idea, _ = fixture

    # alice, dave, bob (authors) + erin (seen); dave's "seen" counts him once.
    # Places: Leeds store, Bristol contact centre: two kinds, so "places".
    # Touchpoints: in store, phone. Segments: "families" (case and spaces ignored).
    # Frustrated: 2 of 3.
    assert stored(idea) == (4, 2, "", 2, 1, pytest.approx(2 / 3))
    # The latest: the "seen this too" just now, after bob's observation of yesterday.
    assert timezone.now() - idea.pain_last_seen_at < timedelta(minutes=1)


def test_the_weight_sort_key_and_figure_by_hand(fixture):
    idea, _ = fixture

    # log2(1 + 4) * (1 + 1/4 + 1/8 + 0) * (1 + 2/3) = 2.3219 * 1.375 * 1.6667 = 5.3211
    weight = math.log2(5) * 1.375 * (5 / 3)
    assert weight == pytest.approx(5.3211, abs=1e-4)
    assert pain.weight(
        colleagues=4, places=2, touchpoints=2, segments=1, frustrated_share=2 / 3
    ) == pytest.approx(weight)
    assert idea.pain_sort == pytest.approx(
        math.log2(weight) + pain.x(idea.pain_last_seen_at), abs=1e-9
    )
    # Seen just now: d = 5.3211, figure = 100 * 5.3211 / 9.3211 = 57.
    assert pain.figure(idea, now=idea.pain_last_seen_at) == 57
    # Two weeks later it weighs half: 2.6605 / 6.6605 = 40; four weeks: 1.33 / 5.33 = 25.
    assert pain.figure(idea, now=idea.pain_last_seen_at + 14 * DAY) == 40
    assert pain.figure(idea, now=idea.pain_last_seen_at + 28 * DAY) == 25


def test_an_idea_without_evidence_has_no_pain(db):
    idea = IdeaFactory()

    assert stored(idea) == (0, 0, "", 0, 0, 0.0)
    assert idea.pain_sort == NO_PAIN
    assert pain.figure(idea) == 0
    assert pain.explanation(idea) == "No evidence yet"


def test_linking_evidence_updates_it(alice, leeds, carol):
    idea = IdeaFactory()
    observation = ObservationFactory(author=alice, sentiment="neutral", segment="")

    posting.link_evidence(idea=idea, observation=observation, by=carol)

    assert stored(idea) == (1, 1, "store", 1, 0, 0.0)
    assert idea.pain_last_seen_at == observation.created_at
    # log2(2) * 1 * 1 = 1: the sort key is x(the observation's time).
    assert idea.pain_sort == pytest.approx(pain.x(observation.created_at), abs=1e-9)


def test_seen_this_too_and_taking_it_back_update_it(fixture, nora):
    idea, observations = fixture

    toggle_seen_this_too(observation=observations[1], by=nora)
    assert stored(idea)[0] == 5
    toggle_seen_this_too(observation=observations[1], by=nora)
    assert stored(idea)[0] == 4


def test_editing_an_observation_updates_it(fixture, bob):
    idea, observations = fixture

    posting.edit_observation(
        observation=observations[2], by=bob, sentiment="frustrated", segment="Students"
    )

    # 3 of 3 frustrated; segments "families" and "students".
    assert stored(idea)[4:] == (2, pytest.approx(1.0))


def test_hidden_evidence_does_not_count(fixture):
    idea, observations = fixture

    Observation.objects.filter(pk=observations[1].pk).update(is_hidden=True)  # dave's
    pain.refresh_pain([idea.pk])

    # alice, bob, erin and dave (he still saw bob's); one place, the Leeds store.
    assert stored(idea) == (4, 1, "store", 2, 1, pytest.approx(1 / 2))
    Observation.objects.filter(pk=observations[1].pk).update(is_hidden=False)
    pain.refresh_pain_of_observation(observations[1].pk)
    assert stored(idea)[:2] == (4, 2)


def test_merging_moves_the_pain_to_the_survivor(fixture, carol, now):
    idea, observations = fixture
    into = IdeaFactory(author=carol, team=carol.team)

    merge_ideas(idea=idea, into=into, by=carol, note="The same")

    assert stored(into) == (4, 2, "", 2, 1, pytest.approx(2 / 3))
    assert stored(idea)[0] == 0
    into.refresh_from_db()
    idea.refresh_from_db()
    assert idea.pain_sort == NO_PAIN < into.pain_sort


def test_the_customer_pain_sort_orders_by_decayed_weight(alice, dave, carol, now):
    """Old and wide against fresh and narrow: the order is the decayed weights'."""
    wide = IdeaFactory(title="wide")
    narrow = IdeaFactory(title="narrow")
    none = IdeaFactory(title="none")
    # wide: 7 colleagues, 45 days ago (weight 3 * 1.0 * 2 = 6, decayed by 2**(45/14) = 9.2).
    for person in [UserFactory(team=alice.team) for _ in range(7)]:
        observation = ObservationFactory(author=person, created_at=now - 45 * DAY)
        posting.link_evidence(idea=wide, observation=observation, by=carol)
    # narrow: 1 colleague today (weight 1 * 1 * 2 = 2).
    posting.link_evidence(idea=narrow, observation=ObservationFactory(author=dave), by=carol)

    order = list(Idea.objects.filter(pk__in=[wide.pk, narrow.pk, none.pk]).by_pain())

    assert [i.title for i in order] == ["narrow", "wide", "none"]
    wide.refresh_from_db()
    narrow.refresh_from_db()
    assert pain.figure(narrow) > pain.figure(wide) > 0


def test_recount_repairs_a_wrong_pain(fixture):
    idea, _ = fixture
    idea.refresh_from_db()
    right = stored(idea), idea.pain_sort, idea.pain_last_seen_at
    Idea.objects.filter(pk=idea.pk).update(
        pain_colleagues=99, pain_sort=0, pain_last_seen_at=None, pain_place_kind="store"
    )

    repaired = recount_all()

    assert repaired["Idea.pain"] == 1
    assert (stored(idea), idea.pain_sort, idea.pain_last_seen_at) == right
    assert recount_all()["Idea.pain"] == 0


def test_refresh_is_one_lock_and_one_update(fixture, django_assert_num_queries):
    idea, _ = fixture
    # The row lock (a plain SELECT on SQLite), then the UPDATE.
    with django_assert_num_queries(2):
        pain.refresh_pain([idea.pk])


# --- The one line -----------------------------------------------------------------


def line(now=None, **fields):
    idea = Idea(**{"pain_last_seen_at": timezone.now(), **fields})
    return pain.explanation(idea, now=now)


def test_the_line_of_the_fixture(fixture):
    idea, _ = fixture
    assert (
        pain.explanation(idea) == "Seen by 4 colleagues in 2 places, mostly frustrated, last today"
    )


def test_the_line_pluralises_and_names_the_place_kind():
    assert line(pain_colleagues=1, pain_places=1, pain_place_kind="store") == (
        "Seen by 1 colleague in 1 store, no one frustrated, last today"
    )
    assert line(
        pain_colleagues=14, pain_places=5, pain_place_kind="store", pain_frustrated_share=0.7
    ) == ("Seen by 14 colleagues in 5 stores, mostly frustrated, last today")
    assert line(
        pain_colleagues=3, pain_places=2, pain_place_kind="contact_centre", pain_frustrated_share=1
    ) == ("Seen by 3 colleagues in 2 contact centres, all frustrated, last today")


@pytest.mark.parametrize(
    ("share", "words"),
    [
        (1.0, "all frustrated"),
        (0.61, "mostly frustrated"),
        (0.6, "half frustrated"),
        (0.4, "half frustrated"),
        (0.39, "sometimes frustrated"),
        (0.2, "sometimes frustrated"),
        (0.1, "rarely frustrated"),
        (0.0, "no one frustrated"),
    ],
)
def test_frustration_words(share, words):
    assert pain.frustration_words(share) == words


def test_recency_words():
    now = timezone.make_aware(timezone.datetime(2026, 11, 20, 12, 0))
    assert pain.recency_words(now - timedelta(hours=2), now) == "today"
    assert pain.recency_words(now - DAY, now) == "yesterday"
    assert pain.recency_words(now - 7 * DAY, now) == "this week"
    assert pain.recency_words(now - 8 * DAY, now) == "this month"
    assert pain.recency_words(now - 40 * DAY, now) == "in October 2026"


def test_other_kinds_of_team_and_mixed_kinds():
    assert line(pain_colleagues=2, pain_places=2, pain_place_kind="department").startswith(
        "Seen by 2 colleagues in 2 departments"
    )
    assert line(pain_colleagues=2, pain_places=2, pain_place_kind="").startswith(
        "Seen by 2 colleagues in 2 places"
    )


def test_recount_leaves_a_sort_key_off_only_in_its_last_bits(fixture):
    """How PostgreSQL was sent the parameters (bound or inlined) can move the last bits
    of the computed float: that is not a wrong pain. A real difference is."""
    idea, _ = fixture
    idea.refresh_from_db()
    Idea.objects.filter(pk=idea.pk).update(pain_sort=idea.pain_sort + 1e-12)

    assert recount_all()["Idea.pain"] == 0

    Idea.objects.filter(pk=idea.pk).update(pain_sort=idea.pain_sort + 0.01)
    assert recount_all()["Idea.pain"] == 1
