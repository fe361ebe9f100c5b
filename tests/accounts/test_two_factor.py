"""Optional TOTP two-factor through allauth.mfa: enrol with an authenticator app,
then log in with its code."""

import re
from datetime import UTC, datetime

import pyotp
from allauth.mfa.models import Authenticator
from django.core import mail

from tests.accounts.two_factor_helpers import confirm_password, enrol, log_in

ACTIVATE = "/accounts/2fa/totp/activate/"


def test_right_after_logging_in_two_step_set_up_asks_no_password_again(client, alice, still_clock):
    log_in(client, alice)

    response = client.get(ACTIVATE)

    assert response.status_code == 200
    assert "<h1>Set up two-step sign-in</h1>" in response.content.decode()


def test_right_after_the_confirmation_link_logs_in_set_up_asks_no_password(
    client, leeds, settings, still_clock
):
    settings.ALLOWED_SIGNUP_DOMAINS = ["example.com"]
    password = "a-long-Passphrase-42"
    client.post(
        "/accounts/signup/",
        {
            "display_name": "Sam Shopfloor",
            "email": "sam@example.com",
            "team": leeds.pk,
            "password1": password,
            "password2": password,
        },
    )
    link = re.search(r"https?://testserver(/accounts/confirm-email/\S+)", mail.outbox[0].body)
    client.post(link.group(1))

    assert client.get(ACTIVATE).status_code == 200


def test_when_the_login_is_old_two_step_set_up_asks_for_the_password_first(
    client, alice, time_machine
):
    time_machine.move_to(datetime(2026, 3, 2, 9, 0, 5, tzinfo=UTC), tick=False)
    log_in(client, alice)
    time_machine.move_to(datetime(2026, 3, 2, 9, 6, 5, tzinfo=UTC), tick=False)

    response = client.get(ACTIVATE)

    assert response.status_code == 302
    assert (
        response.headers["Location"]
        == "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"
    )
    confirm_page = client.get(response.headers["Location"]).content.decode()
    assert "<h1>Confirm it is you</h1>" in confirm_page
    client.post("/accounts/reauthenticate/", {"password": "a-wrong-one"})
    assert client.get(ACTIVATE).status_code == 302
    confirm_password(client)
    assert client.get(ACTIVATE).status_code == 200


def test_the_activation_page_shows_a_qr_code_and_the_secret(client, alice, still_clock):
    log_in(client, alice)

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
