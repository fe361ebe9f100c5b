"""Routing: each idea goes to its category's owning team, else the author's team; a
manager or CX lead can re-route it with a note."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ideas import lifecycle
from ideas.access import can_manage_idea
from ideas.models import IdeaEvent
from ideas.posting import submit_idea
from tests.factories import CategoryFactory
from tests.ideas.lifecycle_helpers import (
    submitted_idea,
)


def test_an_idea_goes_to_its_categorys_owning_team(alice, bristol):
    category = CategoryFactory(name="Bookings", owning_team=bristol)
    idea = submit_idea(
        by=alice, title="Book online", problem="Queues", proposal="Slots", category=category
    )
    assert idea.routed_team == bristol


def test_without_an_owning_team_it_goes_to_the_authors_team(alice, leeds):
    idea = submit_idea(
        by=alice,
        title="Book online",
        problem="Queues",
        proposal="Slots",
        category=CategoryFactory(owning_team=None),
    )
    assert idea.routed_team == leeds
    uncategorised = submit_idea(by=alice, title="Book", problem="Queues", proposal="Slots")
    assert uncategorised.routed_team == leeds


def test_rerouting_records_both_teams_and_the_note(alice, bob, bristol):
    idea = submitted_idea(alice)
    event = lifecycle.reroute(idea=idea, by=bob, team=bristol, note="Bristol runs bookings")
    idea.refresh_from_db()
    assert idea.routed_team == bristol
    assert event.kind == IdeaEvent.Kind.ROUTED
    assert event.note == "Bristol runs bookings"
    assert event.data["from_team"] == "Leeds store"
    assert event.data["to_team"] == "Bristol contact centre"


def test_rerouting_needs_a_note_and_another_team(alice, bob, leeds, bristol):
    idea = submitted_idea(alice)
    with pytest.raises(ValidationError) as error:
        lifecycle.reroute(idea=idea, by=bob, team=bristol, note=" ")
    assert "note" in error.value.message_dict
    with pytest.raises(ValidationError) as error:
        lifecycle.reroute(idea=idea, by=bob, team=leeds, note="Stay")
    assert "team" in error.value.message_dict


def test_after_rerouting_the_new_teams_manager_may_act_and_the_old_one_may_not(
    alice, bob, nora, erin, bristol
):
    idea = submitted_idea(alice)
    lifecycle.reroute(idea=idea, by=bob, team=bristol, note="Theirs")
    for user in (bob, erin):  # forget the managed paths read before
        user.__dict__.pop("_area", None)
    assert can_manage_idea(erin, idea)
    assert not can_manage_idea(bob, idea)
    assert not can_manage_idea(nora, idea)


def test_the_route_form_moves_the_idea_and_the_panel_disappears_for_the_old_manager(
    client, alice, bob, bristol
):
    idea = submitted_idea(alice)
    client.force_login(bob)
    response = client.post(
        reverse("ideas:idea_route", args=[idea.pk]),
        {"team": bristol.pk, "note": "They own bookings"},
        headers={"HX-Request": "true", "HX-Target": "manage-panel"},
    )
    body = response.content.decode()
    assert 'id="manage-panel"' not in body
    assert "Routed</strong> from Leeds store to Bristol contact centre" in body
    idea.refresh_from_db()
    assert idea.routed_team == bristol


def test_the_route_form_without_a_note_shows_the_error(client, alice, bob, bristol):
    idea = submitted_idea(alice)
    client.force_login(bob)
    response = client.post(reverse("ideas:idea_route", args=[idea.pk]), {"team": bristol.pk})
    assert response.status_code == 400
    assert "Say why it belongs to that team." in response.content.decode()
