"""A plain form (no JavaScript) goes back to its `next` only when that is a path on
this site; anything else goes to the post's page. Either way the change it made is
made exactly once: a bad `next` never turns a saved change into an error page."""

import pytest
from django.test import RequestFactory

from forum.navigation import is_local_path, safe_next
from ideas.models import Follow, IdeaEvent, SeenThisToo, Status, Vote
from notifications.models import Notification
from tests.factories import ObservationFactory
from tests.ideas.lifecycle_helpers import submitted_idea

# (posted next, where the answer sends the person); None: the post's own page.
NEXTS = [
    ("abc", None),
    ("home", None),  # a view name: redirect() would reverse it
    ("//evil.example", None),
    ("/\\evil.example", None),
    ("https://evil.example/x", None),
    ("http://testserver/ideas/", None),
    ("/ideas/1/", "/ideas/1/"),
    ("/ideas/?page=2#vote-3", "/ideas/?page=2#vote-3"),
]


@pytest.fixture
def idea(dave):
    """Dave's idea, routed to the Bristol contact centre (erin manages it)."""
    return submitted_idea(dave, title="Text customers when the engineer is on the way")


@pytest.fixture
def observation(dave):
    return ObservationFactory(author=dave)


def answer_goes_to(response, expected):
    assert response.status_code == 302
    assert response.headers["Location"] == expected


@pytest.mark.parametrize(("next_url", "goes_to"), NEXTS)
def test_a_vote_goes_back_to_a_local_next_only(client, alice, idea, next_url, goes_to):
    client.force_login(alice)

    response = client.post(f"/ideas/{idea.pk}/vote/", {"next": next_url})

    # Back at the idea's vote button, unless the way back names its own place.
    back = goes_to or f"/ideas/{idea.pk}/"
    answer_goes_to(response, back if "#" in back else f"{back}#vote-{idea.pk}")
    assert Vote.objects.filter(idea=idea, user=alice).count() == 1


@pytest.mark.parametrize(("next_url", "goes_to"), NEXTS)
def test_a_follow_goes_back_to_a_local_next_only(client, alice, idea, next_url, goes_to):
    client.force_login(alice)

    response = client.post(f"/ideas/{idea.pk}/follow/", {"next": next_url})

    answer_goes_to(response, goes_to or f"/ideas/{idea.pk}/")
    assert Follow.objects.filter(idea=idea, user=alice).count() == 1


@pytest.mark.parametrize(("next_url", "goes_to"), NEXTS)
def test_seen_this_too_goes_back_to_a_local_next_only(
    client, alice, observation, next_url, goes_to
):
    client.force_login(alice)

    response = client.post(f"/observations/{observation.pk}/seen/", {"next": next_url})

    answer_goes_to(response, goes_to or f"/observations/{observation.pk}/")
    assert SeenThisToo.objects.filter(observation=observation, user=alice).count() == 1


@pytest.mark.parametrize(("next_url", "goes_to"), NEXTS)
def test_a_status_change_goes_back_to_a_local_next_only(client, erin, idea, next_url, goes_to):
    client.force_login(erin)

    response = client.post(
        f"/ideas/{idea.pk}/status/", {"to": Status.UNDER_REVIEW, "note": "", "next": next_url}
    )

    answer_goes_to(response, goes_to or f"/ideas/{idea.pk}/")
    idea.refresh_from_db()
    assert idea.status == Status.UNDER_REVIEW
    assert idea.events.filter(kind=IdeaEvent.Kind.STATUS_CHANGED).count() == 1


@pytest.mark.parametrize(("next_url", "goes_to"), NEXTS)
def test_an_owner_change_goes_back_to_a_local_next_only(
    client, erin, dave, idea, next_url, goes_to
):
    client.force_login(erin)

    response = client.post(
        f"/ideas/{idea.pk}/owner/", {"owner": dave.email, "target_date": "", "next": next_url}
    )

    answer_goes_to(response, goes_to or f"/ideas/{idea.pk}/")
    idea.refresh_from_db()
    assert idea.owner == dave
    assert idea.events.filter(kind=IdeaEvent.Kind.OWNER_ASSIGNED).count() == 1


@pytest.mark.parametrize(("next_url", "goes_to"), NEXTS)
def test_a_reroute_goes_back_to_a_local_next_only(client, carol, south, idea, next_url, goes_to):
    client.force_login(carol)

    response = client.post(
        f"/ideas/{idea.pk}/route/", {"team": south.pk, "note": "Region", "next": next_url}
    )

    answer_goes_to(response, goes_to or f"/ideas/{idea.pk}/")
    idea.refresh_from_db()
    assert idea.routed_team == south
    assert idea.events.filter(kind=IdeaEvent.Kind.ROUTED).count() == 1


@pytest.mark.parametrize(("next_url", "goes_to"), NEXTS)
def test_the_status_form_page_cancels_to_a_local_next_only(client, erin, idea, next_url, goes_to):
    client.force_login(erin)

    response = client.get(f"/ideas/{idea.pk}/status/", {"next": next_url})

    assert response.status_code == 200
    back = goes_to or f"/ideas/{idea.pk}/"
    assert response.context["next"] == back
    assert f'<input type="hidden" name="next" value="{back}">' in response.content.decode()


@pytest.mark.parametrize(("url", "goes_to"), NEXTS)
def test_opening_a_notification_goes_to_its_local_link_only(client, alice, url, goes_to):
    note = Notification.objects.create(recipient=alice, kind="comment", text="x", url=url)
    client.force_login(alice)

    response = client.get(f"/notifications/{note.pk}/")

    answer_goes_to(response, goes_to or "/notifications/")
    note.refresh_from_db()
    assert note.is_read


@pytest.mark.parametrize(("next_url", "goes_to"), NEXTS)
def test_logging_in_goes_to_a_local_next_only(client, alice, password, next_url, goes_to):
    response = client.post(
        "/accounts/login/", {"login": alice.email, "password": password, "next": next_url}
    )

    answer_goes_to(response, goes_to or "/")
    assert response.wsgi_request.user == alice  # the log-in itself worked


def test_safe_next_reads_the_posted_next_before_the_query_string():
    request = RequestFactory().post("/x/?next=/from-query/", {"next": "/posted/"})
    assert safe_next(request, "/default/") == "/posted/"
    request = RequestFactory().post("/x/?next=/from-query/", {})
    assert safe_next(request, "/default/") == "/from-query/"
    assert safe_next(RequestFactory().post("/x/"), "/default/") == "/default/"


def test_over_https_a_local_path_is_still_local():
    request = RequestFactory().get("/", secure=True)
    assert is_local_path(request, "/ideas/")
    assert not is_local_path(request, "http://testserver/ideas/")
    assert not is_local_path(request, "")
