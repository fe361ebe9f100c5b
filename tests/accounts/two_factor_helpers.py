"""Logging in and enrolling a TOTP authenticator through allauth's real pages."""

import re

import pyotp

from tests.factories import PASSWORD


def log_in(client, user, **extra):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD, **extra})


def confirm_password(client):
    """An older login confirms the password before changing two-step sign-in."""
    response = client.get("/accounts/2fa/totp/activate/")
    assert response.headers["Location"].startswith("/accounts/reauthenticate/")
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})


def enrol(client):
    """Activate TOTP for the person who has just logged in; returns (secret, response)."""
    page = client.get("/accounts/2fa/totp/activate/").content.decode()
    secret = re.search(r'id="authenticator_secret"[^>]*value="([A-Z2-7]+)"', page).group(1)
    response = client.post("/accounts/2fa/totp/activate/", {"code": pyotp.TOTP(secret).now()})
    return secret, response


def enrolled(client, user) -> str:
    """`user` with TOTP activated and logged out again; returns the secret."""
    log_in(client, user)
    secret, response = enrol(client)
    assert response.status_code == 302
    client.post("/accounts/logout/")
    return secret
