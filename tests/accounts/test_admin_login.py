"""The admin is entered through the site's own login (allauth), so that email
verification and two-factor hold there too: /admin/login/ takes no password."""

import pyotp

from tests.accounts.two_factor_helpers import enrolled, log_in
from tests.factories import PASSWORD, UserFactory

SITE_LOGIN_FOR_ADMIN = "/accounts/login/?next=%2Fadmin%2F"


def test_the_admin_sends_visitors_to_the_sites_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/login/?next=/admin/"

    response = client.get("/admin/login/?next=/admin/")

    assert response.status_code == 302
    assert response.headers["Location"] == SITE_LOGIN_FOR_ADMIN


def test_a_password_posted_to_the_admin_login_does_not_open_the_admin(client, carol):
    response = client.post(
        "/admin/login/?next=/admin/", {"username": carol.email, "password": PASSWORD}
    )

    assert response.status_code == 302
    assert response.headers["Location"] == SITE_LOGIN_FOR_ADMIN
    assert client.get("/admin/").status_code == 302


def test_a_cx_lead_with_two_factor_gives_the_code_before_the_admin_opens(
    client, carol, still_clock
):
    secret = enrolled(client, carol)
    # The old way in: Django's own admin form, with the password alone.
    client.post("/admin/login/", {"username": carol.email, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302

    response = log_in(client, carol, next="/admin/")
    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/2fa/authenticate/"
    response = client.get("/admin/")
    assert response.status_code == 302  # not logged in until the code is given
    assert response.headers["Location"] == "/admin/login/?next=/admin/"
    page = client.get("/accounts/2fa/authenticate/")
    assert page.status_code == 200
    assert 'name="code"' in page.content.decode()

    response = client.post("/accounts/2fa/authenticate/", {"code": pyotp.TOTP(secret).now()})

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_a_wrong_code_keeps_a_cx_lead_out_of_the_admin(client, carol, still_clock):
    enrolled(client, carol)
    log_in(client, carol, next="/admin/")

    response = client.post("/accounts/2fa/authenticate/", {"code": "123456"})

    assert response.status_code == 200
    assert "Incorrect code." in response.content.decode()
    assert client.get("/admin/").status_code == 302


def test_an_unverified_staff_account_is_not_let_in(client, company):
    sam = UserFactory(email="sam@example.com", team=company, is_cx_lead=True, verified=False)
    assert sam.is_staff
    client.post("/admin/login/", {"username": sam.email, "password": PASSWORD})
    assert client.get("/admin/").status_code == 302

    response = log_in(client, sam, next="/admin/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/accounts/confirm-email/"
    assert client.get("/admin/").status_code == 302


def test_staff_without_two_factor_reach_the_admin_through_the_sites_login(client, carol):
    response = log_in(client, carol, next="/admin/")

    assert response.status_code == 302
    assert response.headers["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_someone_signed_in_who_is_not_staff_is_refused_at_the_admin_login(client, alice):
    log_in(client, alice)

    assert client.get("/admin/login/?next=/admin/").status_code == 403


def test_the_admin_logout_logs_out(client, carol):
    log_in(client, carol, next="/admin/")
    assert client.get("/admin/").status_code == 200

    response = client.post("/admin/logout/")

    assert response.status_code == 200
    assert "Logged out" in response.content.decode()
    assert client.get("/admin/").status_code == 302
    assert client.get("/").status_code == 302
