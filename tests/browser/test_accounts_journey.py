"""Journeys through accounts in a real browser on a phone-sized screen."""

import re

from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from tests.factories import PASSWORD


def test_sign_up_confirm_log_out_log_in_and_change_preferences(
    transactional_db, phone, live_server, login, settings
):
    settings.ALLOWED_SIGNUP_DOMAINS = ["example.com"]
    page = phone

    page.goto("/accounts/signup/")
    page.get_by_label("Email").fill("sam.shop@example.com")
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Verify")

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_url(f"{live_server.url}/")
    account_menu = page.locator(".account-menu > summary")
    expect(account_menu).to_contain_text("sam.shop")

    account_menu.click()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()

    login(page, User.objects.get(email="sam.shop@example.com"))
    page.locator(".account-menu > summary").click()
    page.get_by_role("link", name="Preferences", exact=True).click()
    expect(page.get_by_role("heading", name="Preferences")).to_be_visible()
    page.get_by_label("Display name").fill("Sam Shopfloor")
    page.get_by_label("Time zone").select_option("Europe/London")
    page.get_by_label("Daily").check()
    page.get_by_label("Someone @mentions me: by email").uncheck()
    page.get_by_role("button", name="Save preferences").click()

    expect(page.get_by_role("status")).to_contain_text("Your preferences are saved.")
    expect(page.get_by_label("Display name")).to_have_value("Sam Shopfloor")
    expect(page.get_by_label("Daily")).to_be_checked()
    expect(page.get_by_label("Someone @mentions me: by email")).not_to_be_checked()
    sam = User.objects.get(email="sam.shop@example.com")
    assert (sam.display_name, sam.time_zone, sam.digest_frequency) == (
        "Sam Shopfloor",
        "Europe/London",
        "daily",
    )
    assert not sam.wants("mention", "email")
    assert sam.wants("mention", "in_app")


def test_alice_logs_in_on_her_phone_and_sees_the_home_page(transactional_db, phone, login, alice):
    login(phone, alice)

    expect(phone.locator(".account-menu > summary")).to_contain_text("Alice Archer")
    expect(phone.get_by_role("heading", level=1)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
