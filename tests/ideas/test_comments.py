"""Comments on ideas and observations: posting, counting, following, the timeline,
what the page shows, and the comment form with and without htmx."""

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.template.loader import render_to_string
from django.urls import reverse

from ideas.comments import comments_context, post_comment
from ideas.models import Comment, Escalation, Follow, Idea, IdeaEvent, Observation
from ideas.timeline import timeline_context
from tests.factories import IdeaFactory, ObservationFactory, UserFactory
from tests.toggles import toggle

HTMX = {"HX-Request": "true"}


@pytest.fixture
def idea(dave):
    return IdeaFactory(author=dave, title="Offer callbacks instead of hold music")


@pytest.fixture
def observation(dave):
    return ObservationFactory(author=dave, what_happened="Customer hung up after 20 minutes")


@pytest.fixture
def notified(monkeypatch):
    """The comments handed to notifications, and whether a transaction was open."""
    calls = []

    def record(*, comment, mentioned=None):
        calls.append((comment, connection.in_atomic_block))

    monkeypatch.setattr("notifications.dispatch.notify_comment", record)
    return calls


def idea_comment_url(idea):
    return reverse("ideas:idea_comment", args=[idea.pk])


# --- The action -------------------------------------------------------------------


def test_a_comment_on_an_idea_is_counted_timelined_and_followed(idea, alice, notified):
    comment = post_comment(target=idea, by=alice, body="We tried this in **Leeds**.")

    idea.refresh_from_db()
    assert idea.comment_count == 1
    assert comment.body_html == "<p>We tried this in <strong>Leeds</strong>.</p>"
    assert Follow.objects.filter(idea=idea, user=alice).exists()
    assert idea.follower_count == 1
    event = IdeaEvent.objects.get(idea=idea, kind=IdeaEvent.Kind.COMMENTED)
    assert event.comment == comment
    assert event.actor == alice
    assert notified == [(comment, True)]


def test_a_second_comment_does_not_follow_twice(idea, alice, notified):
    post_comment(target=idea, by=alice, body="One")
    post_comment(target=idea, by=alice, body="Two")

    idea.refresh_from_db()
    assert idea.comment_count == 2
    assert idea.follower_count == 1


def test_a_comment_on_an_observation_is_counted(observation, alice, notified):
    comment = post_comment(target=observation, by=alice, body="Same in Leeds")

    observation.refresh_from_db()
    assert observation.comment_count == 1
    assert comment.observation == observation
    assert comment.idea is None
    assert not Follow.objects.exists()
    assert not IdeaEvent.objects.exists()
    assert notified == [(comment, True)]


@pytest.mark.parametrize("body", ["", "   \n\t "])
def test_an_empty_comment_is_refused(idea, alice, notified, body):
    with pytest.raises(ValidationError, match="Write something"):
        post_comment(target=idea, by=alice, body=body)

    assert not Comment.objects.exists()
    assert notified == []


def test_a_comment_over_5000_characters_is_refused(idea, alice, notified):
    with pytest.raises(ValidationError, match="at most 5000 characters"):
        post_comment(target=idea, by=alice, body="x" * 5001)

    assert not Comment.objects.exists()


def test_a_comment_of_exactly_5000_characters_is_fine(idea, alice, notified):
    post_comment(target=idea, by=alice, body="x" * 5000)

    assert Comment.objects.count() == 1


def test_a_managers_comment_resolves_the_ideas_escalations(idea, erin, notified):
    escalation = Escalation.objects.create(idea=idea, rule="unanswered", team=idea.routed_team)

    post_comment(target=idea, by=erin, body="Looking at it this week.")

    escalation.refresh_from_db()
    assert escalation.resolved_at is not None


def test_a_colleagues_comment_leaves_escalations_open(idea, alice, notified):
    escalation = Escalation.objects.create(idea=idea, rule="unanswered", team=idea.routed_team)

    post_comment(target=idea, by=alice, body="+1, please look at this")

    escalation.refresh_from_db()
    assert escalation.resolved_at is None


# --- What the page shows ------------------------------------------------------------


def test_hidden_comments_are_shown_to_cx_leads_only(idea, alice, bob, carol, notified):
    post_comment(target=idea, by=bob, body="Visible")
    hidden = post_comment(target=idea, by=bob, body="Rude remark")
    Comment.objects.filter(pk=hidden.pk).update(is_hidden=True)

    for_alice = comments_context(target=idea, user=alice)["comments"]
    for_carol = comments_context(target=idea, user=carol)["comments"]

    assert [c.body for c in for_alice] == ["Visible"]
    assert [c.body for c in for_carol] == ["Visible", "Rude remark"]


def test_an_anonymous_authors_comment_does_not_name_them(alice, carol, dave, rf, notified):
    idea = IdeaFactory(author=dave, is_anonymous=True)
    post_comment(target=idea, by=dave, body="More detail from me")

    def page_for(user):
        # On an idea page the comments are read in the timeline.
        request = rf.get("/")
        request.user = user
        context = timeline_context(idea=idea, user=user)
        return render_to_string("ideas/_timeline.html", context, request=request)

    assert "Dave Davies" not in page_for(alice)
    assert "The author" in page_for(alice)
    assert "Dave Davies" in page_for(carol)
    assert "Dave Davies" in page_for(dave)


def test_comments_are_listed_in_a_fixed_number_of_queries(
    idea, alice, notified, django_assert_num_queries
):
    def count():
        # One query: the comments with their authors (select_related).
        with django_assert_num_queries(1):
            return len(comments_context(target=idea, user=alice)["comments"])

    post_comment(target=idea, by=UserFactory(), body="first")
    assert count() == 1
    for n in range(6):
        post_comment(target=idea, by=UserFactory(), body=f"more {n}")
    assert count() == 7


# --- The comment form -----------------------------------------------------------


def test_commenting_is_post_only(client, idea, alice):
    client.force_login(alice)

    assert client.get(idea_comment_url(idea)).status_code == 405


def test_a_visitor_is_sent_to_log_in(client, idea):
    response = client.post(idea_comment_url(idea), {"body": "Hi"})

    assert response.headers["Location"].startswith(reverse("account_login"))
    assert not Comment.objects.exists()


def test_an_unverified_account_cannot_comment(client, idea):
    client.force_login(UserFactory(verified=False))

    client.post(idea_comment_url(idea), {"body": "Hi"})

    assert not Comment.objects.exists()


def test_a_hidden_post_is_not_found_for_colleagues(client, idea, observation, alice):
    Idea.objects.filter(pk=idea.pk).update(is_hidden=True)
    Observation.objects.filter(pk=observation.pk).update(is_hidden=True)
    client.force_login(alice)

    assert client.post(idea_comment_url(idea), {"body": "Hi"}).status_code == 404
    url = reverse("ideas:observation_comment", args=[observation.pk])
    assert client.post(url, {"body": "Hi"}).status_code == 404
    assert not Comment.objects.exists()


def test_a_plain_form_goes_to_the_new_comment(client, idea, alice, notified):
    client.force_login(alice)

    response = client.post(idea_comment_url(idea), {"body": "Good idea"})

    comment = Comment.objects.get()
    assert response.status_code == 302
    # The page of the timeline that ends at the comment (ideas.timeline).
    location = f"{idea.get_absolute_url()}?comments=c{comment.pk}#comment-{comment.pk}"
    assert response.headers["Location"] == location


def test_a_plain_form_on_an_observation_goes_to_the_new_comment(
    client, observation, alice, notified
):
    client.force_login(alice)

    url = reverse("ideas:observation_comment", args=[observation.pk])
    response = client.post(url, {"body": "Same here"})

    comment = Comment.objects.get()
    assert response.headers["Location"] == f"{observation.get_absolute_url()}#comment-{comment.pk}"


def test_htmx_gets_the_new_comment_and_a_fresh_form(client, idea, alice, notified):
    client.force_login(alice)

    response = client.post(idea_comment_url(idea), {"body": "Ship it *now*"}, headers=HTMX)

    html = response.content.decode()
    comment = Comment.objects.get()
    assert response.status_code == 200
    assert "<html" not in html
    assert f'id="comment-{comment.pk}"' in html
    assert "Ship it <em>now</em>" in html
    assert 'hx-swap-oob="beforeend:#timeline-events"' in html
    assert '<span class="count" id="comment-count" hx-swap-oob="true">(1)</span>' in html
    assert 'id="no-comments" hx-swap-oob="delete"' in html
    assert 'id="comment-form"' in html
    assert "></textarea>" in html  # the fresh form is empty


def test_htmx_second_comment_does_not_try_to_remove_the_empty_note(client, idea, alice, notified):
    client.force_login(alice)
    client.post(idea_comment_url(idea), {"body": "one"}, headers=HTMX)

    html = client.post(idea_comment_url(idea), {"body": "two"}, headers=HTMX).content.decode()

    assert "no-comments" not in html
    assert "(2)" in html


def test_an_empty_comment_shows_the_error_in_place_with_htmx(client, idea, alice):
    client.force_login(alice)

    response = client.post(idea_comment_url(idea), {"body": "  "}, headers=HTMX)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Write something before posting your comment." in html
    assert 'aria-invalid="true"' in html
    assert "<html" not in html
    assert not Comment.objects.exists()


def test_a_too_long_comment_comes_back_with_the_error_and_the_text(client, idea, alice):
    client.force_login(alice)
    text = "Customers <keep> asking. " * 250  # 6,250 characters

    response = client.post(idea_comment_url(idea), {"body": text})

    html = response.content.decode()
    assert response.status_code == 400
    assert "Comments can be at most 5000 characters" in html
    assert "Customers &lt;keep&gt; asking." in html
    assert "<html" in html
    assert not Comment.objects.exists()


def test_on_the_ideas_page_commenting_updates_the_follow_button(client, idea, alice, notified):
    client.force_login(alice)
    headers = HTMX | {"HX-Current-URL": f"http://testserver{idea.get_absolute_url()}"}

    html = client.post(idea_comment_url(idea), {"body": "Yes"}, headers=headers).content.decode()

    assert f'id="follow-{idea.pk}"' in html
    assert toggle(html, f"follow-button-{idea.pk}").pressed == "true"
