""" "Seen this too": a colleague's corroboration of an observation, one per person,
toggled and counted."""

import pytest
from django.core.exceptions import PermissionDenied
from django.template.loader import render_to_string
from django.urls import reverse

from ideas.models import Observation, SeenThisToo
from ideas.reactions import toggle_seen_this_too
from tests.factories import ObservationFactory, UserFactory
from tests.toggles import Toggle, toggle

HTMX = {"HX-Request": "true"}


@pytest.fixture
def observation(dave):
    return ObservationFactory(author=dave, what_happened="Customer waited 40 minutes on hold")


def seen_url(observation):
    return reverse("ideas:observation_seen", args=[observation.pk])


def test_marking_seen_this_too_counts(observation, alice):
    assert toggle_seen_this_too(observation=observation, by=alice) is True

    observation.refresh_from_db()
    assert observation.seen_count == 1
    assert SeenThisToo.objects.filter(observation=observation, user=alice).exists()


def test_marking_again_takes_it_back(observation, alice):
    toggle_seen_this_too(observation=observation, by=alice)

    assert toggle_seen_this_too(observation=observation, by=alice) is False

    observation.refresh_from_db()
    assert observation.seen_count == 0
    assert not SeenThisToo.objects.exists()


def test_colleagues_add_up(observation, alice, bob, carol):
    for person in (alice, bob, carol):
        toggle_seen_this_too(observation=observation, by=person)

    observation.refresh_from_db()
    assert observation.seen_count == 3


def test_authors_cannot_corroborate_their_own_observation(observation, dave):
    with pytest.raises(PermissionDenied):
        toggle_seen_this_too(observation=observation, by=dave)

    assert not SeenThisToo.objects.exists()


def test_the_author_sees_the_count_but_no_button(observation, dave, rf):
    Observation.objects.filter(pk=observation.pk).update(seen_count=2)
    annotated = Observation.objects.with_seen_by(dave).get(pk=observation.pk)
    request = rf.get("/")
    request.user = dave

    html = render_to_string(
        "ideas/_seen_button.html", {"observation": annotated, "user": dave}, request=request
    )

    assert "<button" not in html
    assert "2</span> colleagues" in html


def test_the_button_is_post_only(client, observation, alice):
    client.force_login(alice)

    assert client.get(seen_url(observation)).status_code == 405


def test_a_visitor_is_sent_to_log_in(client, observation):
    response = client.post(seen_url(observation))

    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("account_login"))


def test_an_unverified_account_cannot_mark_it(client, observation):
    client.force_login(UserFactory(verified=False))

    client.post(seen_url(observation))

    assert not SeenThisToo.objects.exists()


def test_the_author_gets_403(client, observation, dave):
    client.force_login(dave)

    assert client.post(seen_url(observation)).status_code == 403


def test_a_hidden_observation_is_not_found_for_colleagues(client, observation, alice, carol):
    Observation.objects.filter(pk=observation.pk).update(is_hidden=True)
    client.force_login(alice)
    assert client.post(seen_url(observation)).status_code == 404

    client.force_login(carol)
    assert client.post(seen_url(observation)).status_code == 302


def test_htmx_gets_the_button_back_pressed_then_released(client, observation, alice):
    client.force_login(alice)

    response = client.post(seen_url(observation), headers=HTMX)

    html = response.content.decode()
    assert toggle(html, f"seen-button-{observation.pk}") == Toggle(
        name="Seen this too", pressed="true", description="1 colleague", disabled=False
    )

    html = client.post(seen_url(observation), headers=HTMX).content.decode()

    assert toggle(html, f"seen-button-{observation.pk}") == Toggle(
        name="Seen this too", pressed="false", description="0 colleagues", disabled=False
    )


def test_a_plain_form_goes_back_to_the_observation(client, observation, alice):
    client.force_login(alice)

    response = client.post(seen_url(observation))

    assert response.headers["Location"] == observation.get_absolute_url()


def test_the_list_and_the_page_show_the_same_toggle(client, observation, alice):
    client.force_login(alice)
    client.post(seen_url(observation))

    for url in ("/observations/", observation.get_absolute_url()):
        html = client.get(url).content.decode()
        assert toggle(html, f"seen-button-{observation.pk}") == Toggle(
            name="Seen this too", pressed="true", description="1 colleague", disabled=False
        ), url
