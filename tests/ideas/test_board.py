"""/manage/board/: the ideas of a manager's area in columns by status, moved with a
note through a dialog (htmx) or a page (without JavaScript)."""

import pytest
from django.urls import reverse
from django.utils import timezone

from ideas.models import Escalation, Idea, Status
from ideas.views.manage import COLUMN_CAP
from tests.ideas.lifecycle_helpers import (
    days_ago,
    submitted_idea,
)

URL = reverse("ideas:board")


def columns(client, user):
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    return {c["status"]: [i.title for i in c["cards"]] for c in response.context["columns"]}


@pytest.mark.parametrize("persona", ["alice", "dave"])
def test_staff_get_a_clear_403(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(URL)
    assert response.status_code == 403
    assert "Managers only" in response.content.decode()


def test_ideas_sit_in_their_status_column_for_the_managers_area(client, alice, dave, bob):
    for status in Status:
        submitted_idea(alice, title=f"Leeds {status}", status=status)
    submitted_idea(dave, title="Bristol submitted")
    board = columns(client, bob)
    assert list(board) == [
        "submitted",
        "under_review",
        "planned",
        "in_progress",
        "done",
        "declined",
    ]
    assert board == {status: [f"Leeds {status}"] for status in board}


def test_open_columns_show_the_longest_waiting_first_and_closed_the_latest(client, alice, bob):
    for title, status, days in [
        ("Planned lately", "planned", 1),
        ("Planned long ago", "planned", 30),
        ("Done long ago", "done", 30),
        ("Done lately", "done", 1),
    ]:
        submitted_idea(alice, title=title, status=status, status_changed_at=days_ago(days))
    board = columns(client, bob)
    assert board["planned"] == ["Planned long ago", "Planned lately"]
    assert board["done"] == ["Done lately", "Done long ago"]


def test_each_column_is_capped_with_a_link_to_the_full_list(client, alice, bob, leeds):
    now = timezone.now()
    Idea.objects.bulk_create(
        [
            Idea(
                author=alice,
                team=leeds,
                routed_team=leeds,
                title=f"Idea {n}",
                problem="p",
                proposal="p",
                status=Status.PLANNED,
                status_changed_at=now,
            )
            for n in range(COLUMN_CAP + 3)
        ]
    )
    client.force_login(bob)
    response = client.get(URL)
    planned = response.context["columns"][2]
    assert (len(planned["cards"]), planned["total"]) == (COLUMN_CAP, COLUMN_CAP + 3)
    assert f'href="/ideas/?status=planned&amp;team={leeds.pk}">All 28 planned' in (
        response.content.decode()
    )


def test_cards_carry_a_move_control_that_works_with_and_without_javascript(client, alice, bob):
    idea = submitted_idea(alice)
    client.force_login(bob)
    body = client.get(URL).content.decode()
    link = reverse("ideas:idea_status", args=[idea.pk]) + "?next=/manage/board/"
    assert f'href="{link}" hx-get="{link}" hx-target="#move-dialog-body"' in body
    assert '<dialog id="move-dialog"' in body
    assert "js/board.js" in body


def test_the_dialog_loads_the_status_form(client, alice, bob):
    idea = submitted_idea(alice)
    client.force_login(bob)
    response = client.get(
        reverse("ideas:idea_status", args=[idea.pk]) + "?next=/manage/board/",
        headers={"HX-Request": "true", "HX-Target": "move-dialog-body"},
    )
    body = response.content.decode()
    assert "<html" not in body
    assert f'hx-target="#card-{idea.pk}"' in body
    assert 'name="note"' in body
    assert 'value="/manage/board/"' in body


def test_a_move_from_the_dialog_sends_the_card_to_its_new_column(client, alice, bob):
    idea = submitted_idea(alice)
    client.force_login(bob)
    response = client.post(
        reverse("ideas:idea_status", args=[idea.pk]),
        {"to": "planned", "note": "Next sprint", "reply": "card"},
        headers={"HX-Request": "true", "HX-Target": f"card-{idea.pk}"},
    )
    body = response.content.decode()
    assert body.strip().startswith('<div hx-swap-oob="afterbegin:#column-planned">')
    assert f'id="card-{idea.pk}"' in body


def test_a_failed_move_from_the_dialog_goes_back_into_the_dialog(client, alice, bob):
    idea = submitted_idea(alice)
    client.force_login(bob)
    response = client.post(
        reverse("ideas:idea_status", args=[idea.pk]),
        {"to": "declined", "note": "", "reply": "card"},
        headers={"HX-Request": "true", "HX-Target": f"card-{idea.pk}"},
    )
    assert response["HX-Retarget"] == "#move-dialog-body"
    assert response["HX-Reswap"] == "innerHTML"
    assert "Write a short public note" in response.content.decode()


def test_a_move_without_javascript_returns_to_the_board(client, alice, bob):
    idea = submitted_idea(alice)
    client.force_login(bob)
    response = client.post(
        reverse("ideas:idea_status", args=[idea.pk]),
        {"to": "in_progress", "note": "", "next": URL},
    )
    assert response["Location"] == URL


@pytest.mark.parametrize("per_status", [1, 40])
def test_the_board_runs_a_fixed_number_of_queries(
    client, alice, bob, dave, leeds, per_status, django_assert_num_queries
):
    ideas = Idea.objects.bulk_create(
        [
            Idea(
                author=alice,
                team=leeds,
                routed_team=leeds,
                title="t",
                problem="p",
                proposal="p",
                status=status,
                owner=dave if n % 2 else None,
            )
            for status in Status
            for n in range(per_status)
        ]
    )
    Escalation.objects.create(idea=ideas[0], rule="unanswered", team=leeds)
    client.force_login(bob)
    # session + user (2); bob's managed team paths, read once for "may he triage", his
    # area's filter, the columns' links and the navigation (1); the open cards (one
    # window query for all open columns) (1); the recent done and declined (one window
    # query) (1); the counts per column (1); the unread count (1) = 7.
    with django_assert_num_queries(7):
        response = client.get(URL)
    shown = sum(len(c["cards"]) for c in response.context["columns"])
    assert shown == 6 * min(per_status, COLUMN_CAP)


def test_a_move_from_the_dialog_updates_every_columns_count_in_place(client, alice, bob):
    moved = submitted_idea(alice)
    submitted_idea(alice, status=Status.PLANNED)
    client.force_login(bob)
    response = client.post(
        reverse("ideas:idea_status", args=[moved.pk]),
        {"to": "planned", "note": "Next sprint", "reply": "card"},
        headers={"HX-Request": "true"},
    )
    body = response.content.decode()
    counts = {
        status: f'<span class="board-count" id="column-{status}-count" hx-swap-oob="true">{n}'
        for status, n in [
            ("submitted", 0),
            ("under_review", 0),
            ("planned", 2),
            ("in_progress", 0),
            ("done", 0),
            ("declined", 0),
        ]
    }
    for status, span in counts.items():
        assert span in body, status


def test_the_board_shows_each_columns_count_where_a_move_updates_it(client, alice, bob):
    submitted_idea(alice)
    client.force_login(bob)
    body = client.get(URL).content.decode()
    assert (
        '<span class="board-count" id="column-submitted-count">1'
        '<span class="visually-hidden"> idea</span></span>'
    ) in body
    assert '<span class="board-count" id="column-planned-count">0' in body


def test_the_dialogs_form_asks_for_the_card_back(client, alice, bob):
    idea = submitted_idea(alice)
    client.force_login(bob)
    response = client.get(
        reverse("ideas:idea_status", args=[idea.pk]) + "?next=/manage/board/",
        headers={"HX-Request": "true"},
    )
    assert '<input type="hidden" name="reply" value="card">' in response.content.decode()


def test_the_posted_reply_decides_the_answer_not_the_target(client, alice, bob):
    idea = submitted_idea(alice)
    client.force_login(bob)
    response = client.post(
        reverse("ideas:idea_status", args=[idea.pk]),
        {"to": "planned", "note": "", "reply": "card"},
        headers={"HX-Request": "true", "HX-Target": "manage-panel"},
    )
    assert 'hx-swap-oob="afterbegin:#column-planned"' in response.content.decode()


def test_the_board_is_a_focusable_scrolling_region(client, alice, bob):
    client.force_login(bob)
    body = client.get(URL).content.decode()
    assert 'class="board" id="board" role="region" aria-label="Columns by status" tabindex="0"' in (
        body
    )
