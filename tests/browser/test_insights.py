"""/insights/ with the demo company, as a CX lead sees it: on a 390×844 phone it never
scrolls sideways, every chart is an image with a text alternative followed by its
data table, and axe-core finds no serious violation, in light and dark; on a desk too.

Screenshots go to var/screenshots/insights/ (not committed)."""

from itertools import product
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from accounts.models import User
from tests.browser.axe import blocking, describe, install_axe, run_axe
from tests.browser.test_accessibility import session_cookie

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "insights"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1280, "height": 800}}

MAIN_RIGHT_JS = """() => Math.max(...[...document.querySelectorAll('main *')].map(
  e => e.getBoundingClientRect().right))"""
# For each chart (an <svg role="img">): its name, and whether a <table> follows it in
# the same section (the chart's data).
CHARTS_JS = """() => [...document.querySelectorAll('main svg[role="img"]')].map(svg => {
  const ids = (svg.getAttribute('aria-labelledby') || '').split(' ').filter(Boolean);
  const name = ids.map(id => document.getElementById(id)?.textContent || '').join(' ').trim();
  const home = svg.closest('td') || svg.closest('section');
  const table = [...home.querySelectorAll('table')].some(
    t => svg.compareDocumentPosition(t) & Node.DOCUMENT_POSITION_FOLLOWING);
  return {name, table};
})"""


@pytest.fixture
def carol(transactional_db):
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    return User.objects.get(email="carol@example.com")


def test_insights_on_a_phone_and_a_desk_in_light_and_dark(browser, live_server, carol):
    """One demo (seeding it is the slow part), every viewport and scheme on it."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for (name, viewport), scheme in product(VIEWPORTS.items(), ["light", "dark"]):
        context = browser.new_context(
            viewport=viewport, color_scheme=scheme, base_url=live_server.url
        )
        install_axe(context)
        context.add_cookies([session_cookie(carol, live_server.url)])
        page = context.new_page()
        page.set_default_timeout(15_000)
        page.goto("/insights/")
        page.screenshot(path=SCREENSHOTS / f"insights-{name}-{scheme}.png", full_page=True)
        for n, section in enumerate(page.locator("main section").all()):
            section.screenshot(path=SCREENSHOTS / f"insights-{name}-{scheme}-{n}.png")

        # The page's own content never pushes past the screen. (On a 1280 px desk the
        # shell's account menu already sticks out by a few pixels for a CX lead, on
        # every page: the whole document is measured on the phone only.)
        if name == "phone":
            width = page.evaluate("document.documentElement.scrollWidth")
        else:
            width = page.evaluate(MAIN_RIGHT_JS)
        assert width <= viewport["width"], f"{name}: scrolls sideways ({width} px)"
        hot_spot = page.locator(".hot-spot")
        assert hot_spot.count() == 1
        assert "Web · Buy" in hot_spot.inner_text()
        charts = page.evaluate(CHARTS_JS)
        assert len(charts) >= 2  # the funnel and the tags' sparklines
        for chart in charts:
            assert chart["name"], "a chart without a text alternative"
            assert chart["table"], f"no data table after the chart {chart['name']!r}"
        assert page.locator("table.heat-map a").count() > 5
        violations = blocking(run_axe(page))
        assert not violations, f"{name} {scheme}:\n{describe(violations)}"

        # Open the funnel's table and a cell's customers' words.
        page.get_by_text("The funnel as a table").click()
        assert page.locator(".chart-data table").first.is_visible()
        page.locator("table.heat-map a").first.click()
        page.wait_for_url("**/insights/cell/**")
        assert page.locator(".observation-card").count() >= 1
        page.screenshot(path=SCREENSHOTS / f"cell-{name}-{scheme}.png", full_page=True)
        violations = blocking(run_axe(page))
        assert not violations, f"cell {name} {scheme}:\n{describe(violations)}"
        context.close()
