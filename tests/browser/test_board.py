"""The board on a phone and on a desk: every column reachable inside the board's own
scrolling box (the page itself never scrolls sideways), and a move from the dialog
updates the columns' counts in place."""

import pytest
from playwright.sync_api import expect

from ideas.models import Status
from tests.ideas.lifecycle_helpers import submitted_idea

SCREENS = {"phone": (390, 844), "desktop": (1440, 900)}
COLUMNS = ["submitted", "under_review", "planned", "in_progress", "done", "declined"]


@pytest.fixture
def screen(request, browser, live_server):
    width, height = SCREENS[request.param]
    context = browser.new_context(
        viewport={"width": width, "height": height}, base_url=live_server.url
    )
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


@pytest.fixture
def leeds_board(alice):
    """Two submitted ideas in Leeds and one in every other column."""
    ideas = [submitted_idea(alice, title=f"Submitted {n}") for n in (1, 2)]
    for status in COLUMNS[1:]:
        submitted_idea(alice, title=f"An idea {status}", status=status)
    return ideas


def page_overflow(page) -> int:
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("screen", list(SCREENS), indirect=True)
def test_every_column_is_reachable_without_the_page_scrolling_sideways(
    transactional_db, screen, login, bob, leeds_board
):
    login(screen, bob)
    screen.goto("/manage/board/")
    assert page_overflow(screen) == 0
    for status in COLUMNS:
        heading = screen.locator(f"#column-{status}-heading")
        heading.scroll_into_view_if_needed()
        expect(heading).to_be_in_viewport()
    assert page_overflow(screen) == 0


@pytest.mark.parametrize("screen", ["phone"], indirect=True)
def test_on_a_phone_the_columns_scroll_inside_the_board_a_column_at_a_time(
    transactional_db, screen, login, bob, leeds_board
):
    login(screen, bob)
    screen.goto("/manage/board/")
    scroll_width, width = screen.locator("#board").evaluate("b => [b.scrollWidth, b.clientWidth]")
    assert scroll_width > 5 * width  # six columns, one (and a peek of the next) at a time
    column = screen.locator(".board-column").first.bounding_box()
    assert 0.8 * 390 <= column["width"] <= 0.9 * 390
    snap = screen.locator("#board").evaluate("b => getComputedStyle(b).scrollSnapType")
    assert snap == "x mandatory"
    # The scroll cue: a shadow at the end where columns are hidden, none at the start.
    frame = screen.locator(".board-frame")
    expect(frame).to_have_class("board-frame has-more-end")
    screen.locator("#column-declined-heading").scroll_into_view_if_needed()
    expect(frame).to_have_class("board-frame has-more-start")


@pytest.mark.parametrize("screen", list(SCREENS), indirect=True)
def test_a_move_updates_the_counts_without_a_reload(
    transactional_db, screen, login, bob, leeds_board
):
    moved, _ = leeds_board
    login(screen, bob)
    screen.goto("/manage/board/")
    screen.evaluate("window.notReloaded = true")
    expect(screen.locator("#column-submitted-count")).to_have_text("2 ideas")
    expect(screen.locator("#column-planned-count")).to_have_text("1 idea")

    screen.locator(f"#card-{moved.pk}").get_by_role("link", name="Move").click()
    dialog = screen.get_by_role("dialog")
    dialog.get_by_label("Move to").select_option(label="Planned")
    dialog.get_by_label("Public note").fill("Next sprint")
    dialog.get_by_role("button", name="Save").click()

    expect(dialog).to_be_hidden()
    expect(screen.locator(f"#column-planned #card-{moved.pk}")).to_be_visible()
    expect(screen.locator("#column-submitted-count")).to_have_text("1 idea")
    expect(screen.locator("#column-planned-count")).to_have_text("2 ideas")
    assert screen.evaluate("window.notReloaded") is True
    assert moved.__class__.objects.get(pk=moved.pk).status == Status.PLANNED


def test_the_triage_queues_count_follows_a_move(transactional_db, phone, login, bob, leeds_board):
    moved, _ = leeds_board
    login(phone, bob)
    phone.goto("/manage/")
    expect(phone.locator("#triage-count")).to_have_text("2 ideas awaiting triage.")
    phone.locator(f"#triage-{moved.pk}").get_by_role("button", name="Move to under review").click()
    expect(phone.locator(f"#triage-{moved.pk}")).to_contain_text("Moved to under review.")
    expect(phone.locator("#triage-count")).to_have_text("1 idea awaiting triage.")
