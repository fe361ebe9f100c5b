"""/search/?q=: ideas, observations and comments, ranked, highlighted, escaped, and
only what the reader may see. Runs on SQLite (FTS5 tables kept by triggers) and on
PostgreSQL (stored vectors kept by triggers, GIN indexes)."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from ideas.models import Comment, Idea, IdeaTally, Status
from ideas.search import PER_TYPE, search
from tests.factories import IdeaFactory, ObservationFactory

postgres_only = pytest.mark.skipif(
    connection.vendor != "postgresql", reason="full-text search runs on PostgreSQL only"
)


def comment_on(post, *, author, body, **fields):
    target = {"idea": post} if isinstance(post, Idea) else {"observation": post}
    return Comment.objects.create(author=author, body=body, **target, **fields)


def titles(response):
    return re.findall(r"<h3><a [^>]*>(.*?)</a></h3>", response.content.decode(), flags=re.S)


def plain(html):
    return re.sub(r"</?mark>", "", html)


@pytest.fixture
def many_posts(alice, dave):
    """Matches of every kind, to show the query count does not grow with them."""

    def make(count):
        for n in range(count):
            idea = IdeaFactory(author=dave, title=f"Faster refunds {n}")
            observation = ObservationFactory(author=dave, customer_words=f"My refund {n}?")
            comment_on(idea, author=alice, body=f"Refund story {n}")
            comment_on(observation, author=alice, body=f"Another refund {n}")

    return make


def test_search_needs_a_login(client):
    response = client.get("/search/?q=refund")

    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_a_title_match_ranks_above_a_body_match(client, alice, dave):
    # Created first, so only the ranking can put it on top.
    in_title = IdeaFactory(author=dave, title="Refund at the till", problem="Queues.")
    IdeaFactory(author=dave, title="Shorter queues", problem="People want a refund at once.")
    client.force_login(alice)

    response = client.get("/search/?q=refund")

    found = [plain(title) for title in titles(response)]
    assert found == ["Refund at the till", "Shorter queues"]
    assert [hit.url for hit in search(q="refund", user=alice).groups[0].hits][0] == (
        in_title.get_absolute_url()
    )


def test_customer_words_rank_above_what_happened(alice, dave):
    ObservationFactory(author=dave, customer_words="Where is my parcel?", what_happened="Late.")
    ObservationFactory(author=dave, customer_words="", what_happened="Asked about a parcel.")

    (group,) = search(q="parcel", user=alice).groups

    assert group.kind == "observation"
    assert [plain(hit.title) for hit in group.hits] == [
        "“Where is my parcel?”",
        "Asked about a parcel.",
    ]


def test_every_word_must_match(client, alice, dave):
    # Fixed bodies: the factory's random English text could contain "till".
    plain_body = {"problem": "A problem.", "proposal": "A proposal.", "expected_impact": ""}
    IdeaFactory(author=dave, title="Refund at the till", **plain_body)
    IdeaFactory(author=dave, title="Refund by post", **plain_body)
    client.force_login(alice)

    response = client.get("/search/?q=refund+till")

    assert [plain(title) for title in titles(response)] == ["Refund at the till"]


def test_snippet_highlights_the_term(client, alice, dave):
    IdeaFactory(
        author=dave, title="Queues", problem="Customers wait twenty minutes for a refund today."
    )
    client.force_login(alice)

    response = client.get("/search/?q=refund")

    assert re.search(r"<mark>refund</mark>", response.content.decode(), flags=re.I)


def test_title_highlights_the_term(client, alice, dave):
    IdeaFactory(author=dave, title="Refund at the till")
    client.force_login(alice)

    response = client.get("/search/?q=refund")

    assert titles(response) == ["<mark>Refund</mark> at the till"]


def test_html_in_a_post_comes_back_escaped(client, alice, dave):
    IdeaFactory(
        author=dave,
        title="<b>Refund</b> slips",
        problem="<script>alert('refund')</script> The refund <img src=x onerror=alert(1)> fails.",
    )
    comment_on(
        IdeaFactory(author=dave, title="Queues"),
        author=dave,
        body="<script>steal()</script> refund",
    )
    client.force_login(alice)

    response = client.get("/search/?q=refund")

    html = response.content.decode()
    assert "<mark>" in html
    assert "<script>alert" not in html
    assert "<script>steal" not in html
    assert "<img src=x" not in html
    assert "<b>" not in html
    assert "&lt;b&gt;" in html


def test_comments_are_found_and_link_to_their_post(client, alice, dave):
    idea = IdeaFactory(author=dave, title="Queues")
    comment = comment_on(idea, author=dave, body="A receipt printer would help.")
    client.force_login(alice)

    response = client.get("/search/?q=printer")

    html = response.content.decode()
    assert f'href="{comment.get_absolute_url()}"' in html
    assert "Comment on Queues" in html
    assert "Dave Davies" in html


def test_hidden_posts_and_comments_are_found_only_by_cx_leads(client, alice, carol, dave):
    IdeaFactory(author=dave, title="Hidden gift cards", is_hidden=True)
    ObservationFactory(author=dave, customer_words="Gift cards expired", is_hidden=True)
    comment_on(IdeaFactory(author=dave, title="Queues"), author=dave, body="gift", is_hidden=True)
    comment_on(
        IdeaFactory(author=dave, title="Vouchers", is_hidden=True), author=dave, body="gift card"
    )

    assert search(q="gift", user=alice).groups == []
    groups = {group.kind: group.hits for group in search(q="gift", user=carol).groups}
    assert [len(groups[kind]) for kind in ("idea", "observation", "comment")] == [1, 1, 2]
    client.force_login(carol)
    assert ">Hidden</span>" in client.get("/search/?q=gift").content.decode()


def test_anonymous_authors_are_shown_only_to_cx_leads_and_themselves(client, alice, carol, dave):
    IdeaFactory(author=dave, title="Quiet hours", is_anonymous=True)
    ObservationFactory(author=dave, customer_words="Too loud in here", is_anonymous=True)

    client.force_login(alice)
    for q in ("quiet", "loud"):
        assert "Dave Davies" not in client.get(f"/search/?q={q}").content.decode()
    for q in ("quiet", "loud"):
        assert [hit.author for g in search(q=q, user=alice).groups for hit in g.hits] == [""]
    for reader in (carol, dave):
        client.force_login(reader)
        assert "by Dave Davies" in client.get("/search/?q=quiet").content.decode()
        assert "by Dave Davies" in client.get("/search/?q=loud").content.decode()


def test_merged_ideas_are_found_with_a_merged_pill(client, alice, dave):
    survivor = IdeaFactory(author=dave, title="Refund at the till")
    IdeaFactory(author=dave, title="Till refunds", status=Status.MERGED, merged_into=survivor)
    client.force_login(alice)

    response = client.get("/search/?q=refund")

    assert len(titles(response)) == 2
    assert 'class="pill status-merged">Merged</span>' in response.content.decode()


def test_an_empty_search_asks_for_words(client, alice):
    client.force_login(alice)

    response = client.get("/search/?q=+")

    assert response.status_code == 200
    assert "Type a word or two" in response.content.decode()


def test_a_too_long_search_says_so(client, alice):
    client.force_login(alice)

    response = client.get("/search/", {"q": "refund " * 40})

    assert response.status_code == 200
    assert "That search is too long" in response.content.decode()


def test_a_search_with_no_match_says_so(client, alice, dave):
    IdeaFactory(author=dave, title="Refund at the till")
    client.force_login(alice)

    response = client.get("/search/?q=zeppelin")

    assert "Nothing matches “zeppelin”" in response.content.decode()


@pytest.mark.parametrize("q", ['"unclosed', "-", "!!!", "a & | b", "'; DROP TABLE x; --", "(("])
def test_odd_queries_do_not_fail(client, alice, dave, q):
    IdeaFactory(author=dave, title="Refund at the till")
    client.force_login(alice)

    assert client.get("/search/", {"q": q}).status_code == 200


def test_results_are_capped_per_type(client, alice, dave):
    IdeaFactory.create_batch(PER_TYPE + 1, author=dave, title="Refund idea")
    client.force_login(alice)

    response = client.get("/search/?q=refund")

    assert len(titles(response)) == PER_TYPE
    assert f"Showing the best {PER_TYPE} ideas" in response.content.decode()


def test_htmx_gets_only_the_results(client, alice, dave):
    IdeaFactory(author=dave, title="Refund at the till")
    client.force_login(alice)

    response = client.get("/search/?q=refund", headers={"HX-Request": "true"})

    html = response.content.decode()
    assert "<mark>Refund</mark> at the till" in html
    assert "<html" not in html
    assert 'id="search-q"' not in html
    assert "HX-Request" in response["Vary"]


def test_the_page_has_a_search_box_that_searches_as_you_type(client, alice):
    client.force_login(alice)

    html = client.get("/search/?q=refund").content.decode()

    assert '<label for="search-q">' in html
    assert 'hx-target="#search-results"' in html
    assert 'value="refund"' in html


@pytest.mark.parametrize("size", [1, 6])
def test_search_query_count_is_fixed(client, alice, many_posts, size, django_assert_num_queries):
    many_posts(size)
    client.force_login(alice)
    # session + user (2); the ideas, the observations and the comments, each with
    # their authors and posts joined in (3); navigation: alice's managed team paths,
    # the unread count (2) = 7.
    with django_assert_num_queries(7):
        response = client.get("/search/?q=refund")
    assert response.status_code == 200
    assert len(titles(response)) == 4 * size


@postgres_only
def test_the_idea_search_uses_the_gin_index(alice, dave):
    IdeaFactory.create_batch(3, author=dave)
    with CaptureQueriesContext(connection) as executed:
        search(q="refund", user=alice)
    idea_query = next(
        q["sql"] for q in executed.captured_queries if 'FROM "ideas_idea"' in q["sql"]
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("EXPLAIN " + idea_query)
        plan = "\n".join(row[0] for row in cursor.fetchall())

    assert "ideas_idea_search_gin" in plan


@postgres_only
def test_the_trigger_keeps_the_vector_current(alice, dave):
    idea = IdeaFactory(author=dave, title="Refund at the till", problem="Queues.")
    observation = ObservationFactory(author=dave, customer_words="Where is my parcel?")
    comment = comment_on(idea, author=dave, body="A receipt printer")
    assert [hit.kind for g in search(q="refund", user=alice).groups for hit in g.hits] == ["idea"]

    idea.title = "Gift wrapping"
    idea.save()
    Idea.objects.filter(pk=idea.pk).update(problem="Zeppelin deliveries")
    observation.customer_words = "Gift receipt please"
    observation.save()
    Comment.objects.filter(pk=comment.pk).update(body="Zeppelin gift")

    assert search(q="refund", user=alice).groups == []
    assert search(q="parcel", user=alice).groups == []
    found = {g.kind: len(g.hits) for g in search(q="gift", user=alice).groups}
    assert found == {"idea": 1, "observation": 1, "comment": 1}
    assert Idea.objects.filter(search_vector="zeppelin").count() == 1


@postgres_only
def test_counter_updates_do_not_rebuild_the_vector(dave):
    """The trigger fires only when a searched column changes: a vote stays cheap."""
    idea = IdeaFactory(author=dave, title="Refund at the till")
    Idea.objects.filter(pk=idea.pk).update(search_vector=None)

    IdeaTally.objects.filter(pk=idea.pk).update(vote_count=5)

    assert Idea.objects.values_list("search_vector", flat=True).get(pk=idea.pk) is None
