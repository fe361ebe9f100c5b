"""seed_demo gives the insights dashboard exactly one hot spot nobody owns: the
gift cards the online checkout refuses (insights/demo_insights.py)."""

import io
from datetime import timedelta

from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from insights.dashboard import Scope, hot_spots


def test_the_demo_has_exactly_one_hot_spot(db, client):
    call_command("seed_demo", stdout=io.StringIO())
    carol = User.objects.get(email="carol@example.com")
    now = timezone.now()
    spots = hot_spots(Scope(carol, None, now - timedelta(days=90), now))
    assert [(s.touchpoint, s.journey_stage, s.recent, s.previous) for s in spots] == [
        ("web", "buy", 4, 0)
    ]
    assert "once for the gift card" in spots[0].latest.customer_words
    client.force_login(carol)
    page = client.get("/insights/").content.decode()
    assert page.count('class="card hot-spot"') == 1
    assert f'href="/ideas/new/?from={spots[0].latest_id}"' in page
