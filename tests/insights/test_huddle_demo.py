"""seed_demo's huddle: the Leeds store met yesterday at 08:30, raised hands and
elevated one observation, and has new observations for today's huddle."""

from datetime import time

from django.utils import timezone

from insights.demo_huddle import SINCE_YESTERDAY, seed_huddle
from insights.huddle import board_context
from insights.models import Huddle, HuddleCard
from tests.factories import UserFactory


def test_the_leeds_store_has_yesterdays_huddle_and_news_since(alice, bob, leeds):
    colleague = UserFactory(team=leeds)
    people = {"personas": {"alice": alice, "bob": bob}, "users": [alice, bob, colleague]}

    assert seed_huddle(people=people)

    huddle = Huddle.objects.get()
    local = timezone.localtime(huddle.started_at, timezone.get_default_timezone())
    assert (huddle.team, huddle.started_by, local.time()) == (leeds, bob, time(8, 30))
    assert (timezone.localdate() - local.date()).days == 1
    assert sorted(HuddleCard.objects.values_list("hands", flat=True)) == [3, 5]
    assert HuddleCard.objects.filter(elevated_at__isnull=False).count() == 1
    board = board_context(leeds, alice)
    assert board["window"].since_huddle == huddle
    assert len(board["observations"]) == len(SINCE_YESTERDAY)
    assert all(o.customer_words for o in board["observations"])
    assert all(o.created_at < timezone.now() for o in board["observations"])
    # Run again: nothing new.
    assert not seed_huddle(people=people)
    assert Huddle.objects.count() == 1
