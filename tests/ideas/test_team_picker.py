"""The lists' team filter: a text box whose suggestions (every team) load on its first
focus, so the list pages do not carry hundreds of options. A team is named by its
label (its name, with its parent's where two teams share it) or by its id in a link."""

import pytest

from accounts.models import Team
from ideas.filters import find_team, team_labels
from tests.factories import IdeaFactory, TeamFactory


@pytest.fixture
def two_returns_desks(north, south):
    return (
        TeamFactory(name="Returns desk", kind=Team.Kind.DEPARTMENT, parent=north),
        TeamFactory(name="Returns desk", kind=Team.Kind.DEPARTMENT, parent=south),
    )


def test_a_name_two_teams_share_is_labelled_with_each_parent(leeds, two_returns_desks):
    labels = {team.label: team.pk for team in team_labels()}

    north_desk, south_desk = two_returns_desks
    assert labels["Returns desk (North region)"] == north_desk.pk
    assert labels["Returns desk (South region)"] == south_desk.pk
    assert labels["Leeds store"] == leeds.pk
    assert "Returns desk" not in labels


def test_a_team_is_found_by_its_label_in_any_case_or_by_its_id(leeds, two_returns_desks):
    assert find_team("leeds STORE").pk == leeds.pk
    assert find_team(str(leeds.pk)).pk == leeds.pk
    assert find_team("returns desk (south region)").pk == two_returns_desks[1].pk
    assert find_team("Returns desk") is None  # which one? the list offers both
    assert find_team("Nowhere") is None


def test_filtering_by_a_typed_name_shows_the_teams_ideas_and_names_it(client, dave, alice, leeds):
    IdeaFactory(author=alice, title="From Leeds")
    IdeaFactory(author=dave, title="From Bristol")
    client.force_login(dave)

    response = client.get("/ideas/", {"team": "  leeds   store "})

    assert [idea.title for idea in response.context["page"].object_list] == ["From Leeds"]
    page = response.content.decode()
    assert 'name="team" value="Leeds store"' in page  # the box shows the team's name
    assert "Team: Leeds store" in page  # and so does its chip


def test_a_link_by_id_shows_the_teams_name_in_the_box(client, dave, leeds):
    client.force_login(dave)

    page = client.get(f"/observations/?team={leeds.pk}").content.decode()

    assert 'name="team" value="Leeds store"' in page
    assert "No team is called" not in page


def test_an_unknown_team_is_a_clear_error_and_the_list_stays(client, dave, alice):
    IdeaFactory(author=alice, title="Still listed")
    client.force_login(dave)

    response = client.get("/ideas/", {"team": "Atlantis"})

    assert response.status_code == 200
    assert "Team: No team is called “Atlantis”. Pick one from the list as you type." in (
        response.content.decode()
    )
    assert [idea.title for idea in response.context["page"].object_list] == ["Still listed"]


def test_the_list_page_carries_no_team_options(client, dave, leeds, bristol):
    client.force_login(dave)

    page = client.get("/ideas/").content.decode()

    assert '<datalist id="team-names"></datalist>' in page
    assert "Bristol contact centre</option>" not in page
    assert 'hx-get="/teams/"' in page


def test_the_suggestions_list_every_team_with_its_parent(client, dave, leeds, bristol):
    client.force_login(dave)

    options = client.get("/teams/").content.decode()

    assert '<option value="Leeds store" label="Leeds store · North region">' in options
    assert '<option value="Acme">' in options
    assert options.count("<option") == Team.objects.count()


def test_the_suggestions_are_for_signed_in_people(client, leeds):
    response = client.get("/teams/")

    assert response.status_code == 302
    assert response.headers["Location"].startswith("/accounts/login/")


def test_the_suggestions_run_three_queries_whatever_the_number_of_teams(
    client, dave, company, django_assert_num_queries
):
    client.force_login(dave)
    TeamFactory.create_batch(30, parent=company)
    # session + user (2), the teams with their parents' names (1) = 3
    with django_assert_num_queries(3):
        client.get("/teams/")
