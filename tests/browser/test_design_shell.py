"""The shell and the lists on a 390×844 phone and a 1440×900 desk (issue 10): a
compact header, the bottom tab bar on phones, one top bar on a desk, no sideways
scrolling, a list of 20 ideas that a thumb can get through, filters out of the way.

Every page checked here is also photographed into the screenshots folder
(FRONTLINE_SCREENSHOTS, or var/screenshots/ in the project; not committed)."""

import os
import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from playwright.sync_api import expect

from accounts.models import Team
from ideas import posting

SCREENS = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1440, "height": 900}}
PAGES = {"home": "/", "ideas": "/ideas/", "observations": "/observations/"}
# Idea titles as people write them: most wrap to two lines on a phone.
TITLES = [
    "Let customers rebook a delivery from the text message",
    "Show the stock of the nearest store on the product page",
    "A callback button when the phone queue is long",
    "Print return labels in store for customers without a printer",
    "Warn about a missed delivery before the driver leaves",
]


def screenshots() -> Path:
    folder = Path(
        os.environ.get("FRONTLINE_SCREENSHOTS") or Path(settings.BASE_DIR, "var", "screenshots")
    )
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def busy_forum(alice, dave, bob):
    """20 ideas awaiting their first answer (the clock line shows), some anonymous, and
    observations with the customer's words."""
    for n in range(20):
        posting.submit_idea(
            by=(alice, dave)[n % 2],
            title=f"{TITLES[n % len(TITLES)]} ({n + 1})",
            problem="Customers ask for it at the till every day, and we have no answer.",
            proposal="Try it in one store for a month.",
            tags=["delivery", "returns"][: n % 3],
            is_anonymous=n % 4 == 0,
        )
    for n in range(6):
        posting.post_observation(
            by=(alice, dave)[n % 2],
            what_happened="A customer rang twice about a late parcel; nobody could say where.",
            customer_words="Just tell me when it comes, that's all I ask." if n % 2 == 0 else "",
            sentiment="frustrated",
            touchpoint="phone",
            tags=["delivery"],
        )


@pytest.fixture(params=list(SCREENS))
def screen(request, browser, live_server, login, alice, busy_forum):
    """A logged-in page of alice's on a phone or a desk: (name, page)."""
    context = browser.new_context(viewport=SCREENS[request.param], base_url=live_server.url)
    page = context.new_page()
    page.set_default_timeout(10_000)
    login(page, alice)
    yield request.param, page
    context.close()


def measure(page) -> dict:
    return page.evaluate(
        """() => ({
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
            scrollHeight: document.documentElement.scrollHeight,
            header: document.querySelector(".site-header").getBoundingClientRect().height,
        })"""
    )


@pytest.mark.parametrize("name", list(PAGES))
def test_each_page_fits_the_screen_with_a_compact_header(transactional_db, screen, name):
    size, page = screen
    page.goto(PAGES[name])
    page.screenshot(path=screenshots() / f"{name}-{size}.png", full_page=True)

    sizes = measure(page)
    assert sizes["scrollWidth"] <= sizes["innerWidth"], "the page scrolls sideways"
    assert sizes["header"] <= 56
    # Log out is in the account menu, not in the bar.
    expect(page.get_by_role("button", name="Log out")).to_be_hidden()


@pytest.mark.parametrize("screen", ["phone"], indirect=True)
def test_a_phone_lists_20_ideas_in_under_3000_px(transactional_db, screen):
    _size, page = screen
    page.goto("/ideas/")
    expect(page.locator(".idea-card")).to_have_count(20)
    assert measure(page)["scrollHeight"] <= 3000


@pytest.mark.parametrize("screen", ["phone"], indirect=True)
def test_the_phone_tab_bar_posts_an_observation_in_one_tap(transactional_db, screen):
    _size, page = screen
    page.goto("/ideas/")
    tabs = page.get_by_role("navigation", name="Main").get_by_role("link")
    expect(tabs).to_have_text(
        ["Home", "Ideas", "Post an observation", "Observations", re.compile("^Notifications")]
    )
    expect(page.get_by_role("link", name="Ideas", exact=True)).to_have_attribute(
        "aria-current", "page"
    )
    bar = page.get_by_role("navigation", name="Main").bounding_box()
    assert bar["y"] + bar["height"] == 844  # at the bottom of the screen
    # Scrolled to the end, the footer is above the bar, not under it.
    page.evaluate("window.scrollTo(0, document.body.scrollHeight)")
    footer = page.locator(".site-footer").bounding_box()
    assert footer["y"] + footer["height"] <= bar["y"] + 1

    page.get_by_role("link", name="Post an observation").click()

    page.wait_for_url("**/observations/new/")
    expect(page.get_by_label("What happened?")).to_be_focused()
    # The form fits one screen: its button is above the tab bar without scrolling.
    button = page.get_by_role("button", name="Post observation").bounding_box()
    tab_bar = page.get_by_role("navigation", name="Main").bounding_box()
    assert page.evaluate("window.scrollY") == 0
    assert button["y"] + button["height"] <= tab_bar["y"], (button, tab_bar)


@pytest.mark.parametrize("screen", ["desk"], indirect=True)
def test_a_desk_has_one_top_bar_with_the_primary_action(transactional_db, screen):
    _size, page = screen
    page.goto("/observations/")
    nav = page.get_by_role("navigation", name="Main")
    assert nav.bounding_box()["y"] < 56  # in the header, no bottom bar
    post = nav.get_by_role("link", name="Post an observation")
    expect(post).to_be_visible()
    expect(page.get_by_role("link", name="Observations", exact=True)).to_have_attribute(
        "aria-current", "page"
    )


def test_the_account_menu_holds_preferences_and_log_out(transactional_db, screen):
    _size, page = screen
    page.goto("/")
    log_out = page.get_by_role("button", name="Log out")
    expect(log_out).to_be_hidden()

    page.locator(".account-menu > summary").click()

    expect(page.get_by_role("link", name="Preferences", exact=True)).to_be_visible()
    log_out.click()
    expect(page.get_by_role("link", name="Log in").first).to_be_visible()


def test_filters_wait_behind_a_button_on_a_phone_and_keep_urls_clean(transactional_db, screen):
    size, page = screen
    page.goto("/ideas/")
    status = page.get_by_label("Status")
    if size == "phone":
        expect(status).to_be_hidden()
        page.get_by_text("Filter", exact=True).click()
    expect(status).to_be_visible()
    # With JavaScript, a change applies at once: no Apply button.
    expect(page.get_by_role("button", name="Apply")).to_be_hidden()

    status.select_option("submitted")

    expect(page.get_by_role("link", name="Status: Submitted (remove)")).to_be_visible()
    page.wait_for_url("**/ideas/?status=submitted*")
    query = urlsplit(page.url).query
    assert "=&" not in f"{query}&" and query.startswith("status=submitted"), query

    page.get_by_role("link", name="Clear all").click()
    page.wait_for_url("**/ideas/?sort=trending")
    page.screenshot(path=screenshots() / f"ideas-filters-{size}.png")


@pytest.mark.parametrize("screen", ["desk"], indirect=True)
def test_the_tag_picker_loads_the_existing_tags_when_the_box_is_first_focused(
    transactional_db, screen
):
    _, page = screen
    page.goto("/ideas/")
    options = page.locator("#tag-names option")
    expect(options).to_have_count(0)  # not part of the page: no query for it

    page.get_by_label("Tag").focus()

    expect(options).to_have_count(2)
    assert sorted(options.evaluate_all("os => os.map(o => o.value)")) == ["delivery", "returns"]


@pytest.mark.parametrize("screen", ["desk"], indirect=True)
def test_the_team_picker_suggests_every_team_and_filters_by_the_one_picked(
    transactional_db, screen
):
    _, page = screen
    page.goto("/ideas/")
    options = page.locator("#team-names option")
    expect(options).to_have_count(0)  # hundreds of teams would weigh on every list page

    box = page.get_by_label("Team")
    box.focus()

    expect(options).to_have_count(Team.objects.count())
    assert "Bristol contact centre" in options.evaluate_all("os => os.map(o => o.value)")
    box.fill("Bristol contact centre")
    box.press("Enter")  # a change: htmx applies it

    expect(page).to_have_url(re.compile(r"/ideas/\?team=Bristol%20contact%20centre&sort=trending$"))
    expect(page.get_by_role("link", name="Team: Bristol contact centre (remove)")).to_be_visible()
    expect(page.locator(".idea-card")).to_have_count(10)  # dave's, of the 20


def test_without_javascript_apply_submits_a_clean_url(
    transactional_db, browser, live_server, login, alice, busy_forum
):
    context = browser.new_context(
        viewport=SCREENS["phone"], base_url=live_server.url, java_script_enabled=False
    )
    page = context.new_page()
    login(page, alice)
    page.goto("/ideas/")
    page.get_by_text("Filter", exact=True).click()
    page.get_by_label("Tag").fill("delivery")

    page.get_by_role("button", name="Apply").click()

    page.wait_for_url("**/ideas/?tag=delivery&sort=trending")
    expect(page.get_by_role("link", name="#delivery (remove)")).to_be_visible()
    context.close()


def test_dark_mode_paints_the_dark_tokens(
    transactional_db, browser, live_server, login, alice, busy_forum
):
    context = browser.new_context(
        viewport=SCREENS["phone"], base_url=live_server.url, color_scheme="dark"
    )
    page = context.new_page()
    login(page, alice)
    page.goto("/ideas/")
    page.screenshot(path=screenshots() / "ideas-phone-dark.png", full_page=True)
    colours = page.evaluate(
        """() => [getComputedStyle(document.documentElement).backgroundColor,
                  getComputedStyle(document.querySelector('.idea-card')).backgroundColor]"""
    )
    assert colours == ["rgb(15, 19, 24)", "rgb(23, 28, 35)"]  # --bg, --surface
    context.close()
