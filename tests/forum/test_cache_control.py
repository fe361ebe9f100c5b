"""Every answer to a signed-in person is `Cache-Control: private`: their pages show
their notifications, their votes and their unread count, so no shared cache (a proxy,
a CDN) may hand one to someone else."""

import pytest

from tests.factories import IdeaFactory

HTMX = {"HX-Request": "true"}


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/notifications/",
        "/accounts/preferences/",
        "/ideas/",
        "/observations/",
        "/search/?q=refund",
        "/people/suggest/?q=a",
        "/wins/",
    ],
)
def test_a_signed_in_persons_pages_are_private(client, alice, url):
    client.force_login(alice)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private"


@pytest.mark.parametrize("url", ["/manage/", "/manage/board/"])
def test_a_managers_pages_are_private(client, bob, url):
    client.force_login(bob)

    response = client.get(url)

    assert response.status_code == 200
    assert response["Cache-Control"] == "private"


def test_htmx_partials_and_redirects_are_private_too(client, alice, dave):
    idea = IdeaFactory(author=dave)
    client.force_login(alice)

    partial = client.get("/ideas/?sort=newest", headers=HTMX)
    vote = client.post(f"/ideas/{idea.pk}/vote/", headers=HTMX)
    redirect = client.post(f"/ideas/{idea.pk}/follow/")

    assert [partial.status_code, vote.status_code, redirect.status_code] == [200, 200, 302]
    assert [r["Cache-Control"] for r in (partial, vote, redirect)] == ["private"] * 3


def test_a_page_that_sets_its_own_caching_keeps_it(admin_client):
    response = admin_client.get("/admin/")

    assert response.status_code == 200
    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


def test_a_visitors_pages_are_left_alone(client, db):
    response = client.get("/accounts/invitations/no-such-token/")

    assert response.status_code == 410
    assert "Cache-Control" not in response.headers
