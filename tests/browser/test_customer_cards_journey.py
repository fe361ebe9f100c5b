"""A done idea's tell-your-customer card on alice's home: she presses "Told them" in
place, and /wins/ counts her customer. The customer-pain sort and line on the way.
axe-core on the pages, screenshots on a phone and a desktop."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from ideas import posting
from ideas.lifecycle import change_status
from ideas.models import CustomerCard, Status
from tests.browser.axe import blocking, describe, install_axe, run_axe

SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
SCREENS = {"phone": (390, 844), "desktop": (1280, 800)}
TITLE = "Signpost the click and collect desk"


@pytest.fixture
def done_idea(transactional_db, alice, bob, dave):
    observation = posting.post_observation(
        by=alice,
        what_happened="A customer walked the store twice looking for collections",
        customer_words="Where on earth do I pick this up?",
        touchpoint="in_store",
        sentiment="frustrated",
    )
    idea = posting.submit_idea(
        by=alice,
        title=TITLE,
        problem="Nobody can find the desk",
        proposal="Signs from the door",
        from_observation=observation,
    )
    change_status(
        idea=idea, by=bob, to=Status.DONE, note="Signs are up", impact="Signs from every door"
    )
    return idea


@pytest.mark.parametrize("screen", SCREENS)
def test_alice_tells_her_customer_and_wins_count_it(
    browser, live_server, login, alice, done_idea, screen
):
    width, height = SCREENS[screen]
    context = browser.new_context(
        viewport={"width": width, "height": height}, base_url=live_server.url
    )
    install_axe(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    SHOTS.mkdir(parents=True, exist_ok=True)
    try:
        login(page, alice)
        page.goto("/")  # again, without the "Logged in" message
        cards = page.get_by_role("region", name="Tell your customer")
        expect(cards).to_contain_text("Where on earth do I pick this up?")
        expect(cards).to_contain_text("Signs from every door")
        assert not blocking(violations := run_axe(page)), describe(blocking(violations))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=SHOTS / f"cards-home-{screen}.png", full_page=True)
        page.evaluate("window.stillThisPage = true")

        cards.get_by_role("button", name="Told them").click()

        expect(cards.get_by_role("status")).to_contain_text("You told them")
        assert page.evaluate("window.stillThisPage") is True
        assert CustomerCard.objects.get(user=alice).told_at is not None
        page.screenshot(path=SHOTS / f"cards-told-{screen}.png", full_page=True)

        page.goto("/wins/")
        expect(page.locator(f"#win-{done_idea.pk}")).to_contain_text("Told 1 customer")
        assert not blocking(violations := run_axe(page)), describe(blocking(violations))

        page.goto(f"/ideas/{done_idea.pk}/")
        expect(page.locator("#pain-line")).to_contain_text(
            "Seen by 1 colleague in 1 store, all frustrated, last today"
        )
        page.goto("/ideas/?sort=pain&status=done")
        expect(page.locator(".idea-card").first).to_contain_text("Customer pain")
        assert not blocking(violations := run_axe(page)), describe(blocking(violations))
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        page.screenshot(path=SHOTS / f"cards-pain-sort-{screen}.png", full_page=True)
    finally:
        context.close()
