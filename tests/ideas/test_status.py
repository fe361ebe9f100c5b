"""Status changes, owner and target date: the rules and the three ways to ask (the
idea page's panel, the triage queue and board through htmx, a plain form)."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ideas import lifecycle
from ideas.models import Escalation, IdeaEvent, Status
from tests.ideas.lifecycle_helpers import (
    submitted_idea,
)


@pytest.fixture
def idea(alice):
    return submitted_idea(alice, title="Let customers book a fitting slot")


@pytest.fixture
def notified(monkeypatch):
    """The events handed to notify_idea_event, and whether inside the transaction."""
    calls = []

    def record(*, event):
        calls.append((event.kind, transaction.get_connection().in_atomic_block))

    monkeypatch.setattr(lifecycle, "notify_idea_event", record)
    return calls


def move(idea, by, to, note="", impact=""):
    return lifecycle.change_status(idea=idea, by=by, to=to, note=note, impact=impact)


def test_a_status_change_records_who_from_to_and_note(idea, bob, notified):
    event = move(idea, bob, Status.UNDER_REVIEW, "We are looking at booking tools")
    idea.refresh_from_db()
    assert idea.status == Status.UNDER_REVIEW
    assert (event.kind, event.actor, event.from_status, event.to_status, event.note) == (
        IdeaEvent.Kind.STATUS_CHANGED,
        bob,
        Status.SUBMITTED,
        Status.UNDER_REVIEW,
        "We are looking at booking tools",
    )
    assert notified == [(IdeaEvent.Kind.STATUS_CHANGED, True)]


def test_a_note_is_optional_for_open_statuses(idea, bob):
    move(idea, bob, Status.PLANNED)
    assert idea.status == Status.PLANNED


@pytest.mark.parametrize("to", [Status.DECLINED, Status.DONE])
def test_declined_and_done_need_a_note(idea, bob, to):
    with pytest.raises(ValidationError) as error:
        move(idea, bob, to, note="  ", impact="Shorter queues")
    assert "note" in error.value.message_dict
    idea.refresh_from_db()
    assert idea.status == Status.SUBMITTED


def test_done_needs_the_impact_and_records_it(idea, bob):
    with pytest.raises(ValidationError) as error:
        move(idea, bob, Status.DONE, note="Shipped")
    assert "impact" in error.value.message_dict
    move(idea, bob, Status.DONE, note="Shipped", impact="Customers book online: no queue.")
    idea.refresh_from_db()
    assert idea.impact == "Customers book online: no queue."
    assert idea.done_at is not None


def test_merged_is_reached_only_by_merging(idea, bob):
    with pytest.raises(ValidationError) as error:
        move(idea, bob, Status.MERGED, note="Duplicate")
    assert "merge it" in str(error.value)


@pytest.mark.parametrize(
    ("start", "to"),
    [
        (Status.PLANNED, Status.UNDER_REVIEW),
        (Status.IN_PROGRESS, Status.SUBMITTED),
        (Status.UNDER_REVIEW, Status.UNDER_REVIEW),
        (Status.DONE, Status.IN_PROGRESS),
        (Status.DECLINED, Status.UNDER_REVIEW),
        (Status.SUBMITTED, "shipped"),
    ],
)
def test_an_idea_only_moves_forward_or_to_declined(alice, bob, start, to):
    idea = submitted_idea(alice, status=start)
    with pytest.raises(ValidationError) as error:
        move(idea, bob, to, note="Because", impact="Something")
    assert "to" in error.value.message_dict


def test_an_open_idea_may_skip_ahead_or_be_declined(alice, bob):
    idea = submitted_idea(alice, status=Status.UNDER_REVIEW)
    assert lifecycle.allowed_next_statuses(idea) == [
        Status.PLANNED,
        Status.IN_PROGRESS,
        Status.DONE,
        Status.DECLINED,
    ]
    move(idea, bob, Status.IN_PROGRESS)
    assert idea.status == Status.IN_PROGRESS


def test_a_merged_idea_cannot_change(alice, bob):
    survivor = submitted_idea(alice)
    idea = submitted_idea(alice)
    lifecycle.merge_ideas(idea=idea, into=survivor, by=bob, note="Same")
    with pytest.raises(ValidationError):
        move(idea, bob, Status.DECLINED, note="No")
    with pytest.raises(ValidationError):
        lifecycle.assign_owner(idea=idea, by=bob, owner=bob)


def test_the_first_response_is_recorded_once(idea, bob, nora):
    move(idea, bob, Status.UNDER_REVIEW)
    first = idea.first_response_at
    assert first is not None
    move(idea, nora, Status.PLANNED)
    idea.refresh_from_db()
    assert idea.first_response_at == first
    assert idea.status_changed_at > first


def test_a_status_change_resolves_open_escalations(idea, bob, leeds):
    old = Escalation.objects.create(
        idea=idea, rule="popular", team=leeds, resolved_at=timezone.now() - datetime.timedelta(1)
    )
    open_ = Escalation.objects.create(idea=idea, rule="unanswered", team=leeds, manager=bob)
    move(idea, bob, Status.UNDER_REVIEW)
    open_.refresh_from_db()
    resolved_before = old.resolved_at
    old.refresh_from_db()
    assert open_.resolved_at is not None
    assert old.resolved_at == resolved_before


def test_assigning_an_owner_records_and_notifies(idea, bob, dave, notified):
    event = lifecycle.assign_owner(idea=idea, by=bob, owner=dave)
    assert idea.owner == dave
    assert event.data == {"owner_id": dave.pk, "owner_name": "Dave Davies"}
    assert notified == [(IdeaEvent.Kind.OWNER_ASSIGNED, True)]
    assert lifecycle.assign_owner(idea=idea, by=bob, owner=dave) is None  # nothing changed


def test_a_target_date_cannot_be_in_the_past(idea, bob):
    with pytest.raises(ValidationError):
        lifecycle.set_target_date(
            idea=idea, by=bob, target_date=timezone.localdate() - datetime.timedelta(1)
        )
    date = timezone.localdate() + datetime.timedelta(days=14)
    event = lifecycle.set_target_date(idea=idea, by=bob, target_date=date)
    assert event.data == {"target_date": date.isoformat()}
    idea.refresh_from_db()
    assert idea.target_date == date


# --- Through the views ------------------------------------------------------------


def status_url(idea):
    return reverse("ideas:idea_status", args=[idea.pk])


def test_a_plain_form_moves_the_idea_and_redirects_with_a_message(client, idea, bob):
    client.force_login(bob)
    response = client.post(status_url(idea), {"to": "planned", "note": "Next quarter"}, follow=True)
    assert response.redirect_chain[-1][0] == idea.get_absolute_url()
    assert "Moved to planned." in [str(m) for m in response.context["messages"]]
    idea.refresh_from_db()
    assert idea.status == Status.PLANNED


def test_a_plain_form_with_a_bad_move_shows_the_error_and_keeps_the_note(client, idea, bob):
    client.force_login(bob)
    response = client.post(status_url(idea), {"to": "declined", "note": "", "impact": ""})
    assert response.status_code == 400
    assert "Write a short public note" in response.content.decode()
    response = client.post(status_url(idea), {"to": "done", "note": "Shipped it"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "Say what changed for customers." in body
    assert "Shipped it" in body


def test_next_may_only_point_inside_the_site(client, idea, bob):
    client.force_login(bob)
    data = {"to": "planned", "next": "https://evil.example.com/"}
    response = client.post(status_url(idea), data)
    assert response["Location"] == idea.get_absolute_url()


def test_the_panel_is_swapped_in_place_with_the_timeline(client, idea, bob):
    client.force_login(bob)
    response = client.post(
        status_url(idea),
        {"to": "under_review", "note": "Looking"},
        headers={"HX-Request": "true", "HX-Target": "manage-panel"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="manage-panel"' in body
    assert (
        'id="timeline" class="timeline-section" aria-labelledby="timeline-heading" hx-swap-oob'
        in (body)
    )
    assert "Looking" in body


def test_the_panel_shows_errors_in_place_and_keeps_the_note(client, idea, bob):
    client.force_login(bob)
    response = client.post(
        status_url(idea),
        {"to": "done", "note": "Rolled out"},
        headers={"HX-Request": "true", "HX-Target": "manage-panel"},
    )
    body = response.content.decode()
    assert "Say what changed for customers." in body
    assert "Rolled out</textarea>" in body


def test_the_triage_quick_action_answers_with_the_moved_row(client, idea, bob):
    client.force_login(bob)
    response = client.post(
        status_url(idea),
        {"to": "under_review", "note": "", "reply": "triage"},
        headers={"HX-Request": "true", "HX-Target": f"triage-{idea.pk}"},
    )
    body = response.content.decode()
    assert f'id="triage-{idea.pk}"' in body
    assert "Moved to under review." in body


def test_the_owner_form_assigns_any_employee_by_email(client, idea, bob, dave):
    client.force_login(bob)
    url = reverse("ideas:idea_owner", args=[idea.pk])
    response = client.post(url, {"owner": "nobody@example.com"})
    assert response.status_code == 400
    assert "No employee has that email address." in response.content.decode()
    date = timezone.localdate() + datetime.timedelta(days=10)
    client.post(url, {"owner": "DAVE@example.com", "target_date": date.isoformat()})
    idea.refresh_from_db()
    assert (idea.owner, idea.target_date) == (dave, date)
    kinds = list(idea.events.values_list("kind", flat=True))
    assert kinds == ["submitted", "owner_assigned", "target_date_set"]


def test_the_owner_form_saves_neither_when_the_date_is_wrong(client, idea, bob, dave):
    client.force_login(bob)
    past = timezone.localdate() - datetime.timedelta(days=3)
    response = client.post(
        reverse("ideas:idea_owner", args=[idea.pk]),
        {"owner": dave.email, "target_date": past.isoformat()},
    )
    assert "cannot be in the past" in response.content.decode()
    idea.refresh_from_db()
    assert idea.owner is None


def test_the_status_form_page_only_offers_allowed_moves(client, alice, bob):
    idea = submitted_idea(alice, status=Status.PLANNED)
    client.force_login(bob)
    body = client.get(status_url(idea)).content.decode()
    assert 'value="in_progress"' in body
    assert 'value="done"' in body
    assert 'value="under_review"' not in body
    assert 'value="merged"' not in body


def test_the_idea_page_shows_the_panel_only_to_those_who_may_act(client, idea, bob, dave):
    client.force_login(bob)
    body = client.get(idea.get_absolute_url()).content.decode()
    assert 'id="manage-panel"' in body
    assert 'id="timeline"' in body
    client.force_login(dave)
    body = client.get(idea.get_absolute_url()).content.decode()
    assert 'id="manage-panel"' not in body
    assert 'id="timeline"' in body
