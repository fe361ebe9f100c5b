"""An account whose email is not confirmed can read but cannot post."""

import pytest
from django.core import mail
from django.http import HttpResponse
from django.urls import include, path

from accounts.decorators import verified_email_required
from tests.factories import UserFactory


@verified_email_required
def post_something(request):
    return HttpResponse('<form method="post">the posting form</form>')


urlpatterns = [
    path("test-post/", post_something),
    path("", include("forum.urls")),
]


@pytest.fixture
def unverified(leeds):
    return UserFactory(email="new.person@example.com", team=leeds, verified=False)


@pytest.mark.urls(__name__)
def test_an_unverified_account_gets_the_confirm_first_page_not_the_form(client, unverified):
    client.force_login(unverified)

    response = client.get("/test-post/")

    page = response.content.decode()
    assert "the posting form" not in page
    assert "Confirm your email address first" in page
    # …and a fresh confirmation link is on its way.
    assert mail.outbox[0].to == ["new.person@example.com"]


@pytest.mark.urls(__name__)
def test_a_verified_account_gets_the_form(client, alice):
    client.force_login(alice)

    response = client.get("/test-post/")

    assert response.status_code == 200
    assert "the posting form" in response.content.decode()


def test_an_unverified_account_cannot_open_the_observation_form(client, unverified):
    client.force_login(unverified)

    response = client.get("/observations/new/")

    assert "Confirm your email address first" in response.content.decode()


def test_a_verified_account_gets_the_observation_form(client, alice):
    client.force_login(alice)

    response = client.get("/observations/new/")

    assert response.status_code == 200
    assert "<form" in response.content.decode()
    assert "Confirm your email address first" not in response.content.decode()


@pytest.mark.urls(__name__)
def test_the_session_remembers_the_confirmed_address_and_checks_a_new_one(
    client, alice, django_assert_num_queries
):
    client.force_login(alice)
    client.get("/test-post/")  # allauth checks, and the session remembers

    with django_assert_num_queries(2):  # session + user: no email address query
        assert "the posting form" in client.get("/test-post/").content.decode()

    alice.emailaddress_set.update(verified=False)
    alice.email = "alice.new@example.com"
    alice.save(update_fields=["email"])
    page = client.get("/test-post/").content.decode()
    assert "the posting form" not in page
    assert "Confirm your email address first" in page
