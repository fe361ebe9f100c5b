"""/notifications/: the list, the unread count, mark read and mark all read."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template
from django.test import RequestFactory

from notifications.context_processors import unread_count
from notifications.models import Notification


def notify(user, count, **fields):
    Notification.objects.bulk_create(
        Notification(recipient=user, kind="comment", text=f"Note {n}", url="/ideas/1/", **fields)
        for n in range(count)
    )


@pytest.fixture
def notified_alice(alice, dave):
    notify(alice, 3)
    notify(dave, 2)  # someone else's: never shown to alice
    return alice


def test_the_list_needs_a_login(client, db):
    response = client.get("/notifications/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_the_list_shows_my_notifications_newest_first_with_the_unread_count(client, notified_alice):
    Notification.objects.filter(recipient=notified_alice, text="Note 0").update(
        read_at="2026-01-01T00:00Z"
    )
    client.force_login(notified_alice)
    response = client.get("/notifications/")
    assert response.status_code == 200
    items = [n.text for n in response.context["page"].object_list]
    assert items == ["Note 2", "Note 1", "Note 0"]
    html = response.text
    assert 'id="unread-count">2<' in html
    assert html.count('class="notification unread"') == 2
    assert html.count("Mark read") == 2 and "Mark all read" in html


def test_the_list_is_paginated_by_30(client, alice):
    notify(alice, 31)
    client.force_login(alice)
    assert len(client.get("/notifications/").context["page"].object_list) == 30
    assert len(client.get("/notifications/?page=2").context["page"].object_list) == 1


@pytest.mark.parametrize("size", [3, 60])
def test_the_list_runs_a_fixed_number_of_queries(client, alice, size, django_assert_num_queries):
    notify(alice, size)
    client.force_login(alice)
    # session + user (2); the paginator's count (1); navigation: alice's managed team
    # paths, the unread count (2); the page of notifications (1) = 6, whatever the
    # number of notifications.
    with django_assert_num_queries(6):
        response = client.get("/notifications/")
    assert response.status_code == 200


def test_the_unread_count_is_one_query_however_often_it_is_shown(
    notified_alice, django_assert_num_queries
):
    request = RequestFactory().get("/")
    request.user = notified_alice
    template = Template("{{ unread_notifications }} {% if unread_notifications %}new{% endif %}")
    with django_assert_num_queries(1):
        assert template.render(Context(unread_count(request))) == "3 new"
        assert template.render(Context(unread_count(request))) == "3 new"


def test_the_unread_count_costs_nothing_for_anonymous_visitors(db, django_assert_num_queries):
    request = RequestFactory().get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert unread_count(request) == {"unread_notifications": 0}


def test_mark_read_with_a_plain_form_redirects_back(client, notified_alice):
    note = notified_alice.notifications.first()
    client.force_login(notified_alice)
    response = client.post(f"/notifications/{note.pk}/read/", {"page": "1"})
    assert response.status_code == 302 and response["Location"] == "/notifications/?page=1"
    note.refresh_from_db()
    assert note.is_read
    assert notified_alice.notifications.unread().count() == 2


def test_mark_read_with_htmx_swaps_the_item_and_the_nav_count(client, notified_alice):
    note = notified_alice.notifications.first()
    client.force_login(notified_alice)
    response = client.post(f"/notifications/{note.pk}/read/", headers={"HX-Request": "true"})
    assert response.status_code == 200
    html = response.text
    assert f'id="notification-{note.pk}" class="notification"' in html
    assert "Mark read" not in html
    assert 'id="unread-count" hx-swap-oob="true">2<' in html


def test_i_cannot_mark_someone_elses_notification(client, notified_alice, dave):
    theirs = dave.notifications.first()
    client.force_login(notified_alice)
    assert client.post(f"/notifications/{theirs.pk}/read/").status_code == 404
    theirs.refresh_from_db()
    assert not theirs.is_read


def test_mark_read_needs_a_post(client, notified_alice):
    client.force_login(notified_alice)
    note = notified_alice.notifications.first()
    assert client.get(f"/notifications/{note.pk}/read/").status_code == 405


def test_mark_all_read_marks_only_mine(client, notified_alice, dave):
    client.force_login(notified_alice)
    response = client.post("/notifications/read-all/")
    assert response.status_code == 302
    assert notified_alice.notifications.unread().count() == 0
    assert dave.notifications.unread().count() == 2


def test_mark_all_read_with_htmx_swaps_the_list_and_hides_the_count(client, notified_alice):
    client.force_login(notified_alice)
    response = client.post("/notifications/read-all/", headers={"HX-Request": "true"})
    html = response.text
    assert html.lstrip().startswith('<section id="notification-list"')
    assert "Mark read" not in html and "Mark all read" not in html
    assert 'id="unread-count" hx-swap-oob="true" hidden>0<' in html


def test_opening_a_notification_marks_it_read_and_goes_to_its_page(client, notified_alice):
    note = notified_alice.notifications.first()
    client.force_login(notified_alice)
    response = client.get(f"/notifications/{note.pk}/")
    assert response.status_code == 302 and response["Location"] == "/ideas/1/"
    note.refresh_from_db()
    assert note.is_read


def test_opening_never_redirects_off_site(client, alice):
    note = Notification.objects.create(
        recipient=alice, kind="comment", text="x", url="//evil.test/"
    )
    client.force_login(alice)
    assert client.get(f"/notifications/{note.pk}/")["Location"] == "/notifications/"
