"""/manage/: a manager's triage queue for their area, awaiting triage, oldest first,
escalations marked, with the counts a manager decides by."""

import pytest
from django.urls import reverse

from ideas.models import Escalation, Evidence, Idea, Status
from tests.factories import ObservationFactory
from tests.ideas.lifecycle_helpers import (
    days_ago,
    submitted_idea,
)

URL = reverse("ideas:manage")


def queue(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return [idea.title for idea in response.context["page"]]


@pytest.fixture
def leeds_and_bristol(alice, dave):
    return (
        submitted_idea(alice, title="Leeds idea", created_at=days_ago(2)),
        submitted_idea(dave, title="Bristol idea", created_at=days_ago(1)),
    )


@pytest.mark.parametrize("persona", ["alice", "dave"])
def test_staff_get_a_clear_403(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL)
    assert response.status_code == 403
    assert "for managers and CX leads" in response.content.decode()


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    assert client.get(URL)["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize(
    ("persona", "titles"),
    [
        ("bob", ["Leeds idea"]),
        ("nora", ["Leeds idea"]),
        ("erin", ["Bristol idea"]),
        ("carol", ["Leeds idea", "Bristol idea"]),
    ],
)
def test_each_manager_sees_their_area_and_cx_leads_everything(
    client, request, persona, titles, leeds_and_bristol
):
    assert queue(client, request.getfixturevalue(persona)) == titles


def test_only_ideas_awaiting_triage_oldest_first(client, alice, bob):
    submitted_idea(alice, title="Newer", created_at=days_ago(1))
    submitted_idea(alice, title="Older", created_at=days_ago(9))
    submitted_idea(alice, title="Planned", status=Status.PLANNED, created_at=days_ago(20))
    submitted_idea(alice, title="Hidden", is_hidden=True, created_at=days_ago(20))
    assert queue(client, bob) == ["Older", "Newer"]


def test_escalated_ideas_are_marked_until_resolved(client, alice, bob, leeds):
    idea = submitted_idea(alice, title="Waiting")
    quiet = submitted_idea(alice, title="Quiet")
    Escalation.objects.create(idea=idea, rule="unanswered", team=leeds, manager=bob)
    client.force_login(bob)
    body = client.get(URL).content.decode()
    assert f'id="triage-{idea.pk}" class="card triage-row is-escalated"' in body
    assert f'id="triage-{quiet.pk}" class="card triage-row"' in body
    Escalation.objects.update(resolved_at=idea.created_at)
    assert "is-escalated" not in client.get(URL).content.decode()


def test_the_counts_a_manager_decides_by(client, alice, bob, dave):
    idea = submitted_idea(alice, votes=[bob, dave])
    for seen in (3, 4):
        observation = ObservationFactory(seen_count=seen)
        Evidence.objects.create(idea=idea, observation=observation)
    Idea.objects.filter(pk=idea.pk).update(evidence_count=2)
    client.force_login(bob)
    response = client.get(URL)
    row = response.context["page"][0]
    assert (row.vote_count, row.evidence_count, row.seen_total) == (3, 2, 7)
    body = response.content.decode()
    assert "<strong>3</strong> votes" in body
    assert "<strong>7</strong> “seen this too”" in body


def test_the_quick_action_moves_an_idea_to_under_review_without_javascript(client, alice, bob):
    idea = submitted_idea(alice)
    client.force_login(bob)
    response = client.post(
        reverse("ideas:idea_status", args=[idea.pk]),
        {"to": "under_review", "note": "On it", "next": URL},
    )
    assert response["Location"] == URL
    idea.refresh_from_db()
    assert idea.status == Status.UNDER_REVIEW


@pytest.mark.parametrize("size", [2, 40])
def test_the_queue_runs_a_fixed_number_of_queries(
    client, alice, bob, dave, size, django_assert_num_queries
):
    for n in range(size):
        idea = submitted_idea(alice, votes=[bob], created_at=days_ago(n + 1))
        Evidence.objects.create(idea=idea, observation=ObservationFactory(author=dave))
        if n % 3 == 0:
            Escalation.objects.create(idea=idea, rule="unanswered", team=alice.team)
    client.force_login(bob)
    # session + user (2); bob's managed team paths, read once for "may he triage", his
    # area's filter and the navigation (1); the count (1); the unread count (1); the
    # page of ideas with routed team, its manager and category joined in and the open
    # escalation and "seen this too" total as subqueries (1); the open escalations of
    # that page with their managers, prefetched (1) = 7.
    with django_assert_num_queries(7):
        response = client.get(URL)
    assert len(response.context["page"]) == min(size, 25)


def test_a_failed_quick_action_shows_the_error_in_the_row_and_keeps_the_note(
    client, alice, bob, leeds
):
    idea = submitted_idea(alice)
    Escalation.objects.create(idea=idea, rule="unanswered", team=leeds)
    Idea.objects.filter(pk=idea.pk).update(status=Status.MERGED)  # merged meanwhile
    client.force_login(bob)
    response = client.post(
        reverse("ideas:idea_status", args=[idea.pk]),
        {"to": "under_review", "note": "Checking with the store", "reply": "triage"},
        headers={"HX-Request": "true", "HX-Target": f"triage-{idea.pk}"},
    )
    body = response.content.decode()
    assert "merged into another one" in body
    assert 'value="Checking with the store"' in body
    assert "is-escalated" in body


def test_a_move_from_the_queue_updates_the_awaiting_triage_count_in_place(
    client, bob, leeds_and_bristol, alice
):
    leeds, _ = leeds_and_bristol
    submitted_idea(alice, title="Another Leeds idea")
    client.force_login(bob)
    page = client.get(URL).content.decode()
    assert '<p class="meta" id="triage-count">2 ideas awaiting triage.</p>' in page
    response = client.post(
        reverse("ideas:idea_status", args=[leeds.pk]),
        {"to": "under_review", "note": "", "reply": "triage"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert "Moved to under review." in body
    assert '<p class="meta" id="triage-count" hx-swap-oob="true">1 idea awaiting triage.</p>' in (
        body
    )


def test_the_queues_form_asks_for_the_row_back(client, bob, leeds_and_bristol):
    client.force_login(bob)
    assert '<input type="hidden" name="reply" value="triage">' in client.get(URL).content.decode()
