"""/feeds/<token>/...: Atom feeds read as the token's owner, since feed readers
cannot sign in."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.contrib.sites.models import Site
from django.utils import timezone

from ideas.models import Status, Tag
from insights.feed_tokens import feed_token_for
from tests.factories import IdeaFactory, TeamFactory, UserFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def read(client, url):
    response = client.get(url)
    assert response.status_code == 200, response.content
    return ET.fromstring(response.content)


def titles(feed):
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


def entry_titled(feed, title):
    return next(e for e in feed.iter(f"{ATOM}entry") if e.findtext(f"{ATOM}title") == title)


def feed_url(user, kind):
    return f"/feeds/{feed_token_for(user).token}/{kind}/"


@pytest.fixture
def board(alice, dave, leeds, bristol):
    """Leeds ideas by alice (one hidden, one merged), Bristol ideas by dave (one
    anonymous, one a win), and a tag on two of them; created oldest first."""
    start = timezone.now() - timedelta(days=10)

    def idea(title, author, days, **fields):
        return IdeaFactory(
            title=title, author=author, created_at=start + timedelta(days=days), **fields
        )

    queues = Tag.objects.create(name="queues")
    card = idea("Card readers at every till", alice, 1)
    idea("Quiet hour for carers", dave, 2, is_anonymous=True)
    idea("Hidden rant", alice, 3, is_hidden=True)
    idea("Old copy of the card idea", alice, 4, status=Status.MERGED)
    callback = idea("Call customers back", dave, 5)
    idea(
        "Open a second till at noon",
        dave,
        6,
        status=Status.DONE,
        done_at=start + timedelta(days=8),
        impact="Queues halved at lunch.",
    )
    card.tags.add(queues)
    callback.tags.add(queues)


def test_new_ideas_lists_the_visible_unmerged_ideas_newest_first(client, alice, board):
    feed = read(client, feed_url(alice, "ideas"))

    assert feed.findtext(f"{ATOM}title") == "New ideas"
    assert titles(feed) == [
        "Open a second till at noon",
        "Call customers back",
        "Quiet hour for carers",
        "Card readers at every till",
    ]


def test_a_cx_lead_also_reads_hidden_ideas(client, carol, board):
    assert titles(read(client, feed_url(carol, "ideas"))) == [
        "Open a second till at noon",
        "Call customers back",
        "Hidden rant",
        "Quiet hour for carers",
        "Card readers at every till",
    ]


def test_wins_lists_done_ideas_with_their_impact(client, alice, board):
    feed = read(client, feed_url(alice, "wins"))

    assert titles(feed) == ["Open a second till at noon"]
    summary = entry_titled(feed, "Open a second till at noon").findtext(f"{ATOM}summary")
    assert "Impact: Queues halved at lunch." in summary


def team_feed(user, team):
    return f"/feeds/{feed_token_for(user).token}/teams/{team.pk}/"


def test_a_teams_feed_holds_the_ideas_of_its_subtree(client, alice, north, board):
    feed = read(client, team_feed(alice, north))

    assert feed.findtext(f"{ATOM}title") == "Ideas from North region and its teams"
    assert titles(feed) == ["Card readers at every till"]


def test_a_teams_feed_lists_an_anonymous_idea_only_for_who_may_know_its_author(
    client, alice, carol, dave, south, board
):
    # Under its team an anonymous idea would name its author in a small team.
    assert titles(read(client, team_feed(alice, south))) == [
        "Open a second till at noon",
        "Call customers back",
    ]
    everything = ["Open a second till at noon", "Call customers back", "Quiet hour for carers"]
    assert titles(read(client, team_feed(carol, south))) == everything
    assert titles(read(client, team_feed(dave, south))) == everything


def test_a_tags_feed_holds_the_tagged_ideas(client, alice, board):
    feed = read(client, f"/feeds/{feed_token_for(alice).token}/tags/queues/")

    assert feed.findtext(f"{ATOM}title") == "Ideas tagged queues"
    assert titles(feed) == ["Call customers back", "Card readers at every till"]


def test_an_anonymous_author_is_hidden_from_others_and_shown_to_a_cx_lead(
    client, alice, carol, board
):
    for_alice = entry_titled(read(client, feed_url(alice, "ideas")), "Quiet hour for carers")
    for_carol = entry_titled(read(client, feed_url(carol, "ideas")), "Quiet hour for carers")

    assert for_alice.findtext(f"{ATOM}author/{ATOM}name") == "Anonymous"
    assert for_carol.findtext(f"{ATOM}author/{ATOM}name") == (
        "Dave Davies (posted anonymously), Bristol contact centre"
    )


def test_a_named_author_shows_with_their_team(client, alice, board):
    entry = entry_titled(read(client, feed_url(alice, "ideas")), "Call customers back")

    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "Dave Davies, Bristol contact centre"


def test_the_problem_is_plain_text(client, alice):
    IdeaFactory(title="Tags", author=alice, problem="<b>bold</b> & more")

    entry = entry_titled(read(client, feed_url(alice, "ideas")), "Tags")

    # Atom summaries are HTML: the reader shows the characters, not bold text.
    assert entry.findtext(f"{ATOM}summary") == "<p>&lt;b&gt;bold&lt;/b&gt; &amp; more</p>"


def test_a_feed_is_private_to_its_token(client, alice, board):
    response = client.get(feed_url(alice, "ideas"))

    assert response["Content-Type"].startswith("application/atom+xml")
    assert "private" in response["Cache-Control"]


@pytest.mark.parametrize("kind", ["ideas", "wins", "teams/1", "tags/queues"])
def test_an_unknown_token_is_not_found(client, board, kind):
    assert client.get(f"/feeds/not-a-token/{kind}/").status_code == 404


def test_an_unknown_team_or_tag_is_not_found(client, alice, board):
    token = feed_token_for(alice).token

    assert client.get(f"/feeds/{token}/teams/999999/").status_code == 404
    assert client.get(f"/feeds/{token}/tags/nothing/").status_code == 404


def test_revoking_replaces_the_link(client, alice, board):
    old = feed_url(alice, "ideas")
    client.force_login(alice)

    response = client.post("/feeds/renew/")

    assert response.status_code == 302
    assert response["Location"] == "/accounts/preferences/"
    new = feed_url(alice, "ideas")
    assert new != old
    client.logout()
    assert client.get(old).status_code == 404
    assert client.get(new).status_code == 200


def test_revoking_needs_a_post(client, alice):
    client.force_login(alice)

    assert client.get("/feeds/renew/").status_code == 405


def test_the_preferences_page_shows_its_owners_links_only(client, settings, alice, bob, leeds):
    client.force_login(alice)
    page = client.get("/accounts/preferences/").content.decode()

    alice_token, bob_token = feed_token_for(alice).token, feed_token_for(bob).token
    feeds = f"{settings.SITE_URL}/feeds/{alice_token}"
    assert f"{feeds}/ideas/" in page
    assert f"{feeds}/wins/" in page
    assert f"{feeds}/teams/{leeds.pk}/" in page
    assert bob_token not in page
    assert "Revoke and make a new link" in page


def more_ideas(count):
    for _ in range(count):
        author = UserFactory(team=TeamFactory())
        IdeaFactory(author=author, is_anonymous=True)
        IdeaFactory(author=author, status=Status.DONE, done_at=timezone.now())


@pytest.mark.parametrize("extra", [0, 30])
@pytest.mark.parametrize(
    "kind, queries",
    [
        # 1 the token with its owner, 1 the ideas with authors and teams.
        ("ideas", 2),
        ("wins", 2),
        # The same, and 1 the team or the tag.
        ("teams/{team}", 3),
        ("tags/queues", 3),
    ],
)
def test_each_feed_runs_a_fixed_number_of_queries(
    client, alice, leeds, board, django_assert_num_queries, extra, kind, queries
):
    more_ideas(extra)
    url = feed_url(alice, kind.format(team=leeds.pk))
    Site.objects.get_current()  # the site's domain is read once per process, not per feed

    with django_assert_num_queries(queries):
        assert client.get(url).status_code == 200
