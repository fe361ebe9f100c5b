"""Three colleagues report an abusive comment, it disappears at once, and a CX lead
reviews it in the moderation queue and keeps it hidden; on a phone and on a desk,
with axe-core finding no serious violation on the pages of the journey.

Screenshots go to var/screenshots/moderation/ (not committed)."""

from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import expect

from ideas.comments import post_comment
from moderation.models import Report
from tests.browser.axe import blocking, describe, install_axe, run_axe
from tests.factories import IdeaFactory, UserFactory

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "moderation"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desk": {"width": 1280, "height": 800}}
RUDE = "Whoever wrote this has no idea what they are doing"


@pytest.fixture(params=list(VIEWPORTS))
def viewport(request):
    return request.param


@pytest.fixture
def open_page(browser, live_server, viewport):
    contexts = []

    def _open():
        context = browser.new_context(viewport=VIEWPORTS[viewport], base_url=live_server.url)
        install_axe(context)
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(10_000)
        return page

    yield _open
    for context in contexts:
        context.close()


def check(page, name, viewport):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{viewport}.png", full_page=True)
    found = blocking(run_axe(page))
    assert not found, f"{name} ({viewport}):\n{describe(found)}"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= VIEWPORTS[viewport]["width"], f"{name} overflows: {width}px"


def test_report_queue_hide(transactional_db, open_page, login, viewport, alice, bob, dave, carol):
    idea = IdeaFactory(author=alice, title="Self-checkout for returns")
    comment = post_comment(target=idea, by=dave, body=RUDE)
    erin_like = [bob, UserFactory(email="lee@example.com", display_name="Lee Long")]
    for number, person in enumerate(erin_like):
        page = open_page()
        login(page, person)
        page.goto(idea.get_absolute_url())
        page.locator(f"#comment-{comment.pk}").get_by_role(
            "link", name="Report this comment"
        ).click()
        expect(page.get_by_role("heading", name="Report this comment")).to_be_visible()
        if number == 0:
            check(page, "report-form", viewport)
        page.get_by_label("Abusive or disrespectful").check()
        page.get_by_label("Anything the CX leads should know").fill("Insulting the author")
        page.get_by_role("button", name="Send the report").click()
        expect(page.get_by_text("Thank you: a CX lead will look at it.")).to_be_visible()
        expect(page.locator(f"#comment-{comment.pk}")).to_be_visible()  # two are not enough

    # The third reporter hides it at once.
    page = open_page()
    login(page, alice)
    page.goto(idea.get_absolute_url())
    page.locator(f"#comment-{comment.pk}").get_by_role("link", name="Report this comment").click()
    page.get_by_label("Abusive or disrespectful").check()
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_text("Thank you: a CX lead will look at it.")).to_be_visible()
    expect(page.locator(f"#comment-{comment.pk}")).to_have_count(0)
    expect(page.get_by_text(RUDE)).to_have_count(0)

    # Carol finds it in the queue, marked hidden, and keeps it hidden.
    page = open_page()
    login(page, carol)
    if viewport == "desk":
        page.locator(".account-menu summary").click()
        page.get_by_role("link", name="Moderation").click()
    else:
        page.goto("/moderation/")
    entry = page.locator(f"#report-comment-{comment.pk}")
    expect(entry).to_contain_text("Reported by 3 people")
    expect(entry).to_contain_text("Abusive or disrespectful (3)")
    expect(entry).to_contain_text("Insulting the author")
    expect(entry.locator(".pill-danger")).to_have_text("Hidden")
    check(page, "queue", viewport)
    entry.get_by_label("Why it stays hidden").fill("Personal attack on a colleague")
    entry.get_by_role("button", name="Keep hidden").click()
    expect(page.get_by_text("Hidden: only CX leads see it now.")).to_be_visible()
    expect(page.locator(f"#report-comment-{comment.pk}")).to_have_count(0)
    check(page, "queue-empty", viewport)
    assert not Report.objects.open().exists()

    # The idea's timeline says a comment was hidden, automatically first.
    page.goto(idea.get_absolute_url())
    expect(page.locator(".event-hidden")).to_have_count(1)
    expect(page.locator(".event-hidden")).to_contain_text(
        "A comment was hidden until a CX lead reviews it"
    )
    expect(page.locator(f"#comment-{comment.pk}")).to_contain_text("Hidden from colleagues")
    check(page, "idea-for-cx-lead", viewport)
