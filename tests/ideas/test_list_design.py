"""The lists as people read them (issue 10): clean shareable URLs, the active filters
as chips, a tag picker, cards with an initials avatar, a short age with the exact time
on hover, and one set of counts."""

from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from ideas import posting
from ideas.models import Byline, initials_of
from ideas.templatetags.posts import ago
from tests.factories import IdeaFactory, ObservationFactory


@pytest.fixture
def dave_client(client, dave):
    client.force_login(dave)
    return client


@pytest.mark.parametrize(
    ("url", "clean"),
    [
        ("/ideas/?status=&team=&tag=", "/ideas/"),
        ("/ideas/?status=&team=&tag=queues&sort=top", "/ideas/?tag=queues&sort=top"),
        ("/observations/?touchpoint=&sentiment=frustrated", "/observations/?sentiment=frustrated"),
    ],
)
def test_a_list_url_with_empty_parameters_redirects_to_the_clean_one(dave_client, url, clean):
    response = dave_client.get(url)
    assert response.status_code == 302
    assert response["Location"] == clean


def test_a_clean_list_url_is_shown_as_it_is(dave_client):
    assert dave_client.get("/ideas/?tag=queues").status_code == 200


def test_the_active_filters_are_chips_that_each_remove_one(dave_client, alice, leeds):
    IdeaFactory(author=alice)
    page = unescape(
        dave_client.get(
            f"/ideas/?status=submitted&team={leeds.pk}&tag=queues&sort=top"
        ).content.decode()
    )
    assert 'aria-label="Active filters"' in page
    # The link's team id reads as the team's name from here on.
    assert 'href="/ideas/?team=Leeds+store&tag=queues&sort=top">Status: Submitted' in page
    assert 'href="/ideas/?status=submitted&tag=queues&sort=top">Team: Leeds store' in page
    assert 'href="/ideas/?status=submitted&team=Leeds+store&sort=top">#queues' in page
    assert 'href="/ideas/?sort=top">Clear all' in page


def test_no_filter_no_chips(dave_client):
    page = dave_client.get("/ideas/?sort=top").content.decode()
    assert "Active filters" not in page
    assert "Clear all" not in page


def test_the_tag_box_offers_the_existing_tags(dave_client, alice):
    posting.post_observation(by=alice, what_happened="x", tags=["returns", "queues"])
    page = dave_client.get("/observations/").content.decode()
    assert 'list="tag-names"' in page
    assert 'hx-get="/tags/"' in page and 'hx-trigger="focus once"' in page  # not with the page

    options = dave_client.get("/tags/").content.decode()

    assert options.split() == ["<option", 'value="queues"><option', 'value="returns">']


def test_the_tag_options_are_for_people_who_are_signed_in(client):
    response = client.get("/tags/")

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_apply_is_there_for_browsers_without_javascript(dave_client):
    page = dave_client.get("/ideas/").content.decode()
    # Shown without JavaScript; site.css hides it under html.js, which base.html sets.
    assert 'class="secondary filters-apply">Apply</button>' in page
    assert 'classList.add("js")' in page


@pytest.mark.parametrize(
    ("name", "initials"),
    [("Alice Archer", "AA"), ("sam.shop", "S"), ("Jean-Luc de Vries", "JV"), ("", "?")],
)
def test_initials(name, initials):
    assert initials_of(name) == initials


def test_the_avatar_keeps_the_anonymity_rule(alice, bob, carol):
    idea = posting.submit_idea(by=alice, title="t", problem="p", proposal="q", is_anonymous=True)
    assert idea.byline_for(bob) == Byline("Anonymous")
    assert idea.byline_for(bob).initials == "?"
    assert idea.byline_for(carol).initials == "AA"


def test_a_card_shows_initials_a_short_age_and_the_exact_time(dave_client, alice):
    created = timezone.now() - timedelta(days=3, hours=2)
    IdeaFactory(author=alice, title="Aged", created_at=created)
    page = dave_client.get("/ideas/").content.decode()
    assert '<span class="avatar" aria-hidden="true">AA</span>' in page
    local = timezone.localtime(created)
    assert f'title="{local:%-d %b %Y, %H:%M}">3 d ago</time>' in page


@pytest.mark.parametrize(
    ("age", "shown"),
    [
        (timedelta(seconds=20), "just now"),
        (timedelta(minutes=5), "5 min ago"),
        (timedelta(hours=3, minutes=59), "3 h ago"),
        (timedelta(days=6), "6 d ago"),
        (timedelta(days=22), "3 w ago"),
    ],
)
def test_ages_are_short(age, shown):
    assert ago(timezone.now() - age) == shown


def test_an_old_post_shows_its_date():
    moment = timezone.now() - timedelta(days=60)
    assert ago(moment) == f"{timezone.localtime(moment):%-d %b %Y}"


def test_an_observation_leads_with_the_customers_words_and_counts_once(dave_client, alice):
    ObservationFactory(
        author=alice, what_happened="Rang twice", customer_words="Where is it?", seen_count=2
    )
    page = dave_client.get("/observations/").content.decode()
    card = page[page.index('class="card observation-card"') :]
    assert card.index("Where is it?") < card.index("Rang twice")
    assert card.count("seen this too") + card.count("Seen this too") == 1  # the button only
    assert card.count("2</span> colleagues") == 1


def test_an_idea_card_counts_votes_once(dave_client, alice):
    IdeaFactory(author=alice, vote_count=7)
    page = dave_client.get("/ideas/").content.decode()
    card = page[page.index('class="card idea-card"') :]
    assert card.count("7</span> votes") == 1
