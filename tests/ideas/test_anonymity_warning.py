"""Posting anonymously from a small team: the form warns, beside the checkbox, that
colleagues may still guess who wrote it (fewer than 5 people in the team)."""

import re

import pytest

from ideas.forms import ObservationForm
from tests.factories import UserFactory

WARNING = "colleagues may still guess who wrote it from what it says."
ROUTING = "Without a category, an idea is routed to your team, and its page says so."


def described_checkbox(page) -> str:
    """The text the "post anonymously" checkbox is described by (aria-describedby)."""
    described_by = re.search(r'<input[^>]*name="is_anonymous"[^>]*>', page).group(0)
    target = re.search(r'aria-describedby="([^"]+)"', described_by).group(1)
    return re.search(rf'id="{target}">(.*?)</div>', page, re.S).group(1)


@pytest.mark.parametrize("url", ["/observations/new/", "/ideas/new/"])
def test_a_small_team_is_warned_beside_the_anonymous_checkbox(client, alice, url):
    client.force_login(alice)  # the Leeds store: alice and bob

    response = client.get(url)

    assert response.status_code == 200
    assert f"Your team has 2 people: {WARNING}" in described_checkbox(response.content.decode())


def test_the_idea_form_also_says_where_an_uncategorised_idea_goes(client, alice):
    client.force_login(alice)

    page = client.get("/ideas/new/").content.decode()

    assert ROUTING in described_checkbox(page)


def test_someone_alone_in_their_team_is_warned_too(client, carol):
    client.force_login(carol)  # the only person in Acme itself

    page = client.get("/observations/new/").content.decode()

    assert f"You are the only person in your team: {WARNING}" in described_checkbox(page)


@pytest.mark.parametrize("url", ["/observations/new/", "/ideas/new/"])
def test_a_team_of_five_gets_no_warning(client, alice, leeds, url):
    UserFactory.create_batch(3, team=leeds)
    client.force_login(alice)

    page = client.get(url).content.decode()

    assert "Only CX leads will see that you wrote it." in described_checkbox(page)
    assert WARNING not in page


def test_people_who_left_do_not_count(client, alice, leeds):
    UserFactory.create_batch(3, team=leeds)
    UserFactory(team=leeds, is_active=False)
    leeds.members.filter(email="bob@example.com").update(is_active=False)
    client.force_login(alice)

    page = client.get("/observations/new/").content.decode()

    assert f"Your team has 4 people: {WARNING}" in page


def test_the_warning_stays_when_the_form_comes_back_with_an_error(client, alice):
    client.force_login(alice)

    response = client.post("/observations/new/", {"what_happened": "", "is_anonymous": "on"})

    assert response.status_code == 200
    assert "This field is required." in response.content.decode()
    assert WARNING in described_checkbox(response.content.decode())


def test_the_warning_costs_one_query(alice, django_assert_num_queries):
    form = ObservationForm(user=alice)
    with django_assert_num_queries(1):
        assert WARNING in form.anonymity_warning
        assert WARNING in form.anonymity_warning


def test_editing_has_no_checkbox_and_no_warning(client, alice):
    from ideas import posting

    observation = posting.post_observation(by=alice, what_happened="Seen", is_anonymous=True)
    client.force_login(alice)

    response = client.get(f"/observations/{observation.pk}/edit/")

    assert response.status_code == 200
    page = response.content.decode()
    assert 'name="what_happened"' in page
    assert 'name="is_anonymous"' not in page
    assert WARNING not in page
