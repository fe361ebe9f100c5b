"""@mentions: `@alice` mentions the colleague whose email is alice@…; the people
suggested while typing show names and handles only."""

import pytest
from django.urls import reverse

from ideas.comments import post_comment
from tests.factories import IdeaFactory, UserFactory

HTMX = {"HX-Request": "true"}


@pytest.fixture
def idea(dave):
    return IdeaFactory(author=dave, title="Show stock levels online")


@pytest.fixture(autouse=True)
def quiet_notifications(monkeypatch):
    monkeypatch.setattr("notifications.dispatch.notify_comment", lambda **kwargs: None)


def suggest(client, q):
    return client.get(reverse("ideas:mention_suggestions"), {"q": q}, headers=HTMX)


def test_mentioned_colleagues_are_stored_and_highlighted(idea, alice, bob, carol):
    comment = post_comment(target=idea, by=alice, body="@bob and @Carol, can you look?")

    assert set(comment.mentions.all()) == {bob, carol}
    assert '<strong class="mention">@bob</strong>' in comment.body_html
    assert '<strong class="mention">@Carol</strong>' in comment.body_html


def test_a_name_that_matches_nobody_is_plain_text(idea, alice):
    comment = post_comment(target=idea, by=alice, body="Thanks @nobody")

    assert not comment.mentions.exists()
    assert "mention" not in comment.body_html
    assert "@nobody" in comment.body_html


def test_an_email_address_is_not_a_mention(idea, alice, bob):
    comment = post_comment(target=idea, by=alice, body="Mail bob@example.com")

    assert not comment.mentions.exists()


def test_a_mention_must_be_the_whole_local_part(idea, alice, bob):
    UserFactory(email="bobby@example.com")

    comment = post_comment(target=idea, by=alice, body="@bob")

    assert list(comment.mentions.all()) == [bob]


def test_a_mention_in_code_does_not_count(idea, alice, bob):
    comment = post_comment(target=idea, by=alice, body="Use `@bob` in the config")

    assert not comment.mentions.exists()


def test_mentioning_yourself_is_not_stored(idea, alice):
    comment = post_comment(target=idea, by=alice, body="note to @alice: follow up")

    assert not comment.mentions.exists()
    assert '<strong class="mention">@alice</strong>' in comment.body_html


def test_inactive_people_are_not_mentioned(idea, alice, bob):
    bob.is_active = False
    bob.save()

    comment = post_comment(target=idea, by=alice, body="@bob?")

    assert not comment.mentions.exists()


def test_the_mentioned_are_passed_to_notifications(idea, alice, bob, monkeypatch):
    seen = []
    monkeypatch.setattr(
        "notifications.dispatch.notify_comment",
        lambda *, comment, mentioned=None: seen.append(list(mentioned)),
    )

    post_comment(target=idea, by=alice, body="@bob")

    assert seen == [[bob]]


# --- Suggestions --------------------------------------------------------------------


def test_suggestions_match_names_and_email_prefixes(client, alice, bob, carol, dave):
    client.force_login(alice)

    by_name = suggest(client, "Car").content.decode()
    by_surname = suggest(client, "davies").content.decode()
    by_email = suggest(client, "@bob").content.decode()

    assert 'data-mention="carol"' in by_name
    assert "Carol Clark" in by_name
    assert "Bob Baker" not in by_name
    assert 'data-mention="dave"' in by_surname
    assert 'data-mention="bob"' in by_email


def test_at_most_eight_people_are_suggested(client, alice):
    for n in range(12):
        UserFactory(display_name=f"Sam Smith {n}", email=f"sam{n}@example.com")
    client.force_login(alice)

    html = suggest(client, "sam").content.decode()

    assert html.count("data-mention=") == 8


def test_an_empty_query_suggests_nobody(client, alice, bob):
    client.force_login(alice)

    html = suggest(client, "").content.decode()

    assert "data-mention" not in html


def test_no_match_says_so(client, alice):
    client.force_login(alice)

    assert "No colleague matches" in suggest(client, "zzz").content.decode()


def test_suggestions_say_nothing_about_anonymous_posts(client, alice, dave):
    client.force_login(alice)
    before = suggest(client, "dave").content

    IdeaFactory(author=dave, is_anonymous=True, title="Secret plan")
    after = suggest(client, "dave").content

    assert before == after
    assert b"Secret plan" not in after


def test_suggestions_need_a_login(client, db):
    response = client.get(reverse("ideas:mention_suggestions"), {"q": "a"})

    assert response.status_code == 302
