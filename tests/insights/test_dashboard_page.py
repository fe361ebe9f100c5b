"""/insights/ and its drill-down /insights/cell/: who may look (per persona and per
team filter), the date filters' validation, what the page shows, and its queries."""

import re
from datetime import timedelta

import pytest

from ideas.models import Observation
from tests.factories import ObservationFactory, TeamFactory
from tests.insights.dashboard_data import (
    DAY,
    NOW,
    ideas_for_the_funnel_and_league,
    observation,
    observations_for_hot_spots,
    observations_for_the_heat_map,
)

URL = "/insights/"
CELL = "/insights/cell/"


@pytest.fixture
def clock(time_machine):
    time_machine.move_to(NOW, tick=False)


def get(client, user, url=URL, **params):
    client.force_login(user)
    return client.get(url, params)


def text(response) -> str:
    """The page's text, tags stripped and spaces collapsed."""
    html = response.content.decode()
    html = re.sub(r"<(script|style)\b.*?</\1>", "", html, flags=re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def team_options(response) -> list[str]:
    select = re.search(r'<select name="team".*?</select>', response.content.decode(), re.S)
    return [" ".join(o.split()) for o in re.findall(r"<option[^>]*>(.*?)</option>", select[0])]


# --- Who may look ---------------------------------------------------------------------


def test_anonymous_people_are_sent_to_log_in(client, db):
    for url in (URL, f"{CELL}?touchpoint=phone&journey_stage=buy"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/")


def test_staff_get_a_friendly_403(client, alice, dave):
    for person in (alice, dave):
        for url, params in ((URL, {}), (CELL, {"touchpoint": "phone", "journey_stage": "buy"})):
            response = get(client, person, url, **params)
            assert response.status_code == 403
            assert "Insights are for managers and CX leads" in text(response)
            assert "the observations" in text(response)


@pytest.mark.parametrize("persona", ["carol", "bob", "nora", "erin"])
def test_cx_leads_and_managers_may_look(client, persona, request, clock):
    response = get(client, request.getfixturevalue(persona))
    assert response.status_code == 200
    assert "<h1>Insights</h1>" in response.content.decode()


def test_a_cx_lead_may_pick_any_team(client, carol, nora, erin, leeds, bristol):
    assert team_options(get(client, carol)) == [
        "Whole company",
        "Acme",
        "— North region",
        "— — Leeds store",
        "— South region",
        "— — Bristol contact centre",
    ]
    for team in (leeds, bristol):
        assert get(client, carol, team=team.pk).status_code == 200


def test_a_manager_picks_only_teams_in_their_area(client, nora, erin, leeds, bristol):
    assert team_options(get(client, nora)) == ["My whole area", "North region", "— Leeds store"]
    assert get(client, nora, team=leeds.pk).status_code == 200
    assert team_options(get(client, erin)) == ["My whole area", "Bristol contact centre"]


def test_a_manager_asking_for_another_team_is_refused_with_a_message(
    client, bob, erin, leeds, north, bristol, company
):
    for person, team in ((erin, leeds), (bob, north), (bob, bristol), (bob, company)):
        response = get(client, person, team=team.pk)
        assert response.status_code == 403
        assert "That team is outside your area" in text(response)
    cell = get(client, erin, CELL, touchpoint="phone", journey_stage="buy", team=leeds.pk)
    assert cell.status_code == 403


def test_a_team_that_does_not_exist_is_a_form_error(client, carol, clock):
    response = get(client, carol, team="999999")
    assert response.status_code == 200
    assert "Team: Select a valid choice." in text(response)


# --- The date range -----------------------------------------------------------------


def test_the_range_defaults_to_the_last_90_days(client, carol, clock):
    page = text(get(client, carol))
    assert "ideas and observations from 13 Mar 2026 to 10 Jun 2026" in page
    html = get(client, carol).content.decode()
    assert 'name="start" value="2026-03-13"' in html
    assert 'name="end" value="2026-06-10"' in html


@pytest.mark.parametrize(
    ("params", "error"),
    [
        ({"start": "2026-06-01", "end": "2026-05-01"}, "To: “To” must be on or after “From”."),
        ({"start": "2026-06-11"}, "From: Pick a date that is not in the future."),
        ({"end": "2027-01-01"}, "To: Pick a date that is not in the future."),
        ({"start": "1999-12-31"}, "From: Pick a date from 1 January 2000 on."),
        ({"start": "2024-01-01", "end": "2026-06-01"}, "From: Pick a range of at most 732 days."),
        ({"start": "yesterday"}, "From: Enter a valid date."),
    ],
)
def test_a_bad_range_is_explained_and_the_default_shown(client, carol, clock, params, error):
    response = get(client, carol, **params)
    assert response.status_code == 200
    page = text(response)
    assert error in page
    assert "Showing the last 90 days instead." in page
    assert "from 13 Mar 2026 to 10 Jun 2026" in page


def test_a_chosen_range_is_used(client, carol, clock, alice, dave, bristol):
    ideas_for_the_funnel_and_league(alice, dave, bristol)
    response = get(client, carol, start="2026-05-16", end="2026-06-01")  # 25 to 9 days ago
    page = text(response)
    assert "from 16 May 2026 to 1 Jun 2026" in page
    assert "Submitted: 5" in page


def test_empty_filters_redirect_to_the_clean_address(client, carol):
    response = get(client, carol, team="", start="2026-06-01")
    assert response.status_code == 302
    assert response["Location"] == "/insights/?start=2026-06-01"


# --- What the page shows ---------------------------------------------------------


def test_the_page_shows_every_figure_with_its_table(client, carol, clock, alice, dave, bristol):
    ideas_for_the_funnel_and_league(alice, dave, bristol)
    observations_for_the_heat_map(alice, dave)
    response = get(client, carol)
    html, page = response.content.decode(), text(response)
    # The funnel's text alternative and its table.
    assert "Submitted: 13 (100% of submitted); Under review: 8 (62% of submitted)" in page
    assert "Under review 8 62% 62%" in page
    assert "Left: Declined 1 — 8%" in page
    # The league table, quickest first, with its overdue counts.
    assert "Bristol contact centre 3 ideas 2 hours 90th: 2.8 hours — 90th: — 1" in page
    assert "Leeds store 10 ideas 2 days 90th: 5.8 days 6.5 days 90th: 8.5 days 1" in page
    assert page.index("Bristol contact centre 3 ideas") < page.index("Leeds store 10 ideas")
    # The heat map: the count and the share in each cell, as text.
    assert "4 75% frustrated" in page
    assert 'class="heat-cell heat-3"' in html
    assert "(1 more without a touchpoint or stage are not shown)" in page
    # Every chart is an image with a name, followed by its table.
    for svg in re.findall(r"<svg[^>]*>", html):
        if "tab-icon" not in svg:
            assert 'role="img"' in svg and "aria-labelledby" in svg


def test_the_hot_spots_come_first_with_start_an_idea(client, carol, clock, alice, dave):
    latest = observations_for_hot_spots(alice, dave)
    response = get(client, carol)
    html, page = response.content.decode(), text(response)
    assert page.index("Hot spots nobody owns") < page.index("From submitted to done")
    assert "Field visit · Renew / leave 3 frustrated in the last 4 weeks, up from 0" in page
    assert "Social · Discover 3 frustrated in the last 4 weeks, up from 1" in page
    assert f'href="/ideas/new/?from={latest.pk}"' in html
    assert "“Where is it?” The latest, from Alice Archer, Leeds store" in page


def test_the_hot_spot_byline_follows_the_byline_rule(client, carol, clock, alice, dave):
    latest = observations_for_hot_spots(alice, dave)
    Observation.objects.filter(pk=latest.pk).update(is_anonymous=True)
    page = text(get(client, carol))
    assert "The latest, from Alice Archer (posted anonymously), Leeds store" in page


def test_the_htmx_request_gets_the_body_only(client, carol, clock):
    client.force_login(carol)
    response = client.get(URL, headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Hot spots nobody owns" in html
    assert "<html" not in html and 'name="start"' not in html


def test_there_is_a_place_for_the_told_their_customer_figure(client, carol, clock):
    assert 'id="told-their-customer"' in get(client, carol).content.decode()


def test_the_nav_offers_insights_to_managers_and_cx_leads_only(client, alice, bob, carol, clock):
    for person, shown in ((alice, False), (bob, True), (carol, True)):
        client.force_login(person)
        assert ('href="/insights/"' in client.get("/").content.decode()) is shown


# --- The drill-down --------------------------------------------------------------------


def test_a_cell_lists_its_customers_words_in_the_filters(
    client, carol, bob, clock, alice, dave, leeds
):
    observations_for_the_heat_map(alice, dave)
    response = get(client, carol, CELL, touchpoint="phone", journey_stage="get_support")
    page = text(response)
    assert response.status_code == 200
    assert "Phone · Get support" in page
    assert "What customers said: 4 observations from the whole company" in page
    assert page.count("By Alice Archer, Leeds store") == 4
    bristol_cell = get(client, bob, CELL, touchpoint="chat", journey_stage="onboard")
    assert "What customers said: 0 observations" in text(bristol_cell)


def test_a_cell_keeps_anonymous_authors_hidden(client, bob, carol, clock, alice):
    observation(alice, "phone", "buy", ago=DAY, is_anonymous=True)
    observation(alice, "phone", "buy", ago=DAY)
    # Filtered by team, bob may not see the anonymous one: it would tell its team.
    assert "1 observation from your whole area" in text(
        get(client, bob, CELL, touchpoint="phone", journey_stage="buy")
    )
    page = text(get(client, carol, CELL, touchpoint="phone", journey_stage="buy"))
    assert "By Alice Archer (posted anonymously), Leeds store" in page
    assert "By Alice Archer, Leeds store" in page


def test_a_cell_of_no_such_touchpoint_is_not_found(client, carol):
    assert get(client, carol, CELL, touchpoint="fax", journey_stage="buy").status_code == 404
    assert get(client, carol, CELL, touchpoint="phone").status_code == 404


def test_the_heat_map_links_each_cell_to_its_drill_down(client, bob, clock, alice, leeds):
    observation(alice, "web", "buy", ago=DAY)
    html = get(client, bob, team=leeds.pk).content.decode()
    assert (
        f'href="/insights/cell/?touchpoint=web&amp;journey_stage=buy&amp;team={leeds.pk}'
        '&amp;start=2026-03-13&amp;end=2026-06-10"'
    ) in html


# --- Queries ------------------------------------------------------------------------


@pytest.fixture
def sized(alice, dave, bristol, leeds):
    """`size` of everything: funnel and league ideas, heat-map observations, hot
    spots, tags, and more teams."""

    def build(size):
        for _ in range(size):
            ideas_for_the_funnel_and_league(alice, dave, bristol)
            observations_for_the_heat_map(alice, dave)
            observations_for_hot_spots(alice, dave)
            TeamFactory(parent=leeds)
        for n in range(size):
            post = ObservationFactory(author=alice, created_at=NOW - timedelta(days=n))
            post.tags.create(name=f"tag-{n}")

    return build


@pytest.mark.parametrize("size", [1, 4])
def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, carol, clock, sized, size, django_assert_num_queries
):
    sized(size)
    client.force_login(carol)
    # session + user + unread count (a CX lead's nav asks nothing about managing)
    # + the team choices + funnel + league (teams, first answers, done) + heat map
    # + hot spots (cells, their latest observations) + tags (weekly counts of
    # observations' and ideas' tags: 2) + the cards told of the ideas done (1) = 14
    with django_assert_num_queries(14):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_a_managers_dashboard_runs_a_fixed_number_of_queries(
    client, bob, clock, sized, size, django_assert_num_queries
):
    sized(size)
    client.force_login(bob)
    # session + user + the teams bob manages (nav, shared with the checks) + unread
    # + the team choices + funnel + league 3 + heat map + hot spots 2 + tags 2
    # + cards told 1 = 15
    with django_assert_num_queries(15):
        assert client.get(URL).status_code == 200


@pytest.mark.parametrize("size", [1, 4])
def test_a_cell_runs_a_fixed_number_of_queries(
    client, carol, clock, sized, size, django_assert_num_queries
):
    sized(size)
    client.force_login(carol)
    # session + user + unread + the team choices + the count + the page of
    # observations with their people and "seen by me" = 6
    with django_assert_num_queries(6):
        response = client.get(CELL, {"touchpoint": "phone", "journey_stage": "get_support"})
    assert response.status_code == 200
