"""/ideas/similar/?title=: while a new idea is typed, up to five existing ideas that look
like it, so people vote instead of posting a duplicate."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.models import Status
from ideas.search import SIMILAR_LIMIT, similar_ideas
from tests.factories import IdeaFactory

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="trigram similarity runs on PostgreSQL only"
)


def suggested(response):
    return re.findall(r'<a href="/ideas/\d+/"[^>]*>(.*?)<', response.content.decode())


@pytest.fixture
def receipts(dave):
    return IdeaFactory(
        author=dave, title="Offer refunds without a receipt", vote_count=12, problem="Lost."
    )


@pytest.fixture
def unrelated(dave):
    return IdeaFactory(author=dave, title="Longer opening hours on Sundays", problem="Shut.")


def test_similar_ideas_need_a_login(client):
    response = client.get("/ideas/similar/?title=refunds")

    assert response.status_code == 302


@pytest.mark.parametrize(
    "typed",
    [
        "Offer refunds without a reciept",  # a typo
        "refunds without receipt",  # fewer words
        "Without a receipt, offer refunds",  # another word order
    ],
)
def test_it_finds_a_near_duplicate_and_not_an_unrelated_idea(
    client, alice, receipts, unrelated, typed
):
    client.force_login(alice)

    response = client.get("/ideas/similar/", {"title": typed})

    assert response.status_code == 200
    assert suggested(response) == ["Offer refunds without a receipt"]


def test_it_shows_status_and_votes_as_a_link(client, alice, receipts):
    client.force_login(alice)

    html = client.get("/ideas/similar/?title=refunds+without+receipt").content.decode()

    assert "vote for one instead?" in html
    assert f'href="{receipts.get_absolute_url()}"' in html
    assert 'class="pill status-submitted">Submitted</span>' in html
    assert "12 votes" in html


def test_the_closest_title_comes_first(client, alice, dave):
    IdeaFactory(author=dave, title="Refunds by post", vote_count=50)
    IdeaFactory(author=dave, title="Refunds without a receipt at the till", vote_count=1)
    client.force_login(alice)

    response = client.get("/ideas/similar/?title=refunds+without+a+receipt+at+the+till")

    assert suggested(response)[0] == "Refunds without a receipt at the till"


def test_at_most_five_are_suggested(client, alice, dave):
    IdeaFactory.create_batch(SIMILAR_LIMIT + 2, author=dave, title="Refund at the till")
    client.force_login(alice)

    response = client.get("/ideas/similar/?title=refund+at+the+till")

    assert len(suggested(response)) == SIMILAR_LIMIT


def test_merged_and_hidden_ideas_are_not_suggested(client, alice, carol, dave, receipts):
    IdeaFactory(
        author=dave, title="Refunds without receipts", status=Status.MERGED, merged_into=receipts
    )
    IdeaFactory(author=dave, title="Refunds without any receipt", is_hidden=True)
    client.force_login(alice)

    assert suggested(client.get("/ideas/similar/?title=refunds+without+receipt")) == [
        "Offer refunds without a receipt"
    ]
    client.force_login(carol)
    assert len(suggested(client.get("/ideas/similar/?title=refunds+without+receipt"))) == 2


@pytest.mark.parametrize("typed", ["", "re", "  r ", "zeppelin airship", "x" * 5000])
def test_short_or_unmatched_titles_get_an_empty_partial(client, alice, receipts, typed):
    client.force_login(alice)

    response = client.get("/ideas/similar/", {"title": typed})

    assert response.status_code == 200
    assert response.content.decode().strip() == ""


def test_anonymous_authors_are_never_shown(client, alice, dave):
    IdeaFactory(author=dave, title="Refund at the till", is_anonymous=True)
    client.force_login(alice)

    html = client.get("/ideas/similar/?title=refund+till").content.decode()

    assert "Refund at the till" in html
    assert "Dave" not in html


@pytest.mark.parametrize("size", [1, 8])
def test_similar_ideas_query_count_is_fixed(client, alice, dave, size, django_assert_num_queries):
    IdeaFactory.create_batch(size, author=dave, title="Refund at the till")
    client.force_login(alice)
    # session + user (2); the similar ideas (1) = 3. A partial: no navigation.
    with django_assert_num_queries(3):
        response = client.get("/ideas/similar/?title=refund+at+the+till")
    assert len(suggested(response)) == min(size, SIMILAR_LIMIT)


@postgres_only
def test_the_suggestions_use_the_trigram_and_full_text_indexes(alice, dave):
    IdeaFactory.create_batch(3, author=dave)
    with CaptureQueriesContext(connection) as executed:
        similar_ideas(title="refunds without reciept", user=alice)
    with connection.cursor() as cursor:
        # Three ideas: any plan is cheap, and which one wins depends on the statistics
        # earlier tests left. Without plain scans the ideas can only be found through
        # the two indexes, if the query lets them be used.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute("EXPLAIN " + executed.captured_queries[-1]["sql"])
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "ideas_idea_title_trgm" in plan
    assert "ideas_idea_search_gin" in plan


def test_a_suggestion_offers_a_vote_that_keeps_the_draft(client, alice, receipts):
    """The suggestions sit inside the idea form: the vote is an htmx button (a form
    there would nest and post the draft away) and the title opens in a new tab."""
    client.force_login(alice)

    html = client.get("/ideas/similar/?title=refunds+without+receipt").content.decode()

    vote_url = f"/ideas/{receipts.pk}/vote/?as=suggestion"
    assert f'hx-post="{vote_url}" hx-params="none"' in html
    assert f'hx-target="#similar-vote-{receipts.pk}" hx-swap="outerHTML"' in html
    assert 'type="button" class="vote-button"' in html
    assert 'aria-pressed="false"' in html
    assert "Vote for this instead</button>" in html
    assert "<form" not in html
    assert 'target="_blank" rel="noopener"' in html
    assert "(opens in a new tab)" in html


def test_voting_for_a_suggestion_swaps_only_its_button(client, alice, receipts):
    client.force_login(alice)

    response = client.post(
        f"/ideas/{receipts.pk}/vote/?as=suggestion",
        headers={"HX-Request": "true", "HX-Current-URL": "http://testserver/ideas/new/"},
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert html.strip().startswith(f'<span class="similar-vote" id="similar-vote-{receipts.pk}">')
    assert 'aria-pressed="true"' in html
    assert "13 votes" in html
    assert "<form" not in html
    assert receipts.votes.filter(user=alice).exists()


def test_a_suggestion_i_voted_for_shows_as_pressed(client, alice, receipts):
    receipts.votes.create(user=alice)
    client.force_login(alice)

    html = client.get("/ideas/similar/?title=refunds+without+receipt").content.decode()

    assert 'aria-pressed="true"' in html


def test_a_closed_suggestion_shows_its_votes_without_a_button(client, alice, dave):
    IdeaFactory(author=dave, title="Refund at the till", status=Status.DONE, vote_count=3)
    client.force_login(alice)

    html = client.get("/ideas/similar/?title=refund+till").content.decode()

    assert "3 votes · voting closed" in html
    assert "<button" not in html
