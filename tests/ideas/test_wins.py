"""/wins/ — you said, we did: done ideas with their impact, crediting the author and
the people whose observations were evidence, unless they posted anonymously."""

import pytest
from django.urls import reverse

from ideas.models import Evidence, Status
from tests.factories import ObservationFactory
from tests.ideas.lifecycle_helpers import (
    days_ago,
    submitted_idea,
)

URL = reverse("ideas:wins")


def done_idea(author, *, days=1, **fields):
    fields.setdefault("impact", "Customers book online")
    return submitted_idea(author, status=Status.DONE, done_at=days_ago(days), **fields)


def credits(client, user):
    client.force_login(user)
    return {i.title: (i.credits, i.anonymous_credits) for i in client.get(URL).context["page"]}


def test_only_done_ideas_newest_done_first_with_their_impact(client, alice, dave):
    done_idea(alice, title="Older win", days=10)
    done_idea(alice, title="Newer win", days=1, impact="Queues halved at lunchtime")
    submitted_idea(alice, title="Still planned", status=Status.PLANNED)
    submitted_idea(alice, title="Declined", status=Status.DECLINED)
    done_idea(alice, title="Hidden win", is_hidden=True)
    client.force_login(dave)
    response = client.get(URL)
    assert [i.title for i in response.context["page"]] == ["Newer win", "Older win"]
    assert "Queues halved at lunchtime" in response.content.decode()


def test_the_author_and_the_observers_are_credited_once_each(client, alice, bob, dave, erin):
    idea = done_idea(alice, title="Win")
    for author in (dave, erin, dave, alice):
        Evidence.objects.create(idea=idea, observation=ObservationFactory(author=author))
    assert credits(client, bob) == {"Win": (["Alice Archer", "Dave Davies", "Erin Evans"], 0)}
    body = client.get(URL).content.decode()
    assert "<strong>Alice Archer</strong>, <strong>Dave Davies</strong> and <strong>Erin" in body


def test_anonymous_authors_are_not_named(client, alice, bob, carol, dave, erin):
    idea = done_idea(alice, title="Win", is_anonymous=True)
    Evidence.objects.create(
        idea=idea, observation=ObservationFactory(author=dave, is_anonymous=True)
    )
    Evidence.objects.create(idea=idea, observation=ObservationFactory(author=erin))
    assert credits(client, bob) == {"Win": (["Erin Evans"], 2)}
    body = client.get(URL).content.decode()
    assert "Alice" not in body and "Dave" not in body
    assert "2 colleagues who posted anonymously" in body
    assert credits(client, carol) == {"Win": (["Alice Archer", "Dave Davies", "Erin Evans"], 0)}


def test_hidden_observations_are_not_credited(client, alice, bob, dave):
    idea = done_idea(alice, title="Win")
    Evidence.objects.create(idea=idea, observation=ObservationFactory(author=dave, is_hidden=True))
    assert credits(client, bob) == {"Win": (["Alice Archer"], 0)}


def test_wins_are_paginated(client, alice, bob):
    for n in range(23):
        done_idea(alice, title=f"Win {n}", days=n + 1)
    client.force_login(bob)
    assert len(client.get(URL).context["page"]) == 20
    assert [i.title for i in client.get(URL + "?page=2").context["page"]] == [
        "Win 20",
        "Win 21",
        "Win 22",
    ]


@pytest.mark.parametrize("size", [1, 30])
def test_wins_run_a_fixed_number_of_queries(
    client, alice, bob, dave, size, django_assert_num_queries
):
    for n in range(size):
        idea = done_idea(alice, days=n + 1)
        for _ in range(3):
            Evidence.objects.create(idea=idea, observation=ObservationFactory(author=dave))
    client.force_login(bob)
    # session + user (2); the count (1); the page of ideas with authors and routed
    # teams (1); their evidence with observations and authors (one prefetch) (1);
    # navigation: bob's managed team paths, the unread count (2) = 7.
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert len(response.context["page"]) == min(size, 20)
