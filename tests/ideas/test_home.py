"""The home page: my team's latest, trending company-wide, what I follow."""

from ideas.models import Follow, Status
from tests.factories import IdeaFactory, ObservationFactory


def test_home_shows_my_teams_latest_observations_and_ideas(client, alice, bob, dave):
    ObservationFactory(author=bob, what_happened="Leeds saw this")
    ObservationFactory(author=dave, what_happened="Bristol heard that")
    IdeaFactory(author=bob, title="A Leeds idea")
    IdeaFactory(author=dave, title="A Bristol idea", trending_score=-1)
    client.force_login(alice)
    response = client.get("/")
    assert [o.what_happened for o in response.context["team_observations"]] == ["Leeds saw this"]
    assert [i.title for i in response.context["team_ideas"]] == ["A Leeds idea"]
    page = response.content.decode()
    assert "Latest observations in Leeds store" in page
    assert "Leeds saw this" in page and "Bristol heard that" not in page


def test_a_regions_people_see_their_stores_posts(client, nora, alice):
    ObservationFactory(author=alice, what_happened="From the Leeds store")
    client.force_login(nora)
    page = client.get("/").content.decode()
    assert "From the Leeds store" in page


def test_home_shows_trending_ideas_company_wide_and_what_i_follow(client, alice, dave):
    IdeaFactory(author=dave, title="Hot in Bristol", trending_score=100)
    IdeaFactory(author=dave, title="Done already", trending_score=200, status=Status.DONE)
    followed = IdeaFactory(author=dave, title="Followed by alice", trending_score=-100)
    Follow.objects.create(idea=followed, user=alice)
    client.force_login(alice)
    response = client.get("/")
    trending = [idea.title for idea in response.context["trending"]]
    assert trending[0] == "Hot in Bristol"
    assert "Done already" not in trending
    assert [idea.title for idea in response.context["following"]] == ["Followed by alice"]


def test_hidden_posts_are_not_on_home(client, alice, bob):
    IdeaFactory(author=bob, title="Hidden idea", is_hidden=True)
    ObservationFactory(author=bob, what_happened="Hidden observation", is_hidden=True)
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert "Hidden idea" not in page and "Hidden observation" not in page


def test_home_links_to_posting(client, alice):
    client.force_login(alice)
    page = client.get("/").content.decode()
    assert 'href="/observations/new/"' in page
    assert 'href="/ideas/new/"' in page


def test_someone_without_a_team_is_asked_to_pick_one(client, alice):
    alice.team = None
    alice.save()
    client.force_login(alice)
    response = client.get("/")
    assert response.status_code == 200
    assert "Pick your team in your preferences" in response.content.decode()
