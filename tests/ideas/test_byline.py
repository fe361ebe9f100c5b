"""The byline: who posted and from which team. An anonymous post shows neither, to
everyone but CX leads and the author (in a small store the team names the author),
and is not listed under its team either."""

import pytest
from django.contrib.auth.models import AnonymousUser

from ideas import posting
from tests.factories import CategoryFactory


@pytest.fixture
def anonymous_posts(alice, bristol):
    """alice's anonymous observation, and her anonymous idea routed away from her team
    (its category belongs to Bristol), so that no page has a reason to say Leeds."""
    observation = posting.post_observation(
        by=alice, what_happened="Quiet observation", is_anonymous=True
    )
    category = CategoryFactory(name="Deliveries", owning_team=bristol)
    idea = posting.submit_idea(
        by=alice,
        title="Quiet idea",
        problem="p",
        proposal="q",
        category=category,
        is_anonymous=True,
        from_observation=observation,
    )
    return idea, observation


def test_a_named_post_shows_its_author_and_team(client, alice, dave):
    observation = posting.post_observation(by=alice, what_happened="Loud observation")
    client.force_login(dave)

    page = client.get(f"/observations/{observation.pk}/").content.decode()

    assert "By Alice Archer, Leeds store ·" in page


@pytest.mark.parametrize("who", ["dave", "bob", "nora"])
def test_an_anonymous_post_shows_no_team_to_colleagues(client, anonymous_posts, who, request):
    idea, observation = anonymous_posts
    client.force_login(request.getfixturevalue(who))
    # Pages without a team filter must not say Leeds anywhere; the lists' filters
    # name every team, so there the byline is checked.
    for url in (f"/observations/{observation.pk}/", f"/ideas/{idea.pk}/"):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "By Anonymous ·" in page, url
        assert "Leeds" not in page, url
    for url in ("/observations/", "/ideas/", "/"):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert "By Anonymous ·" in page, url
        assert "Anonymous, " not in page, url


@pytest.mark.parametrize("who", ["carol", "alice"])
def test_cx_leads_and_the_author_see_name_and_team(client, anonymous_posts, who, request):
    idea, observation = anonymous_posts
    client.force_login(request.getfixturevalue(who))
    for url in (f"/observations/{observation.pk}/", f"/ideas/{idea.pk}/", "/ideas/"):
        page = client.get(url).content.decode()
        assert "By Alice Archer (posted anonymously), Leeds store ·" in page, url


def test_the_evidence_on_an_idea_shows_an_anonymous_observation_without_its_team(
    client, dave, anonymous_posts
):
    idea, observation = anonymous_posts
    client.force_login(dave)

    response = client.get(f"/ideas/{idea.pk}/")

    evidence = response.content.decode().split('id="evidence"')[1].split("</section>")[0]
    assert f"#{observation.pk}" in evidence
    assert "By Anonymous" in evidence


def titles(response, kind):
    assert response.status_code == 200
    posts = response.context["page"].object_list
    return [p.title if kind == "ideas" else p.what_happened for p in posts]


@pytest.mark.parametrize("kind", ["ideas", "observations"])
def test_the_team_filter_does_not_list_an_anonymous_post_under_its_team(
    client, anonymous_posts, alice, bob, carol, leeds, north, kind
):
    quiet = "Quiet idea" if kind == "ideas" else "Quiet observation"
    for team in (leeds, north):  # the team, and the region above it
        url = f"/{kind}/?team={team.pk}"
        client.force_login(bob)
        assert quiet not in titles(client.get(url), kind), url
        for who in (alice, carol):
            client.force_login(who)
            assert quiet in titles(client.get(url), kind), (url, who)
    client.force_login(bob)
    assert quiet in titles(client.get(f"/{kind}/"), kind)  # still listed, as Anonymous


def test_an_anonymous_idea_is_still_listed_under_the_team_it_is_routed_to(
    client, anonymous_posts, bob, bristol
):
    client.force_login(bob)

    assert titles(client.get(f"/ideas/?team={bristol.pk}"), "ideas") == ["Quiet idea"]


def test_home_does_not_list_an_anonymous_post_under_my_team(client, anonymous_posts, bob):
    client.force_login(bob)

    response = client.get("/")

    assert response.status_code == 200
    assert list(response.context["team_observations"]) == []
    assert list(response.context["team_ideas"]) == []
    assert "Quiet idea" in [idea.title for idea in response.context["trending"]]


def test_the_author_still_finds_her_anonymous_posts_under_her_team(client, anonymous_posts, alice):
    client.force_login(alice)

    response = client.get("/")

    assert [o.what_happened for o in response.context["team_observations"]] == ["Quiet observation"]
    assert [i.title for i in response.context["team_ideas"]] == ["Quiet idea"]


def test_the_byline_rule(anonymous_posts, alice, bob, carol):
    from ideas.models import Byline

    idea, observation = anonymous_posts
    assert idea.byline_for(bob) == Byline("Anonymous")
    assert observation.byline_for(AnonymousUser()) == Byline("Anonymous")
    assert str(idea.byline_for(carol)) == "Alice Archer (posted anonymously), Leeds store"
    assert idea.byline_for(alice) == Byline("Alice Archer (posted anonymously)", "Leeds store")
