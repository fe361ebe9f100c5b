"""Hidden content is absent for everyone but CX leads from every list, search, feed,
digest, export and page (issue 11, done-when 5).

Everything is hidden by the real verb (moderation.actions.hide). Each surface is read
as alice (frontline staff in Leeds) and must show the visible twin of each hidden
thing, so that every "absent" below can fail; where CX leads see hidden content, the
same surface is read as carol too.
"""

import csv
import io
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from datetime import timedelta

import pytest
from django.utils import timezone

from ideas.comments import post_comment
from ideas.lifecycle import change_status
from ideas.models import Evidence, Follow, Idea, Observation, Status, Tag
from insights.feed_tokens import feed_token_for
from moderation import actions
from notifications.digests import build_and_queue, plan_digests
from notifications.models import OutboxEmail
from tests.factories import IdeaFactory, ObservationFactory

ATOM = "{http://www.w3.org/2005/Atom}"


@dataclass
class Forum:
    shown_idea: Idea
    hidden_idea: Idea
    shown_observation: Observation
    hidden_observation: Observation
    shown_win: Idea
    hidden_win: Idea


@pytest.fixture
def forum(alice, bob, carol, dave, erin):
    """Twins, one of each hidden by carol: ideas and observations from Leeds (alice's
    team), comments, wins with evidence, a tag; alice follows and is notified."""
    tag = Tag.objects.create(name="tills")
    shown_idea = IdeaFactory(author=bob, title="Visible zebra tills idea")
    hidden_idea = IdeaFactory(author=bob, title="Hidden zebra tills idea")
    for idea in (shown_idea, hidden_idea):
        idea.tags.add(tag)
        Follow.objects.create(idea=idea, user=alice)
        change_status(idea=idea, by=bob, to=Status.UNDER_REVIEW, note="Looking at it")
    shown_observation = ObservationFactory(
        author=bob, what_happened="Visible zebra queue", customer_words="Visible quote words"
    )
    hidden_observation = ObservationFactory(
        author=erin, what_happened="Hidden zebra queue", customer_words="Hidden quote words"
    )
    mine = ObservationFactory(author=alice, what_happened="Alice saw a long queue")
    for observation in (shown_observation, hidden_observation):
        Evidence.objects.create(idea=shown_idea, observation=observation)
        post_comment(target=observation, by=dave, body="Comment on an observation")
    post_comment(target=mine, by=dave, body="Visible zebra comment on mine")
    hidden_on_mine = post_comment(target=mine, by=dave, body="Hidden zebra comment on mine")
    post_comment(target=shown_idea, by=dave, body="Visible zebra comment on an idea")
    hidden_on_idea = post_comment(
        target=shown_idea, by=dave, body="Hidden zebra comment on an idea"
    )
    wins = []
    for title in ("Visible zebra win", "Hidden zebra win"):
        win = IdeaFactory(author=dave, title=title)
        Evidence.objects.create(idea=win, observation=hidden_observation)
        Evidence.objects.create(idea=win, observation=shown_observation)
        change_status(idea=win, by=erin, to=Status.PLANNED, note="Planned")
        change_status(idea=win, by=erin, to=Status.DONE, note="Done", impact="Queues gone")
        wins.append(win)
    shown_win, hidden_win = wins
    for target in (hidden_idea, hidden_observation, hidden_on_mine, hidden_on_idea, hidden_win):
        actions.hide(target=target, by=carol, reason="Hidden for the test")
    return Forum(
        shown_idea, hidden_idea, shown_observation, hidden_observation, shown_win, hidden_win
    )


def page(client, user, url) -> str:
    client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def main_of(html: str) -> str:
    return html.split("<main", 1)[1]


# --- Lists and pages ------------------------------------------------------------


def test_the_idea_list(client, forum, alice, carol):
    html = page(client, alice, "/ideas/")
    assert "Visible zebra tills idea" in html and "Visible zebra win" in html
    assert "Hidden zebra" not in html
    assert "Hidden zebra tills idea" in page(client, carol, "/ideas/")


def test_the_observation_list(client, forum, alice, carol):
    html = page(client, alice, "/observations/")
    assert "Visible zebra queue" in html and "Hidden zebra queue" not in html
    assert "Hidden zebra queue" in page(client, carol, "/observations/")


def test_the_home_page(client, forum, alice):
    html = page(client, alice, "/")
    assert "Visible zebra tills idea" in html and "Visible zebra queue" in html
    assert "Hidden zebra" not in html


def search_hits(client, user, q) -> list[str]:
    """Every hit's title and snippet, without the <mark> around matches."""
    client.force_login(user)
    results = client.get("/search/", {"q": q}).context["results"]
    texts = [f"{hit.title} {hit.snippet}" for group in results.groups for hit in group.hits]
    return [text.replace("<mark>", "").replace("</mark>", "") for text in texts]


def test_search(client, forum, alice, carol):
    hits = " | ".join(search_hits(client, alice, "zebra"))
    assert "Visible zebra tills idea" in hits and "Visible zebra queue" in hits
    assert "Visible zebra comment on an idea" in hits
    assert "Hidden zebra" not in hits
    assert "Hidden zebra comment on an idea" in " | ".join(search_hits(client, carol, "zebra"))


def test_similar_idea_suggestions(client, forum, alice):
    html = page(client, alice, "/ideas/similar/?title=zebra tills idea")
    assert "Visible zebra tills idea" in html and "Hidden zebra" not in html


def test_wins_and_their_credits(client, forum, alice, carol):
    html = main_of(page(client, alice, "/wins/"))
    assert "Visible zebra win" in html and "Hidden zebra win" not in html
    # The hidden observation's author (erin) is not thanked; the visible one's (bob) is.
    assert "Bob Baker" in html and "Erin Evans" not in html
    assert "Erin Evans" in main_of(page(client, carol, "/wins/"))


def test_the_idea_page_evidence_and_comments(client, forum, alice, carol):
    html = main_of(page(client, alice, forum.shown_idea.get_absolute_url()))
    assert "Visible zebra queue" in html and "Visible quote words" in html
    assert "Visible zebra comment on an idea" in html
    assert "Hidden zebra queue" not in html and "Hidden quote words" not in html
    assert "Hidden zebra comment on an idea" not in html
    html = page(client, carol, forum.shown_idea.get_absolute_url())
    assert "Hidden zebra queue" in html and "Hidden zebra comment on an idea" in html


def test_the_observation_page_comments(client, forum, alice):
    mine = Observation.objects.get(what_happened="Alice saw a long queue")
    html = page(client, alice, mine.get_absolute_url())
    assert "Visible zebra comment on mine" in html and "Hidden zebra comment on mine" not in html
    # And the count beside the heading counts what she can read.
    assert '<span class="count" id="comment-count">(1)</span>' in html


@pytest.mark.parametrize("attr", ["hidden_idea", "hidden_observation", "hidden_win"])
def test_detail_pages_are_not_found_but_cx_leads_see_them_marked(client, forum, alice, carol, attr):
    post = getattr(forum, attr)
    client.force_login(alice)
    assert client.get(post.get_absolute_url()).status_code == 404
    html = page(client, carol, post.get_absolute_url())
    assert "<strong>Hidden</strong>: only CX leads can see it" in html
    assert "Reason: Hidden for the test" in html


def test_an_observation_page_does_not_list_hidden_ideas_using_it(client, forum, alice):
    html = page(client, alice, forum.shown_observation.get_absolute_url())
    assert "Visible zebra win" in html and "Hidden zebra win" not in html


# --- Feeds, exports, digests, notifications --------------------------------------


def feed_titles(client, user, path) -> list[str]:
    response = client.get(f"/feeds/{feed_token_for(user).token}/{path}")
    assert response.status_code == 200
    feed = ET.fromstring(response.content)
    return [entry.findtext(f"{ATOM}title") for entry in feed.iter(f"{ATOM}entry")]


@pytest.mark.parametrize(
    ("path", "shown"),
    [
        ("ideas/", "Visible zebra tills idea"),
        ("wins/", "Visible zebra win"),
        ("tags/tills/", "Visible zebra tills idea"),
        ("teams/{leeds}/", "Visible zebra tills idea"),
    ],
)
def test_the_atom_feeds(client, forum, alice, carol, leeds, path, shown):
    path = path.format(leeds=leeds.pk)
    titles = feed_titles(client, alice, path)
    assert shown in titles
    assert not [title for title in titles if title.startswith("Hidden")]
    assert [title for title in feed_titles(client, carol, path) if title.startswith("Hidden")]


@pytest.mark.parametrize(
    ("url", "shown", "hidden"),
    [
        ("/ideas/export.csv", "Visible zebra tills idea", "Hidden zebra"),
        ("/observations/export.csv", "Visible zebra queue", "Hidden zebra"),
    ],
)
def test_the_csv_exports(client, forum, alice, carol, url, shown, hidden):
    def cells(user):
        client.force_login(user)
        response = client.get(url)
        text = b"".join(response.streaming_content).decode()
        return [cell for row in csv.reader(io.StringIO(text)) for cell in row]

    assert shown in cells(alice)
    assert not [cell for cell in cells(alice) if cell.startswith(hidden)]
    assert [cell for cell in cells(carol) if cell.startswith(hidden)]


def test_the_digest(forum, alice):
    now = timezone.now() + timedelta(minutes=1)
    build_and_queue(
        plan_digests(now=now, ignore_hour=True, fan_out=False, user_ids=[alice.pk]), now=now
    )
    body = OutboxEmail.objects.get(recipient=alice, kind="digest").body
    assert "Visible zebra tills idea" in body and "Visible zebra comment on mine" in body
    assert "Visible zebra win" in body
    assert "Hidden zebra" not in body and "Erin Evans" not in body


def test_notifications_about_hidden_posts_leave_the_centre(client, forum, alice, carol, dave):
    shown = forum.shown_idea
    # dave comments on the observations: bob and erin, their authors, are told.
    html = main_of(page(client, alice, "/notifications/"))
    assert f"moved “{shown.title}” to Under review" in html
    assert "Hidden zebra" not in html
    client.force_login(alice)
    assert (
        client.get("/").context["unread_notifications"]
        == alice.notifications.exclude(idea=forum.hidden_idea).unread().count()
    )


def test_notifications_about_a_hidden_observation_leave_the_centre(client, forum, erin, bob):
    html = main_of(page(client, erin, "/notifications/"))
    assert "Hidden zebra queue" not in html
    assert "Visible zebra queue" in main_of(page(client, bob, "/notifications/"))
