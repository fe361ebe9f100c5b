"""A phone can put the site on its home screen (Chromium finds nothing missing from
the manifest), and an idea prints as the post, its evidence and its timeline: no
navigation, forms or buttons, and each link's address written out."""

import pytest

from tests.factories import IdeaFactory, ObservationFactory


@pytest.fixture
def printable_idea(alice):
    idea = IdeaFactory(author=alice, title="Let customers book a fitting by text")
    observation = ObservationFactory(author=alice, what_happened="A customer asked to book ahead.")
    idea.evidence.create(observation=observation)
    return idea


def test_chromium_finds_the_site_installable(phone, live_server, transactional_db):
    phone.goto("/accounts/login/")
    phone.wait_for_load_state("networkidle")
    cdp = phone.context.new_cdp_session(phone)

    manifest = cdp.send("Page.getAppManifest")
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]

    assert manifest["url"] == f"{live_server.url}/manifest.webmanifest"
    assert manifest["errors"] == []
    # A Playwright context is always incognito, where Chromium never offers to install;
    # that is the only thing it may find.
    assert [error["errorId"] for error in errors] in ([], ["in-incognito"])


def test_an_idea_prints_without_the_controls(phone, login, alice, printable_idea):
    login(phone, alice)
    phone.goto(printable_idea.get_absolute_url())
    phone.emulate_media(media="print")

    assert phone.get_by_role("heading", level=1, name=printable_idea.title).is_visible()
    assert phone.locator("#evidence").get_by_text("A customer asked to book ahead.").is_visible()
    for hidden in ("header.site-header", "footer.site-footer", "main form", "main button"):
        assert phone.locator(hidden).first.is_hidden(), f"{hidden} shows on paper"
    evidence_link = phone.locator("#evidence a[href^='/observations/']").first
    after = evidence_link.evaluate("a => getComputedStyle(a, '::after').content")
    assert after == f'" ({evidence_link.get_attribute("href")})"'


def test_on_screen_the_page_keeps_its_controls(phone, login, alice, printable_idea):
    login(phone, alice)
    phone.goto(printable_idea.get_absolute_url())

    assert phone.locator("header.site-header").is_visible()
    assert phone.locator("main button").first.is_visible()
