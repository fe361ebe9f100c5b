"""Sign-up is open to the allowed domains and to invited addresses, and needs a
confirmed email before anything is posted."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from accounts.models import Invitation, User

SIGNUP = "/accounts/signup/"
REFUSAL = "Sign-up is open to addresses at example.com. Ask a CX lead for an invitation."


def sign_up(client, email, password="a-long-Passphrase-42"):
    return client.post(SIGNUP, {"email": email, "password1": password, "password2": password})


@pytest.fixture(autouse=True)
def only_example_com(settings):
    settings.ALLOWED_SIGNUP_DOMAINS = ["example.com"]


def test_an_address_at_an_allowed_domain_can_sign_up_and_must_confirm_it(client, db):
    response = sign_up(client, "new.person@example.com")

    assert response.status_code == 302
    user = User.objects.get(email="new.person@example.com")
    assert not EmailAddress.objects.get(user=user).verified
    assert len(mail.outbox) == 1
    assert "/accounts/confirm-email/" in mail.outbox[0].body


def test_an_address_elsewhere_is_refused_with_a_clear_message(client, db):
    response = sign_up(client, "someone@gmail.com")

    assert response.status_code == 200
    assert REFUSAL in response.content.decode()
    assert not User.objects.filter(email="someone@gmail.com").exists()
    assert mail.outbox == []


def test_the_domain_check_ignores_case(client, db):
    response = sign_up(client, "Shouty@EXAMPLE.COM")

    assert response.status_code == 302
    assert User.objects.filter(email__iexact="shouty@example.com").exists()


def test_a_lookalike_domain_is_refused(client, db):
    response = sign_up(client, "someone@example.com.evil.test")

    assert REFUSAL in response.content.decode()


def test_the_message_names_every_allowed_domain(client, db, settings):
    settings.ALLOWED_SIGNUP_DOMAINS = ["example.com", "example.org"]

    response = sign_up(client, "someone@gmail.com")

    assert "addresses at example.com or example.org." in response.content.decode()


def test_an_invited_address_outside_the_domains_may_sign_up(client, carol, leeds):
    Invitation.objects.create(email="partner@agency.test", team=leeds, invited_by=carol)

    response = sign_up(client, "partner@agency.test")

    assert response.status_code == 302
    user = User.objects.get(email="partner@agency.test")
    assert user.team == leeds
    assert Invitation.objects.get(email="partner@agency.test").accepted_at is not None


def test_an_accepted_invitation_does_not_open_sign_up_again(client, carol):
    Invitation.objects.create(
        email="partner@agency.test", invited_by=carol, accepted_at="2026-01-01T00:00Z"
    )

    response = sign_up(client, "partner@agency.test")

    assert REFUSAL in response.content.decode()


def test_the_confirmation_link_verifies_the_address_and_logs_in(client, db):
    sign_up(client, "new.person@example.com")
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+", mail.outbox[0].body).group(0)
    path = link.split("testserver", 1)[1]

    page = client.get(path)
    assert page.status_code == 200
    response = client.post(path)

    assert response.status_code == 302
    assert EmailAddress.objects.get(email="new.person@example.com").verified
    assert client.get("/").status_code == 200
