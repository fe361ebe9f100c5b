"""The huddle on the store's big screen (1920×1080) and on a phone: no sideways
scrolling, no serious axe-core finding; the board polls and a new observation appears
without a reload; a hand tapped in the room counts in place.

Screenshots go to var/screenshots/huddle/ (not committed)."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from ideas.models import Evidence, Status, Vote
from insights.demo_huddle import seed_huddle
from insights.views import huddle as huddle_views
from tests.browser.axe import blocking, describe, install_axe, run_axe
from tests.browser.test_accessibility import session_cookie
from tests.factories import ObservationFactory, UserFactory
from tests.ideas.lifecycle_helpers import days_ago, submitted_idea

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "huddle"
SCREENS = {"tv": (1920, 1080), "desktop": (1280, 800), "phone": (390, 844)}


@pytest.fixture
def leeds_huddle(transactional_db, alice, bob, leeds):
    """The demo's Leeds huddle (yesterday's, and observations since), with ideas
    gaining votes and a recent win."""
    colleagues = [
        UserFactory(team=leeds, display_name=name) for name in ("Priya Patel", "Sam Shaw")
    ]
    seed_huddle(
        people={"personas": {"alice": alice, "bob": bob}, "users": [alice, bob, *colleagues]}
    )
    rising = submitted_idea(alice, title="Put a staff member by the self-checkouts at lunchtime")
    steady = submitted_idea(bob, title="Take back online orders at the customer service desk")
    for idea, voters in ((rising, [bob, *colleagues]), (steady, colleagues[:1])):
        for person in voters:
            Vote.objects.create(idea=idea, user=person)
    win = submitted_idea(
        alice, title="A quiet hour every Tuesday morning", status=Status.DONE, done_at=days_ago(4)
    )
    heard = ObservationFactory(
        author=colleagues[0],
        created_at=days_ago(20),
        what_happened="A mother asked whether we could turn the music down for her son.",
        customer_words="The noise is too much for him; we leave after five minutes.",
    )
    Evidence.objects.create(idea=win, observation=heard)


@pytest.fixture
def screen(request, browser, live_server):
    """A page at one of SCREENS, with axe-core, signed in as `person` (set below)."""
    width, height = SCREENS[request.param]
    context = browser.new_context(
        viewport={"width": width, "height": height}, base_url=live_server.url
    )
    install_axe(context)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.screen_name = request.param
    yield page
    context.close()


def sign_in(page, user, live_server):
    page.context.add_cookies([session_cookie(user, live_server.url)])


def shoot(page, name):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{page.screen_name}.png", full_page=True)


def assert_no_sideways_scroll(page):
    width, inner = page.evaluate("[document.scrollingElement.scrollWidth, window.innerWidth]")
    assert width <= inner, f"the page scrolls sideways: {width} > {inner} px"


def assert_no_serious_violation(page):
    violations = blocking(run_axe(page))
    assert not violations, f"axe-core: serious or critical violations\n{describe(violations)}"


@pytest.mark.parametrize("screen", list(SCREENS), indirect=True)
def test_the_huddle_fits_the_screen_with_no_serious_violation(
    screen, live_server, leeds_huddle, bob
):
    sign_in(screen, bob, live_server)
    screen.goto("/huddle/")
    expect(screen.get_by_role("heading", name="Leeds store", level=1)).to_be_visible()
    expect(screen.get_by_text("Why have the machines")).to_be_visible()
    shoot(screen, "before")
    assert_no_sideways_scroll(screen)
    assert_no_serious_violation(screen)

    screen.get_by_role("button", name="Start huddle").click()
    expect(screen.get_by_text("Huddle in progress")).to_be_visible()
    screen.get_by_role("button", name="Seen this too").first.click()
    expect(screen.locator(".hands-count").first).to_have_text("1 hand in the room")
    shoot(screen, "in-progress")
    assert_no_sideways_scroll(screen)
    assert_no_serious_violation(screen)


@pytest.mark.parametrize("screen", ["tv"], indirect=True)
def test_on_the_presenting_screen_ideas_and_wins_sit_beside_the_customers_words(
    screen, live_server, leeds_huddle, bob
):
    sign_in(screen, bob, live_server)
    screen.goto("/huddle/")
    voices = screen.locator(".huddle-voices").bounding_box()
    side = screen.locator(".huddle-side").bounding_box()
    assert side["x"] >= voices["x"] + voices["width"]
    assert abs(side["y"] - voices["y"]) < 5
    # Readable across a room: the customers' words in large type.
    size = screen.locator(".huddle-quote").first.evaluate(
        "q => parseFloat(getComputedStyle(q).fontSize)"
    )
    assert size >= 32


@pytest.mark.parametrize("screen", ["tv"], indirect=True)
def test_a_new_observation_appears_without_a_reload(
    screen, live_server, leeds_huddle, bob, alice, monkeypatch
):
    monkeypatch.setattr(huddle_views, "POLL_SECONDS", 1)
    sign_in(screen, bob, live_server)
    screen.goto("/huddle/")
    expect(screen.locator("#huddle-board")).to_have_attribute("hx-trigger", "every 1s")
    screen.evaluate("window.notReloaded = true")
    ObservationFactory(author=alice, customer_words="Can I pay for the parking at the till?")
    expect(screen.get_by_text("Can I pay for the parking at the till?")).to_be_visible()
    assert screen.evaluate("window.notReloaded") is True


@pytest.mark.parametrize("screen", ["phone"], indirect=True)
def test_a_tap_and_its_undo_count_in_place(screen, live_server, leeds_huddle, bob):
    sign_in(screen, bob, live_server)
    screen.goto("/huddle/")
    screen.get_by_role("button", name="Start huddle").click()
    screen.evaluate("window.notReloaded = true")
    card = screen.locator(".huddle-card").first
    for _ in range(3):
        card.get_by_role("button", name="Seen this too").click()
    expect(card.locator(".hands-count")).to_have_text("3 hands in the room")
    card.get_by_role("button", name="Undo the last hand").click()
    expect(card.locator(".hands-count")).to_have_text("2 hands in the room")
    assert screen.evaluate("window.notReloaded") is True
    shoot(screen, "hands")
