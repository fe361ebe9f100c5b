"""Keyset pages (forum/keyset.py): Next and Previous walk a list once each way, in its
order, whatever is posted meanwhile; old and broken links still open a page."""

import html
import re
from datetime import timedelta

import pytest
from django.core import signing
from django.utils import timezone

from forum.keyset import EXPIRED, PAGE_SIZE, Sort
from ideas.models import Idea, IdeaTally, Observation
from tests.factories import IdeaFactory, ObservationFactory

# Signed as ours, but not a cursor's shape: refused all the same.
SIGNED_NONSENSE = signing.Signer(salt="forum.keyset").sign_object({"k": 1, "n": "x", "v": {}})


@pytest.fixture
def dave_client(client, dave):
    client.force_login(dave)
    return client


def link(response, rel):
    """The query string of the page's rel="next" / rel="prev" link, or None."""
    found = re.search(rf'<a href="([^"]*)" rel="{rel}">', response.content.decode())
    return html.unescape(found.group(1)) if found else None


def shown(response):
    return [row.pk for row in response.context["page"].object_list]


def walk(client, url, rel="next"):
    """Every page from `url` on, following the rel link: [(number, ids), ...]."""
    pages = []
    while url is not None:
        response = client.get(url)
        assert response.status_code == 200
        pages.append((response.context["page"].number, shown(response)))
        found = link(response, rel)
        url = None if found is None else response.request["PATH_INFO"] + found
    return pages


@pytest.fixture
def ideas(alice):
    """45 ideas, with ties on every sort key so that the id decides."""
    start = timezone.now() - timedelta(days=3)
    made = [
        IdeaFactory(author=alice, created_at=start + timedelta(hours=n // 3)) for n in range(45)
    ]
    for n, idea in enumerate(made):
        IdeaTally.objects.filter(idea=idea).update(vote_count=n % 4, trending_score=n % 5)
    return made


@pytest.mark.parametrize("sort", ["trending", "top", "pain", "newest", "oldest_unanswered"])
def test_next_walks_every_idea_once_in_the_sorts_order(dave_client, ideas, sort):
    expected = list(
        getattr(Idea.objects.all(), "by_pain" if sort == "pain" else sort)()
        .not_merged()
        .values_list("pk", flat=True)
    )
    pages = walk(dave_client, f"/ideas/?sort={sort}")
    assert [number for number, _ids in pages] == [1, 2, 3]
    assert [len(ids) for _number, ids in pages] == [20, 20, 5]
    assert [pk for _number, ids in pages for pk in ids] == expected


def test_previous_walks_back_to_the_first_page_and_its_plain_url(dave_client, ideas):
    forward = walk(dave_client, "/ideas/?sort=top")
    last = dave_client.get("/ideas/?sort=top")
    for _ in range(2):
        last = dave_client.get("/ideas/" + link(last, "next"))
    backward = walk(dave_client, "/ideas/" + link(last, "prev"), rel="prev")
    assert backward == forward[:2][::-1]
    page_two = dave_client.get("/ideas/" + link(dave_client.get("/ideas/?sort=top"), "next"))
    assert link(page_two, "prev") == "?sort=top"  # the first page's own address


def test_a_deep_page_has_a_first_link_and_keeps_the_filters(dave_client, ideas):
    page = dave_client.get("/ideas/?sort=newest&status=submitted")
    for _ in range(2):
        page = dave_client.get("/ideas/" + link(page, "next"))
    text = page.content.decode()
    assert 'href="?sort=newest&amp;status=submitted">First</a>' in text
    assert "Page 3 of 3" in text
    assert link(page, "next") is None
    assert "status=submitted" in link(page, "prev")


def test_ideas_posted_meanwhile_do_not_shift_the_next_page(dave_client, ideas, alice):
    first = dave_client.get("/ideas/?sort=newest")
    expected_second = list(Idea.objects.newest().values_list("pk", flat=True))[20:40]
    IdeaFactory.create_batch(3, author=alice)  # newest of all: they go on page 1
    second = dave_client.get("/ideas/" + link(first, "next"))
    assert shown(second) == expected_second


@pytest.mark.parametrize("sort", ["newest", "seen", "oldest"])
def test_next_walks_every_observation_once(dave_client, alice, sort):
    start = timezone.now() - timedelta(days=2)
    for n in range(25):
        ObservationFactory(
            author=alice, created_at=start + timedelta(hours=n // 2), seen_count=n % 3
        )
    order = {"newest": ("-created_at", "-id"), "seen": ("-seen_count", "-id")}
    expected = list(
        Observation.objects.order_by(*order.get(sort, ("created_at", "id"))).values_list(
            "pk", flat=True
        )
    )
    pages = walk(dave_client, f"/observations/?sort={sort}")
    assert [pk for _number, ids in pages for pk in ids] == expected
    assert [number for number, _ids in pages] == [1, 2]


@pytest.mark.parametrize(
    "query",
    [
        "after=nonsense",
        "before=a:b",
        "after=" + "x" * 500,
        "after=%E2%9C%93",
        "before=" + SIGNED_NONSENSE,
    ],
)
def test_a_broken_cursor_opens_the_first_page_with_a_note(dave_client, ideas, query):
    response = dave_client.get(f"/ideas/?sort=newest&{query}")
    assert response.status_code == 200
    assert len(shown(response)) == PAGE_SIZE
    assert response.context["page"].number == 1
    assert EXPIRED in response.content.decode()


def test_a_cursor_made_for_another_sort_is_not_used_for_this_one(dave_client, ideas):
    top_next = link(dave_client.get("/ideas/?sort=top"), "next")
    response = dave_client.get("/ideas/" + top_next.replace("sort=top", "sort=newest"))
    assert response.context["page"].number == 1
    assert EXPIRED in response.content.decode()


def test_an_old_page_number_link_still_opens_that_page(dave_client, ideas):
    expected = list(Idea.objects.newest().values_list("pk", flat=True))[20:40]
    response = dave_client.get("/ideas/?sort=newest&page=2")
    assert shown(response) == expected
    assert response.context["page"].number == 2
    assert (
        shown(dave_client.get("/ideas/" + link(response, "next")))
        == list(Idea.objects.newest().values_list("pk", flat=True))[40:]
    )


def test_a_deep_page_runs_as_many_queries_as_the_first(
    dave_client, ideas, django_assert_num_queries
):
    first = dave_client.get("/ideas/?sort=trending")
    third = "/ideas/" + link(dave_client.get("/ideas/" + link(first, "next")), "next")
    # As the first page (tests/ideas/test_posting_query_counts.py): session + user (2);
    # category choices (1); the capped count (1); navigation (2); the page read from
    # its cursor on (1) + its tags (1) = 8. No OFFSET, no query for the page's number.
    with django_assert_num_queries(8):
        response = dave_client.get(third)
    assert response.context["page"].number == 3


def test_an_htmx_click_on_next_swaps_only_the_results(dave_client, ideas):
    first = dave_client.get("/ideas/?sort=newest")
    assert 'hx-boost="true" hx-target="#results"' in first.content.decode()
    response = dave_client.get("/ideas/" + link(first, "next"), HTTP_HX_REQUEST="true")
    assert "<html" not in response.content.decode()
    assert len(shown(response)) == PAGE_SIZE


def test_keyset_pages_refuse_an_ordering_they_cannot_seek():
    with pytest.raises(ValueError, match="one direction"):
        Sort.of(Idea.objects.order_by("-created_at", "id"))
    with pytest.raises(ValueError, match="field names"):
        Sort.of(Idea.objects.by_answer_due())
