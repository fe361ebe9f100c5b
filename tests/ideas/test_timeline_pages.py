"""The idea page on a busy idea (issue 12): its timeline shows the latest entries,
"Show earlier comments" brings the page before in place with htmx or opens it
without, and a link to any comment lands on a page showing it."""

import re
from datetime import timedelta

import pytest

from ideas.models import Comment
from ideas.timeline import PAGE_SIZE
from tests.factories import IdeaFactory, UserFactory
from tests.ideas.lifecycle_helpers import days_ago, submitted_idea

HTMX = {"HX-Request": "true"}


def add_comments(idea, count, *, author=None, **fields):
    """`count` comments a minute apart, oldest first, counted on the idea."""
    author = author or UserFactory()
    start = days_ago(1)
    comments = Comment.objects.bulk_create(
        Comment(
            idea=idea,
            author=author,
            body=f"Comment {n}",
            body_html=f"<p>Comment {n}</p>",
            created_at=start + timedelta(minutes=n),
            **fields,
        )
        for n in range(count)
    )
    idea.comment_count += count
    idea.save(update_fields=["comment_count"])
    return comments


def comment_ids(html) -> list[int]:
    return [int(pk) for pk in re.findall(r'<li class="[^"]*comment[^"]*" id="comment-(\d+)"', html)]


def get(client, user, url, **extra):
    client.force_login(user)
    response = client.get(url, **extra)
    assert response.status_code == 200
    return response.content.decode()


def earlier_link(html) -> str:
    return re.search(r'<li class="timeline-earlier"><a href="([^"]+)"', html)[1]


def earlier_htmx_url(html) -> str:
    return re.search(r'<li class="timeline-earlier">.*? hx-get="([^"]+)"', html)[1]


@pytest.mark.parametrize("comments", [5, 100])
def test_the_idea_page_runs_the_same_queries_with_5_or_100_comments(
    client, alice, dave, comments, django_assert_num_queries
):
    idea = submitted_idea(alice, created_at=days_ago(3))
    add_comments(idea, comments)
    client.force_login(dave)
    # session + user (2); the idea with people, category, tags, my vote and my follow
    # (1); a page of its timeline: the latest events with their people and links (1)
    # and the latest comments with their authors (1); may dave manage it: his managed
    # team paths, which the navigation reuses (1); the unread count (1); the evidence
    # (1); earlier versions (1) = 9.
    with django_assert_num_queries(9):
        html = client.get(idea.get_absolute_url()).content.decode()
    assert len(comment_ids(html)) == min(comments, PAGE_SIZE)
    assert f'Comments <span class="count" id="comment-count">({comments})</span>' in html


def test_an_earlier_page_runs_the_same_queries(client, alice, dave, django_assert_num_queries):
    idea = submitted_idea(alice, created_at=days_ago(3))
    comments = add_comments(idea, 100)
    client.force_login(dave)
    # The same 9: the place is a subquery of the events' and the comments' queries.
    with django_assert_num_queries(9):
        response = client.get(comments[40].get_absolute_url())
    assert comment_ids(response.content.decode())[-1] == comments[40].pk


def test_the_page_shows_the_latest_comments_and_a_link_to_earlier_ones(client, alice, dave):
    idea = submitted_idea(alice, created_at=days_ago(3))
    comments = add_comments(idea, 60)

    html = get(client, dave, idea.get_absolute_url())

    assert comment_ids(html) == [c.pk for c in comments[-PAGE_SIZE:]]
    assert "Show earlier comments" in html
    assert "Show the latest comments" not in html
    assert len(html.encode()) < 30_000


def test_without_javascript_the_link_opens_the_earlier_page(client, alice, dave):
    idea = submitted_idea(alice, created_at=days_ago(3))
    comments = add_comments(idea, 60)
    latest = get(client, dave, idea.get_absolute_url())

    html = get(client, dave, earlier_link(latest))

    assert earlier_link(latest) == f"/ideas/{idea.pk}/?comments=c{comments[34].pk}#timeline"
    assert comment_ids(html) == [c.pk for c in comments[10:35]]
    assert "<html" in html
    assert "Show the latest comments" in html
    last = get(client, dave, earlier_link(html))
    assert comment_ids(last) == [c.pk for c in comments[:10]]
    assert "Submitted" in last
    assert "Show earlier comments" not in last


def test_with_htmx_the_earlier_page_replaces_the_link(
    client, alice, dave, django_assert_num_queries
):
    idea = submitted_idea(alice, created_at=days_ago(3))
    comments = add_comments(idea, 60)
    latest = get(client, dave, idea.get_absolute_url())
    url = earlier_htmx_url(latest)
    assert url == f"/ideas/{idea.pk}/timeline/?comments=c{comments[34].pk}"
    assert 'hx-target="closest li" hx-swap="outerHTML"' in latest

    # session + user (2); the idea (1); the page's events (1) and comments (1) = 5.
    with django_assert_num_queries(5):
        html = client.get(url, headers=HTMX).content.decode()

    assert "<html" not in html and "<ol" not in html
    assert html.lstrip().startswith('<li class="timeline-earlier">')  # the page before that
    assert comment_ids(html) == [c.pk for c in comments[10:35]]
    assert "Show the latest comments" not in html


def test_the_timeline_url_without_htmx_goes_to_the_idea_page(client, alice, dave):
    idea = submitted_idea(alice, created_at=days_ago(3))
    client.force_login(dave)

    response = client.get(f"/ideas/{idea.pk}/timeline/?comments=c7")

    assert response.headers["Location"] == f"/ideas/{idea.pk}/?comments=c7#timeline"


def test_a_link_to_an_old_comment_lands_on_a_page_showing_it(client, alice, dave):
    idea = submitted_idea(alice, created_at=days_ago(3))
    comments = add_comments(idea, 100)
    old = comments[3]

    url = old.get_absolute_url()
    html = get(client, dave, url)

    assert url == f"/ideas/{idea.pk}/?comments=c{old.pk}#comment-{old.pk}"
    assert f'id="comment-{old.pk}"' in html
    assert comment_ids(html) == [c.pk for c in comments[:4]]
    assert f'<a href="{url}">' in html  # each comment's time is its link


@pytest.mark.parametrize("junk", ["x1", "c", "1", "c1e2", "c0"])
def test_a_place_that_is_no_place_is_not_found(client, alice, dave, junk):
    idea = submitted_idea(alice, created_at=days_ago(3))
    client.force_login(dave)

    assert client.get(f"{idea.get_absolute_url()}?comments={junk}").status_code == 404
    assert (
        client.get(f"/ideas/{idea.pk}/timeline/?comments={junk}", headers=HTMX).status_code == 404
    )


def test_a_link_to_a_hidden_comment_shows_colleagues_what_came_before_it(
    client, alice, dave, carol
):
    idea = submitted_idea(alice, created_at=days_ago(3))
    comments = add_comments(idea, 40)
    Comment.objects.filter(pk=comments[20].pk).update(is_hidden=True)
    url = comments[20].get_absolute_url()

    for_dave = comment_ids(get(client, dave, url))
    for_carol = comment_ids(get(client, carol, url))

    assert for_dave[-1] == comments[19].pk
    assert comments[20].pk not in for_dave
    assert for_carol[-1] == comments[20].pk


def test_the_anonymous_authors_comments_on_earlier_pages_say_the_author(client, alice, dave):
    idea = IdeaFactory(author=dave, is_anonymous=True, created_at=days_ago(3))
    comments = add_comments(idea, 40, author=dave)
    url = f"/ideas/{idea.pk}/timeline/?comments=c{comments[5].pk}"

    html = get(client, alice, url, headers=HTMX)

    assert '<strong class="comment-author">The author</strong> commented' in html
    assert "Dave" not in html
    assert "Dave Davies</strong> commented" in get(client, dave, url, headers=HTMX)


def test_a_hidden_idea_has_no_timeline_pages_for_colleagues(client, alice, dave):
    idea = submitted_idea(alice, is_hidden=True, created_at=days_ago(3))
    client.force_login(dave)

    assert client.get(f"/ideas/{idea.pk}/timeline/", headers=HTMX).status_code == 404
