"""A CX lead with two-factor opens the admin on her phone: the site's login, then the
code from her app, then the admin."""

import re
import time

import pyotp
from django.test import Client
from playwright.sync_api import expect

from tests.accounts.two_factor_helpers import enrolled
from tests.factories import PASSWORD


def fresh_code(secret: str) -> str:
    """A code with a few seconds of its 30-second window left (allauth allows no
    drift), so that it is still valid when the form is sent."""
    if 30 - time.time() % 30 < 5:
        time.sleep(30 - time.time() % 30 + 0.1)
    return pyotp.TOTP(secret).now()


def test_a_cx_lead_with_two_factor_gives_the_code_before_the_admin_opens(
    transactional_db, phone, live_server, carol
):
    secret = enrolled(Client(), carol)

    phone.goto("/admin/")
    expect(phone).to_have_url(re.compile(r"/accounts/login/\?next=%2Fadmin%2F$"))
    phone.get_by_label("Email").fill(carol.email)
    phone.get_by_label("Password").fill(PASSWORD)
    phone.get_by_role("button", name="Log in").click()

    expect(phone).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))
    phone.get_by_label(re.compile("code", re.IGNORECASE)).fill("000000")
    phone.get_by_role("button", name="Log in").click()
    expect(phone.get_by_text("Incorrect code.")).to_be_visible()
    expect(phone).to_have_url(re.compile(r"/accounts/2fa/authenticate/$"))

    phone.get_by_label(re.compile("code", re.IGNORECASE)).fill(fresh_code(secret))
    phone.get_by_role("button", name="Log in").click()

    expect(phone).to_have_url(f"{live_server.url}/admin/")
    expect(
        phone.get_by_role("heading", name="Run Frontline: people, teams and what they post")
    ).to_be_visible()
