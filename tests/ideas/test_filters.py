"""Filters and sorts of /ideas/ and /observations/."""

from datetime import timedelta
from urllib.parse import urlencode

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


@pytest.fixture
def posts(alice, nora, dave, leeds, bristol):
    """Posts that differ in one filter at a time, titled (ideas) or written (observations)
    as their keys here, every one visible to dave unless it is hidden:

    ideas           team            status        category  tags      other
    "returns desk"  Leeds store     submitted     Delivery  returns
    "planned"       Leeds store     planned                 queues    dave follows it
    "region"        North region    under review  Delivery
    "call-backs"    Bristol         submitted               returns   dave's
    "routed"        Leeds store     submitted     Billing             routed to Bristol
    "duplicate"     Leeds store     merged
    "hidden"        Leeds store     submitted     Delivery  returns   hidden

    observations    team            touchpoint  journey stage  sentiment   tags
    "A"             Leeds store     chat        buy            delighted   returns
    "B"             Leeds store     chat        get support    frustrated
    "C"             North region    web         buy            neutral     returns
    "D"             Bristol         phone       get support    frustrated          dave's
    "E"             Leeds store     chat        buy            delighted   returns hidden
    """
    delivery = CategoryFactory(name="Delivery", slug="delivery")
    billing = CategoryFactory(name="Billing", slug="billing")
    returns, queues = Tag.objects.create(name="returns"), Tag.objects.create(name="queues")

    def idea(title, author, tags=(), **fields):
        made = IdeaFactory(title=title, author=author, **fields)
        made.tags.set(tags)
        return made

    desk = idea("returns desk", alice, [returns], category=delivery)
    planned = idea("planned", alice, [queues], status=Status.PLANNED)
    idea("region", nora, category=delivery, status=Status.UNDER_REVIEW)
    idea("call-backs", dave, [returns])
    idea("routed", alice, category=billing, routed_team=bristol)
    idea("duplicate", alice, status=Status.MERGED, merged_into=desk)
    idea("hidden", alice, [returns], category=delivery, is_hidden=True)
    Follow.objects.create(idea=planned, user=dave)

    def observation(text, author, tags=(), **fields):
        ObservationFactory(what_happened=text, author=author, **fields).tags.set(tags)

    observation(
        "A", alice, [returns], touchpoint="chat", journey_stage="buy", sentiment="delighted"
    )
    observation("B", alice, touchpoint="chat", journey_stage="get_support", sentiment="frustrated")
    observation("C", nora, [returns], touchpoint="web", journey_stage="buy", sentiment="neutral")
    observation("D", dave, touchpoint="phone", journey_stage="get_support", sentiment="frustrated")
    observation(
        "E",
        alice,
        [returns],
        touchpoint="chat",
        journey_stage="buy",
        sentiment="delighted",
        is_hidden=True,
    )


@pytest.fixture
def team_ids(company, north, south, leeds, bristol):
    """The real ids, for "team={north}" in a query: ids differ between databases."""
    return {
        "company": company.pk,
        "north": north.pk,
        "south": south.pk,
        "leeds": leeds.pk,
        "bristol": bristol.pk,
    }


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", {"returns desk", "planned", "region", "call-backs", "routed"}),
        ("status=submitted", {"returns desk", "call-backs", "routed"}),
        ("status=planned", {"planned"}),
        ("status=under_review", {"region"}),
        ("status=done", set()),
        ("status=merged", {"duplicate"}),
        ("category=delivery", {"returns desk", "region"}),
        ("category=billing", {"routed"}),
        # A team's ideas: posted by it or any team below it, or routed to one of them.
        ("team={company}", {"returns desk", "planned", "region", "call-backs", "routed"}),
        ("team={north}", {"returns desk", "planned", "region", "routed"}),
        ("team={leeds}", {"returns desk", "planned", "routed"}),
        ("team={south}", {"call-backs", "routed"}),
        ("team={bristol}", {"call-backs", "routed"}),
        ("tag=returns", {"returns desk", "call-backs"}),
        ("tag=+Returns+", {"returns desk", "call-backs"}),
        ("tag=queues", {"planned"}),
        ("mine=on", {"call-backs"}),
        ("following=on", {"planned"}),
        ("status=submitted&team={north}&tag=returns", {"returns desk"}),
        ("status=submitted&category=delivery&team={south}", set()),
    ],
)
def test_the_idea_filters_show_exactly_the_matching_ideas(
    dave_client, posts, team_ids, query, shown
):
    url = "/ideas/?" + query.format(**team_ids)
    response = dave_client.get(url)
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert set(titles(response)) == shown
    assert len(titles(response)) == len(shown)  # a join never repeats an idea


@pytest.mark.parametrize(
    ("query", "shown"),
    [
        ("", {"A", "B", "C", "D"}),
        ("touchpoint=chat", {"A", "B"}),
        ("touchpoint=web", {"C"}),
        ("touchpoint=email", set()),
        ("journey_stage=buy", {"A", "C"}),
        ("journey_stage=get_support", {"B", "D"}),
        ("sentiment=delighted", {"A"}),
        ("sentiment=frustrated", {"B", "D"}),
        ("sentiment=neutral", {"C"}),
        # A team's observations: posted by it or any team below it.
        ("team={company}", {"A", "B", "C", "D"}),
        ("team={north}", {"A", "B", "C"}),
        ("team={leeds}", {"A", "B"}),
        ("team={south}", {"D"}),
        ("tag=returns", {"A", "C"}),
        ("mine=on", {"D"}),
        ("touchpoint=chat&sentiment=frustrated&team={north}", {"B"}),
        ("journey_stage=buy&team={leeds}&tag=returns", {"A"}),
    ],
)
def test_the_observation_filters_show_exactly_the_matching_observations(
    dave_client, posts, team_ids, query, shown
):
    url = "/observations/?" + query.format(**team_ids)
    response = dave_client.get(url)
    assert response.status_code == 200
    assert not response.context["form"].errors
    assert set(texts(response)) == shown
    assert len(texts(response)) == len(shown)


def test_ideas_sort_by_trending_top_newest_and_oldest_unanswered(dave_client, alice):
    now = timezone.now()
    old = IdeaFactory(author=alice, title="Old", created_at=now - timedelta(days=9))
    old.vote_count, old.trending_score = 50, 1.0
    old.tally.save()
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
        ("/ideas/?team=999999", "Team: No team is called “999999”"),
        ("/ideas/?sort=random", "Sort: Select a valid choice"),
        ("/observations/?touchpoint=pigeon", "Touchpoint: Select a valid choice"),
        ("/observations/?team=abc", "Team: No team is called “abc”"),
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


def test_pages_of_20(dave_client, alice):
    IdeaFactory.create_batch(21, author=alice)
    first = dave_client.get("/ideas/?sort=newest")
    assert len(first.context["page"].object_list) == 20
    after = first.context["page"].next_params["after"]
    assert (
        f'href="?{urlencode({"sort": "newest", "after": after})}"'.replace("&", "&amp;")
        in first.content.decode()
    )
    second = dave_client.get("/ideas/", {"sort": "newest", "after": after})
    assert len(second.context["page"].object_list) == 1
