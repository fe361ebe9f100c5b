"""A person who has just signed up finds the loop explained on the home page, in three
lines, until they say "Got it"; nobody else sees it, and it costs the home page no
query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User

WELCOME = '<h2 id="welcome-title">How Frontline works</h2>'
DISMISS = "/accounts/welcome/dismiss/"


@pytest.fixture
def newcomer(leeds):
    from tests.factories import UserFactory

    return UserFactory(
        email="sam@example.com", display_name="Sam", team=leeds, welcome_pending=True
    )


def home_with_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/")
    return response, len(queries)


def test_a_newcomer_sees_the_loop_in_three_lines(client, newcomer):
    client.force_login(newcomer)

    page = client.get("/").content.decode()

    assert WELCOME in page
    steps = page.split('<ol class="welcome-steps">', 1)[1].split("</ol>", 1)[0]
    assert steps.count("<li>") == 3
    assert "Post what a customer told you" in steps


def test_got_it_hides_the_welcome_for_good(client, newcomer):
    client.force_login(newcomer)

    response = client.post(DISMISS)

    assert (response.status_code, response.headers["Location"]) == (302, "/")
    assert WELCOME not in client.get("/").content.decode()
    newcomer.refresh_from_db()
    assert not newcomer.welcome_pending


def test_with_htmx_got_it_answers_an_empty_swap(client, newcomer):
    client.force_login(newcomer)

    response = client.post(DISMISS, headers={"HX-Request": "true"})

    assert (response.status_code, response.content) == (200, b"")
    assert not User.objects.get(pk=newcomer.pk).welcome_pending


def test_dismissing_takes_a_post_from_a_logged_in_person(client, newcomer):
    assert client.post(DISMISS).status_code == 302  # to log in
    assert User.objects.get(pk=newcomer.pk).welcome_pending
    client.force_login(newcomer)
    assert client.get(DISMISS).status_code == 405


def test_people_who_did_not_just_sign_up_do_not_see_it(client, alice):
    client.force_login(alice)

    assert WELCOME not in client.get("/").content.decode()


def test_the_welcome_costs_the_home_page_no_query(client, newcomer, alice):
    client.force_login(alice)
    _, queries_for_alice = home_with_queries(client)
    newcomer_twin = User.objects.get(pk=newcomer.pk)
    client.force_login(newcomer_twin)
    response, queries_for_newcomer = home_with_queries(client)

    assert WELCOME in response.content.decode()
    assert queries_for_newcomer == queries_for_alice
