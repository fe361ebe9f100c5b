"""Following an idea: one follow per person, toggled, counted on the idea."""

import pytest
from django.urls import reverse

from ideas.models import Follow, Idea, Status
from ideas.reactions import toggle_follow
from tests.factories import IdeaFactory, UserFactory
from tests.toggles import Toggle, toggle

HTMX = {"HX-Request": "true"}


@pytest.fixture
def idea(dave):
    return IdeaFactory(author=dave, title="Let customers pick a delivery slot")


def follow_url(idea):
    return reverse("ideas:idea_follow", args=[idea.pk])


def test_following_adds_a_follow_and_counts_it(idea, alice):
    assert toggle_follow(idea=idea, by=alice) is True

    idea.refresh_from_db()
    assert idea.follower_count == 1
    assert Follow.objects.filter(idea=idea, user=alice).exists()


def test_following_again_unfollows(idea, alice):
    toggle_follow(idea=idea, by=alice)

    assert toggle_follow(idea=idea, by=alice) is False

    idea.refresh_from_db()
    assert idea.follower_count == 0
    assert not Follow.objects.exists()


def test_follows_from_several_people_add_up(idea, alice, bob, carol):
    for person in (alice, bob, carol):
        toggle_follow(idea=idea, by=person)
    toggle_follow(idea=idea, by=bob)

    idea.refresh_from_db()
    assert idea.follower_count == 2 == Follow.objects.filter(idea=idea).count()


def test_closed_ideas_can_still_be_followed_and_unfollowed(idea, alice):
    Idea.objects.filter(pk=idea.pk).update(status=Status.DONE)

    assert toggle_follow(idea=idea, by=alice) is True
    assert toggle_follow(idea=idea, by=alice) is False


def test_the_follow_button_is_post_only(client, idea, alice):
    client.force_login(alice)

    assert client.get(follow_url(idea)).status_code == 405


def test_a_visitor_is_sent_to_log_in(client, idea):
    response = client.post(follow_url(idea))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("account_login"))


def test_an_unverified_account_cannot_follow(client, idea):
    client.force_login(UserFactory(verified=False))

    client.post(follow_url(idea))

    assert not Follow.objects.exists()


def test_a_hidden_idea_is_not_found(client, idea, alice):
    Idea.objects.filter(pk=idea.pk).update(is_hidden=True)
    client.force_login(alice)

    assert client.post(follow_url(idea)).status_code == 404


def test_htmx_gets_the_button_back_with_the_new_state(client, idea, alice):
    client.force_login(alice)

    html = client.post(follow_url(idea), headers=HTMX).content.decode()

    assert toggle(html, f"follow-button-{idea.pk}") == Toggle(
        name="Follow", pressed="true", description="1 follower", disabled=False
    )

    html = client.post(follow_url(idea), headers=HTMX).content.decode()

    assert toggle(html, f"follow-button-{idea.pk}") == Toggle(
        name="Follow", pressed="false", description="0 followers", disabled=False
    )


def test_a_plain_form_goes_back_to_the_idea(client, idea, alice):
    client.force_login(alice)

    response = client.post(follow_url(idea))

    assert response.status_code == 302
    assert response.headers["Location"] == idea.get_absolute_url()
