"""Optional TOTP two-factor through allauth.mfa: enrol with an authenticator app,
then log in with its code."""

import re
from datetime import UTC, datetime

import pyotp
import pytest
from allauth.mfa.models import Authenticator

from tests.factories import PASSWORD


@pytest.fixture
def still_clock(time_machine):
    # One fixed 30-second window, so a computed code cannot go stale mid-test.
    time_machine.move_to(datetime(2026, 3, 2, 9, 0, 5, tzinfo=UTC), tick=False)


def log_in(client, user):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})


def confirm_password(client):
    """Changing two-factor asks for the password again, however recent the login."""
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.headers["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})


def enrol(client):
    confirm_password(client)
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page).group(1)
    response = client.post("/accounts/2fa/totp/activate/", {"code": pyotp.TOTP(secret).now()})
    return secret, response


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
