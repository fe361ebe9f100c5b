"""A manager responded: their status change, merge or comment records the idea's first
response (once) and resolves its open escalations; nobody else's comment does. The idea
is alice's, routed to the Leeds store (bob manages it, nora manages North above it)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas import lifecycle
from ideas.comments import post_comment
from ideas.models import Escalation, Idea, Status
from tests.ideas.lifecycle_helpers import MAY_MANAGE, MAY_NOT_MANAGE, submitted_idea


@pytest.fixture
def idea(alice):
    return submitted_idea(alice, title="Let customers book a fitting slot")


@pytest.fixture
def escalations(idea, bob, nora, leeds, north):
    """An open escalation at each level, and one resolved last week."""
    last_week = timezone.now() - datetime.timedelta(days=7)
    return [
        Escalation.objects.create(idea=idea, rule="unanswered", level=0, team=leeds, manager=bob),
        Escalation.objects.create(idea=idea, rule="unanswered", level=1, team=north, manager=nora),
        Escalation.objects.create(idea=idea, rule="popular", team=leeds, resolved_at=last_week),
    ]


def first_response(idea):
    return Idea.objects.values_list("first_response_at", flat=True).get(pk=idea.pk)


def open_escalations(idea):
    return Escalation.objects.filter(idea=idea, resolved_at__isnull=True).count()


# --- What counts as a response ----------------------------------------------------------


@pytest.mark.parametrize("persona", MAY_MANAGE)
def test_a_managers_comment_is_their_response(request, persona, idea, escalations):
    comment = post_comment(target=idea, by=request.getfixturevalue(persona), body="On it.")

    assert first_response(idea) == comment.created_at
    assert open_escalations(idea) == 0
    resolved_before = escalations[2].resolved_at
    escalations[2].refresh_from_db()
    assert escalations[2].resolved_at == resolved_before


@pytest.mark.parametrize("persona", MAY_NOT_MANAGE)
def test_a_comment_by_anyone_else_is_no_response(request, persona, idea, escalations):
    post_comment(target=idea, by=request.getfixturevalue(persona), body="+1, please look")

    assert first_response(idea) is None
    assert open_escalations(idea) == 2


def test_a_status_change_is_the_response(idea, bob, escalations):
    event = lifecycle.change_status(idea=idea, by=bob, to=Status.UNDER_REVIEW, note="")

    assert first_response(idea) == event.created_at
    assert open_escalations(idea) == 0


def test_a_merge_is_the_merged_ideas_response(alice, bob, idea, escalations):
    survivor = submitted_idea(alice, title="Book a fitting room online")

    event = lifecycle.merge_ideas(idea=idea, into=survivor, by=bob, note="Same idea")

    assert first_response(idea) == event.created_at
    assert open_escalations(idea) == 0
    assert first_response(survivor) is None


def test_owner_target_date_and_route_are_no_response(idea, bob, bristol, escalations):
    lifecycle.assign_owner(idea=idea, by=bob, owner=bob)
    lifecycle.set_target_date(
        idea=idea, by=bob, target_date=timezone.localdate() + datetime.timedelta(days=30)
    )
    lifecycle.reroute(idea=idea, by=bob, team=bristol, note="Bristol runs bookings")

    assert first_response(idea) is None
    assert open_escalations(idea) == 2


# --- The first response stays the first -------------------------------------------------


def test_later_responses_do_not_move_the_first(alice, bob, nora, carol, idea):
    comment = post_comment(target=idea, by=bob, body="Looking at it this week.")
    first = comment.created_at
    lifecycle.change_status(idea=Idea.objects.get(pk=idea.pk), by=nora, to=Status.PLANNED, note="")
    post_comment(target=Idea.objects.get(pk=idea.pk), by=carol, body="Booked for spring.")
    lifecycle.merge_ideas(
        idea=Idea.objects.get(pk=idea.pk),
        into=submitted_idea(alice, title="Fitting slots"),
        by=bob,
        note="Same idea",
    )

    assert first_response(idea) == first


def test_a_status_change_after_a_comment_keeps_the_comment_as_first(bob, idea):
    comment = post_comment(target=idea, by=bob, body="Looking at it.")

    lifecycle.change_status(idea=idea, by=bob, to=Status.UNDER_REVIEW, note="")

    assert first_response(idea) == comment.created_at


def test_a_new_escalation_after_the_first_response_is_resolved_by_the_next(bob, leeds, idea):
    post_comment(target=idea, by=bob, body="Looking at it.")
    first = first_response(idea)
    later = Escalation.objects.create(idea=idea, rule="popular", team=leeds, manager=bob)

    post_comment(target=idea, by=bob, body="Still on it.")

    later.refresh_from_db()
    assert later.resolved_at is not None
    assert first_response(idea) == first


def test_a_stale_copy_of_the_idea_does_not_overwrite_the_first_response(bob, nora, idea):
    stale = Idea.objects.select_related("routed_team").get(pk=idea.pk)
    comment = post_comment(target=idea, by=bob, body="Looking at it.")

    post_comment(target=stale, by=nora, body="Me too.")

    assert first_response(idea) == comment.created_at
    assert stale.first_response_at == comment.created_at


# --- Through the page -------------------------------------------------------------------


def test_a_managers_comment_on_the_page_is_their_response(client, bob, idea, escalations):
    client.force_login(bob)

    response = client.post(reverse("ideas:idea_comment", args=[idea.pk]), {"body": "On it."})

    assert response.status_code == 302
    assert first_response(idea) == idea.comments.get().created_at
    assert open_escalations(idea) == 0


@pytest.mark.parametrize("persona", ["alice", "dave"])
def test_a_colleagues_comment_on_the_page_is_no_response(
    client, request, persona, idea, escalations
):
    client.force_login(request.getfixturevalue(persona))

    response = client.post(reverse("ideas:idea_comment", args=[idea.pk]), {"body": "+1"})

    assert response.status_code == 302
    assert idea.comments.count() == 1
    assert first_response(idea) is None
    assert open_escalations(idea) == 2
