"""Optional TOTP two-factor through allauth.mfa: enrol with an authenticator app,
then log in with its code."""

import re

import pyotp
from allauth.mfa.models import Authenticator

from tests.accounts.two_factor_helpers import confirm_password, enrol, log_in


def test_the_activation_page_shows_a_qr_code_and_the_secret(client, alice, still_clock):
    log_in(client, alice)
    confirm_password(client)

    page = client.get("/accounts/2fa/totp/activate/").content.decode()

    assert 'class="qr-code"' in page
    assert re.search(r'id="authenticator_secret"[^>]*value="[A-Z2-7]{32}"', page)


def test_a_code_from_the_app_activates_two_factor(client, alice, still_clock):
    log_in(client, alice)

    secret, response = enrol(client)

    assert response.status_code == 302
    assert Authenticator.objects.filter(user=alice, type=Authenticator.Type.TOTP).exists()


def test_a_wrong_code_does_not_activate_two_factor(client, alice, still_clock):
    log_in(client, alice)
    confirm_password(client)

    response = client.post("/accounts/2fa/totp/activate/", {"code": "000000"})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert not Authenticator.objects.filter(user=alice).exists()


def test_with_two_factor_login_asks_for_the_code_and_accepts_it(client, alice, still_clock):
    log_in(client, alice)
    secret, _ = enrol(client)
    client.post("/accounts/logout/")

    response = log_in(client, alice)
    assert response.headers["Location"] == "/accounts/2fa/authenticate/"
    assert client.get("/").status_code == 302  # not logged in until the code is given

    response = client.post("/accounts/2fa/authenticate/", {"code": pyotp.TOTP(secret).now()})

    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_with_two_factor_a_wrong_code_keeps_you_out(client, alice, still_clock):
    log_in(client, alice)
    enrol(client)
    client.post("/accounts/logout/")
    log_in(client, alice)

    response = client.post("/accounts/2fa/authenticate/", {"code": "123456"})

    assert response.status_code == 200
    assert client.get("/").status_code == 302
