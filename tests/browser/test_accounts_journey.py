"""Journeys through accounts in a real browser on a phone-sized screen."""

import re

from django.core import mail
from playwright.sync_api import expect

from accounts.models import User
from ideas.models import Observation
from tests.factories import PASSWORD


def test_a_new_person_signs_up_with_name_and_team_confirms_and_posts_at_once(
    transactional_db, phone, live_server, settings, leeds
):
    settings.ALLOWED_SIGNUP_DOMAINS = ["example.com"]
    page = phone

    page.goto("/accounts/signup/")
    page.get_by_label("Your name").fill("Sam Shopfloor")
    page.get_by_label("Email").fill("sam.shop@example.com")
    # The filter box narrows the team list as you type; one match is chosen.
    page.get_by_label("Search teams").fill("leeds")
    expect(page.get_by_role("status").filter(has_text="1 team matches")).to_have_text(
        "1 team matches: Leeds store."
    )
    expect(page.get_by_label("Your team")).to_have_value(str(leeds.pk))
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")

    (message,) = mail.outbox
    assert message.subject == "Confirm your email address for Frontline"
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", message.body).group(0)
    page.goto(link)
    confirm = page.get_by_role("button", name="Confirm and start")
    expect(confirm).to_be_focused()
    page.keyboard.press("Enter")
    page.wait_for_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", name="How Frontline works")).to_be_visible()

    page.get_by_role("link", name="Post an observation").first.click()
    page.get_by_label("What happened?").fill("A customer could not find the returns desk.")
    page.get_by_role("button", name="Post observation").click()

    expect(page.get_by_text("your observation is posted")).to_be_visible()
    observation = Observation.objects.get()
    assert (observation.author.name, observation.team) == ("Sam Shopfloor", leeds)

    page.goto("/")
    page.get_by_role("button", name="Got it").click()
    expect(page.get_by_role("heading", name="How Frontline works")).to_have_count(0)
    assert not User.objects.get(email="sam.shop@example.com").welcome_pending


def test_the_team_picker_works_without_javascript(browser, live_server, transactional_db, leeds):
    context = browser.new_context(
        java_script_enabled=False, viewport={"width": 390, "height": 844}, base_url=live_server.url
    )
    page = context.new_page()
    page.goto("/accounts/signup/")

    expect(page.get_by_label("Search teams")).to_have_count(0)
    page.get_by_label("Your team").select_option(str(leeds.pk))
    expect(page.get_by_label("Your team")).to_have_value(str(leeds.pk))
    context.close()


def test_sign_up_confirm_log_out_log_in_and_change_preferences(
    transactional_db, phone, live_server, login, settings, leeds
):
    settings.ALLOWED_SIGNUP_DOMAINS = ["example.com"]
    page = phone

    page.goto("/accounts/signup/")
    page.get_by_label("Your name").fill("Sam")
    page.get_by_label("Email").fill("sam.shop@example.com")
    page.get_by_label("Your team").select_option(str(leeds.pk))
    page.get_by_label("Password", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    page.get_by_role("button", name="Sign up").click()

    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name="Confirm and start").click()
    page.wait_for_url(f"{live_server.url}/")
    account_menu = page.locator(".account-menu > summary")
    expect(account_menu).to_contain_text("Sam")

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
