"""Voting in place on a phone: with htmx the button changes without a page load; with
JavaScript off the same button is a form that posts and comes back."""

from playwright.sync_api import expect

from ideas.models import Vote
from tests.factories import IdeaFactory

TITLE = "Let customers rebook a delivery from the text message"


def test_alice_votes_in_place_without_a_reload(transactional_db, phone, login, alice, dave):
    idea = IdeaFactory(author=dave, title=TITLE)
    login(phone, alice)
    phone.goto(idea.get_absolute_url())
    button = phone.get_by_role("button", name="Vote", exact=True)
    follow = phone.get_by_role("button", name="Follow", exact=True)
    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button).to_have_accessible_description("0 votes")
    # Survives only if the page is not reloaded.
    phone.evaluate("window.stillThisPage = true")

    button.click()

    # The same button, by the same name: only its state and count change.
    expect(button).to_have_attribute("aria-pressed", "true")
    expect(button).to_have_accessible_description("1 vote")
    # Voting follows the idea, and the follow button says so at once.
    expect(follow).to_have_attribute("aria-pressed", "true")
    expect(follow).to_have_accessible_description("1 follower")
    assert phone.evaluate("window.stillThisPage") is True
    assert Vote.objects.filter(idea=idea, user=alice).exists()

    # And back from the keyboard: the swapped-in button works and keeps the focus.
    button.focus()
    phone.keyboard.press("Enter")

    expect(button).to_have_attribute("aria-pressed", "false")
    expect(button).to_have_accessible_description("0 votes")
    expect(button).to_be_focused()
    assert phone.evaluate("window.stillThisPage") is True
    assert not Vote.objects.exists()


def test_voting_works_with_javascript_off(
    transactional_db, browser, live_server, login, alice, dave
):
    idea = IdeaFactory(author=dave, title=TITLE)
    context = browser.new_context(
        viewport={"width": 390, "height": 844},
        base_url=live_server.url,
        java_script_enabled=False,
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    try:
        login(page, alice)
        page.goto(idea.get_absolute_url())
        button = page.get_by_role("button", name="Vote", exact=True)
        expect(button).to_have_attribute("aria-pressed", "false")
        expect(button).to_have_accessible_description("0 votes")

        with page.expect_navigation():
            button.click()

        expect(page).to_have_url(f"{live_server.url}{idea.get_absolute_url()}#vote-{idea.pk}")
        expect(button).to_have_attribute("aria-pressed", "true")
        expect(button).to_have_accessible_description("1 vote")
        assert Vote.objects.filter(idea=idea, user=alice).exists()
    finally:
        context.close()
