"""Filters and sorts of /ideas/ and /observations/."""

from datetime import timedelta

import pytest
from django.utils import timezone

from ideas.models import Follow, Status, Tag
from tests.factories import CategoryFactory, IdeaFactory, ObservationFactory


def titles(response):
    return [idea.title for idea in response.context["page"].object_list]


def texts(response):
    return [o.what_happened for o in response.context["page"].object_list]


@pytest.fixture
def dave_client(client, dave):
    client.force_login(dave)
    return client


def test_ideas_filter_by_status(dave_client, alice):
    IdeaFactory(author=alice, title="Open one")
    IdeaFactory(author=alice, title="Planned one", status=Status.PLANNED)
    assert titles(dave_client.get("/ideas/?status=planned")) == ["Planned one"]


def test_merged_ideas_show_only_when_asked_for(dave_client, alice):
    survivor = IdeaFactory(author=alice, title="Survivor")
    IdeaFactory(author=alice, title="Duplicate", status=Status.MERGED, merged_into=survivor)
    assert titles(dave_client.get("/ideas/")) == ["Survivor"]
    assert titles(dave_client.get("/ideas/?status=merged")) == ["Duplicate"]


def test_ideas_filter_by_category(dave_client, alice):
    delivery = CategoryFactory(name="Delivery", slug="delivery")
    IdeaFactory(author=alice, title="Faster vans", category=delivery)
    IdeaFactory(author=alice, title="Other")
    assert titles(dave_client.get("/ideas/?category=delivery")) == ["Faster vans"]


def test_the_team_filter_includes_sub_teams(dave_client, alice, dave, north):
    IdeaFactory(author=alice, title="From Leeds")
    IdeaFactory(author=dave, title="From Bristol")
    assert titles(dave_client.get(f"/ideas/?team={north.pk}")) == ["From Leeds"]
    ObservationFactory(author=alice, what_happened="Seen in Leeds")
    ObservationFactory(author=dave, what_happened="Heard in Bristol")
    assert texts(dave_client.get(f"/observations/?team={north.pk}")) == ["Seen in Leeds"]


def test_the_team_filter_finds_ideas_routed_to_the_team(dave_client, alice, bristol):
    IdeaFactory(author=alice, title="Routed to Bristol", routed_team=bristol)
    IdeaFactory(author=alice, title="Stays in Leeds")
    assert titles(dave_client.get(f"/ideas/?team={bristol.pk}")) == ["Routed to Bristol"]


def test_filter_by_tag(dave_client, alice):
    tagged = IdeaFactory(author=alice, title="Tagged")
    tagged.tags.add(Tag.objects.create(name="returns"))
    IdeaFactory(author=alice, title="Untagged")
    assert titles(dave_client.get("/ideas/?tag=Returns")) == ["Tagged"]
    observation = ObservationFactory(author=alice, what_happened="Tagged observation")
    observation.tags.add(Tag.objects.get(name="returns"))
    ObservationFactory(author=alice)
    assert texts(dave_client.get("/observations/?tag=returns")) == ["Tagged observation"]


def test_filter_mine_and_following(dave_client, alice, dave):
    IdeaFactory(author=dave, title="Dave's")
    followed = IdeaFactory(author=alice, title="Followed")
    IdeaFactory(author=alice, title="Not followed")
    Follow.objects.create(idea=followed, user=dave)
    assert titles(dave_client.get("/ideas/?mine=on")) == ["Dave's"]
    assert titles(dave_client.get("/ideas/?following=on")) == ["Followed"]


def test_observations_filter_by_touchpoint_stage_and_sentiment(dave_client, alice):
    ObservationFactory(author=alice, what_happened="A", touchpoint="chat", sentiment="delighted")
    ObservationFactory(author=alice, what_happened="B", touchpoint="chat", journey_stage="buy")
    ObservationFactory(author=alice, what_happened="C", touchpoint="web")
    assert sorted(texts(dave_client.get("/observations/?touchpoint=chat"))) == ["A", "B"]
    assert texts(dave_client.get("/observations/?journey_stage=buy")) == ["B"]
    assert texts(dave_client.get("/observations/?sentiment=delighted")) == ["A"]


def test_ideas_sort_by_trending_top_newest_and_oldest_unanswered(dave_client, alice):
    now = timezone.now()
    old = IdeaFactory(author=alice, title="Old", created_at=now - timedelta(days=9))
    old.vote_count, old.trending_score = 50, 1.0
    old.save()
    IdeaFactory(author=alice, title="Fresh", created_at=now, vote_count=2, trending_score=9.0)
    IdeaFactory(
        author=alice,
        title="Answered",
        created_at=now - timedelta(days=20),
        status=Status.UNDER_REVIEW,
        trending_score=5.0,
    )
    assert titles(dave_client.get("/ideas/")) == ["Fresh", "Answered", "Old"]
    assert titles(dave_client.get("/ideas/?sort=top")) == ["Old", "Fresh", "Answered"]
    assert titles(dave_client.get("/ideas/?sort=newest")) == ["Fresh", "Old", "Answered"]
    assert titles(dave_client.get("/ideas/?sort=oldest_unanswered")) == ["Old", "Fresh"]


def test_observations_sort_by_newest_most_seen_and_oldest(dave_client, alice):
    now = timezone.now()
    ObservationFactory(author=alice, what_happened="Old", created_at=now - timedelta(days=3))
    ObservationFactory(author=alice, what_happened="Seen", seen_count=4)
    assert texts(dave_client.get("/observations/")) == ["Seen", "Old"]
    assert texts(dave_client.get("/observations/?sort=seen")) == ["Seen", "Old"]
    assert texts(dave_client.get("/observations/?sort=oldest")) == ["Old", "Seen"]


@pytest.mark.parametrize(
    ("url", "message"),
    [
        ("/ideas/?status=nonsense", "Status: Select a valid choice"),
        ("/ideas/?category=nope", "Category: Select a valid choice"),
        ("/ideas/?team=999999", "Team: Select a valid choice"),
        ("/ideas/?sort=random", "Sort: Select a valid choice"),
        ("/observations/?touchpoint=pigeon", "Touchpoint: Select a valid choice"),
        ("/observations/?team=abc", "Team: Select a valid choice"),
        ("/ideas/?page=banana", "idea"),
    ],
)
def test_an_unknown_choice_is_a_clear_error_not_a_500(dave_client, alice, url, message):
    IdeaFactory(author=alice)
    response = dave_client.get(url)
    assert response.status_code == 200
    assert message in response.content.decode()


def test_an_htmx_request_gets_only_the_results(dave_client, alice):
    IdeaFactory(author=alice, title="Only this")
    response = dave_client.get("/ideas/?status=submitted", HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert "Only this" in page
    assert "<html" not in page and "<form" not in page.split("idea-card")[0]
    assert "HX-Request" in response.headers["Vary"]


def test_the_filter_form_updates_the_list_in_place(dave_client):
    page = dave_client.get("/ideas/").content.decode()
    assert 'hx-trigger="change, submit"' in page
    assert 'hx-target="#results"' in page
    assert 'hx-push-url="true"' in page


def test_pages_of_25(dave_client, alice):
    IdeaFactory.create_batch(26, author=alice)
    first = dave_client.get("/ideas/?sort=newest")
    assert len(first.context["page"].object_list) == 25
    assert 'href="?sort=newest&amp;page=2"' in first.content.decode()
    assert len(dave_client.get("/ideas/?sort=newest&page=2").context["page"].object_list) == 1
