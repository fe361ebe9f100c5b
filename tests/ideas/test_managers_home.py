"""A manager's home page: their queue first -- the ideas awaiting a first answer with
their due dates, overdue ones marked, open escalations -- with one-click moves that
work in place (htmx) and without JavaScript."""

import pytest
from django.urls import reverse

from ideas.models import Escalation, Idea, Status
from tests.ideas.lifecycle_helpers import days_ago, submitted_idea


def home(client, user):
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    return response


@pytest.fixture
def leeds_queue(alice, dave, leeds):
    """In Leeds: an overdue idea, a fresh one, and an answered one escalated as
    popular; in Bristol, one bob does not manage."""
    overdue = submitted_idea(alice, title="Overdue idea", created_at=days_ago(9))
    fresh = submitted_idea(alice, title="Fresh idea", created_at=days_ago(1))
    popular = submitted_idea(
        alice, title="Popular idea", status=Status.PLANNED, first_response_at=days_ago(3)
    )
    Escalation.objects.create(idea=popular, rule="popular", team=leeds)
    submitted_idea(dave, title="Bristol idea", created_at=days_ago(9))
    return overdue, fresh, popular


def test_a_managers_queue_comes_first_soonest_due_first(client, bob, leeds_queue):
    response = home(client, bob)
    queue = response.context["queue"]
    assert [i.title for i in queue["awaiting"]] == ["Overdue idea", "Fresh idea"]
    assert [i.title for i in queue["escalated"]] == ["Popular idea"]
    assert queue["counts"] == {"awaiting": 2, "overdue": 1, "escalated": 1}
    page = response.content.decode()
    assert page.index("Your queue") < page.index("Trending across the company")
    bristol = Idea.objects.get(title="Bristol idea")
    assert f'id="queue-{bristol.pk}"' not in page  # on the page only as trending


def test_overdue_ideas_are_marked_with_their_due_date(client, bob, leeds_queue):
    overdue, fresh, _ = leeds_queue
    page = home(client, bob).content.decode()
    assert f'id="queue-{overdue.pk}" class="card queue-row is-overdue"' in page
    assert f'id="queue-{fresh.pk}" class="card queue-row"' in page
    due = f"{fresh.answer_due_on:%a} {fresh.answer_due_on.day} {fresh.answer_due_on:%b}"
    assert "Waiting for your first answer · due <time datetime=" in page
    assert f">{due}</time>" in page
    assert '<strong class="overdue">overdue</strong>' in page


def test_open_escalations_say_to_whom_they_went(client, bob, leeds_queue):
    _, _, popular = leeds_queue
    Escalation.objects.filter(idea=popular).update(manager=bob)
    page = home(client, bob).content.decode()
    assert "Other open escalations" in page
    assert "Escalated (popular) to Bob Baker on" in page


def test_a_cx_lead_gets_the_queue_of_the_whole_company(client, carol, leeds_queue):
    titles = [i.title for i in home(client, carol).context["queue"]["awaiting"]]
    assert titles == ["Overdue idea", "Bristol idea", "Fresh idea"]


@pytest.mark.parametrize("persona", ["alice", "dave"])
def test_everyone_else_gets_no_queue(client, request, persona, leeds_queue):
    response = home(client, request.getfixturevalue(persona))
    assert response.context["queue"] is None
    assert "Your queue" not in response.content.decode()


def test_a_manager_with_nothing_waiting_is_told_so(client, bob):
    page = home(client, bob).content.decode()
    assert "Nothing is waiting: every idea in your area has had a first answer." in page


def test_the_one_click_move_is_the_same_form_as_the_triage_queues(client, bob, leeds_queue):
    overdue, _, popular = leeds_queue
    page = home(client, bob).content.decode()
    url = reverse("ideas:idea_status", args=[overdue.pk])
    assert (
        f'<form method="post" class="queue-action" action="{url}" hx-post="{url}" '
        f'hx-target="#queue-{overdue.pk}" hx-swap="outerHTML">'
    ) in page
    assert '<input type="hidden" name="reply" value="home">' in page
    # A planned idea has no "under review" to go to: its page has the manage panel.
    assert f'href="{popular.get_absolute_url()}#manage-panel">Answer on its page' in page


def test_the_one_click_move_answers_with_the_row_and_the_counts(client, bob, leeds_queue):
    overdue, _, _ = leeds_queue
    client.force_login(bob)
    response = client.post(
        reverse("ideas:idea_status", args=[overdue.pk]),
        {"to": "under_review", "next": "/", "reply": "home"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert f'<li id="queue-{overdue.pk}" class="card queue-row is-done" role="status">' in body
    assert "Moved to under review." in body
    assert 'id="queue-counts" aria-label="Your queue in numbers" hx-swap-oob="true"' in body
    assert "<strong>1</strong> awaiting a first answer" in body
    assert "<strong>0</strong> overdue" in body
    assert Idea.objects.get(pk=overdue.pk).status == Status.UNDER_REVIEW


def test_a_failed_one_click_move_shows_why_in_the_row(client, bob, leeds_queue):
    overdue, _, _ = leeds_queue
    Idea.objects.filter(pk=overdue.pk).update(status=Status.MERGED)  # merged meanwhile
    client.force_login(bob)
    response = client.post(
        reverse("ideas:idea_status", args=[overdue.pk]),
        {"to": "under_review", "next": "/", "reply": "home"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    assert f'id="queue-{overdue.pk}"' in body
    assert 'class="errorlist"' in body
    assert Idea.objects.get(pk=overdue.pk).status == Status.MERGED


def test_without_javascript_the_move_returns_home_with_a_message(client, bob, leeds_queue):
    overdue, _, _ = leeds_queue
    client.force_login(bob)
    response = client.post(
        reverse("ideas:idea_status", args=[overdue.pk]),
        {"to": "under_review", "next": "/", "reply": "home"},
        follow=True,
    )
    assert response.redirect_chain == [("/", 302)]
    assert "Moved to under review." in response.content.decode()


def test_staff_may_not_make_the_move(client, alice, leeds_queue):
    overdue, _, _ = leeds_queue
    client.force_login(alice)
    response = client.post(
        reverse("ideas:idea_status", args=[overdue.pk]),
        {"to": "under_review", "next": "/", "reply": "home"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 403
    assert Idea.objects.get(pk=overdue.pk).status == Status.SUBMITTED
