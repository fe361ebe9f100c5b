"""axe-core finds no serious or critical violation on the site's nine main pages, on
a 390×844 phone and a 1440×900 desktop, in light and in dark (prefers-color-scheme),
with the demo company's data, each page seen by the persona who uses it; nor on the
error pages and the admin.

Each page's screenshot is written to var/screenshots/accessibility/ (not committed)."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client, RequestFactory

from accounts.models import User
from forum.finish import server_error
from ideas.models import Idea, Observation
from tests.browser.axe import blocking, describe, install_axe, run_axe

SCREENSHOTS = Path(settings.BASE_DIR) / "var" / "screenshots" / "accessibility"
VIEWPORTS = {"phone": {"width": 390, "height": 844}, "desktop": {"width": 1440, "height": 900}}
SCHEMES = ["light", "dark"]


@pytest.fixture
def demo(transactional_db):
    """The demo company, as `make run` shows it."""
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    alice = User.objects.get(email="alice@example.com")
    idea = (
        Idea.objects.visible_to(alice).not_merged().filter(evidence__isnull=False).order_by("pk")
    ).first()
    observation = Observation.objects.visible_to(alice).order_by("pk").first()
    return {
        "alice": alice,
        "bob": User.objects.get(email="bob@example.com"),
        "carol": User.objects.get(email="carol@example.com"),
        "idea": idea,
        "observation": observation,
    }


@pytest.fixture
def axe_page(browser, live_server):
    """A page factory: a browser context at a viewport and colour scheme, signed in as
    a person, with axe-core injected into every page it opens."""
    contexts = []

    def _page(user, viewport: str, scheme: str):
        context = browser.new_context(
            viewport=VIEWPORTS[viewport], color_scheme=scheme, base_url=live_server.url
        )
        contexts.append(context)
        install_axe(context)
        if user is not None:
            context.add_cookies([session_cookie(user, live_server.url)])
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield _page
    for context in contexts:
        context.close()


def session_cookie(user, url: str) -> dict:
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME]
    return {"name": cookie.key, "value": cookie.value, "url": url}


def pages(demo) -> list[tuple[str, str, str]]:
    """(name, persona, path) of the nine pages, each as its usual reader sees it."""
    return [
        ("home", "alice", "/"),
        ("ideas", "alice", "/ideas/"),
        ("observations", "alice", "/observations/"),
        ("idea", "alice", demo["idea"].get_absolute_url()),
        ("observation", "alice", demo["observation"].get_absolute_url()),
        ("post-observation", "alice", "/observations/new/"),
        ("manage", "bob", "/manage/"),
        ("board", "bob", "/manage/board/"),
        ("notifications", "alice", "/notifications/"),
    ]


def check(page, name: str, path, viewport: str, scheme: str, expect_status=200) -> str:
    """Open `path` (None: stay on the page as it is), screenshot it, and return axe's
    serious or critical findings and any layout problem (sideways scrolling, a header
    over 56 px) as text (empty when there are none)."""
    if path is not None:
        response = page.goto(path)
        assert response.status == expect_status, f"{path} answered {response.status}"
    page.wait_for_load_state("networkidle")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}-{viewport}-{scheme}.png", full_page=True)
    violations = blocking(run_axe(page))
    found = "\n".join(
        part for part in (describe(violations) if violations else "", layout_problems(page)) if part
    )
    return f"{name} ({page.url}):\n{found}" if found else ""


def layout_problems(page) -> str:
    """The page must not scroll sideways, and its header stays compact (<= 56 px)."""
    sizes = page.evaluate(
        """() => ({
            scrollWidth: document.documentElement.scrollWidth,
            innerWidth: window.innerWidth,
            header: document.querySelector(".site-header")?.getBoundingClientRect().height,
        })"""
    )
    problems = []
    if sizes["scrollWidth"] > sizes["innerWidth"]:
        problems.append(f"  scrolls sideways: {sizes['scrollWidth']} > {sizes['innerWidth']} px")
    if sizes["header"] is not None and sizes["header"] > 56:
        problems.append(f"  header {sizes['header']} px > 56 px")
    return "\n".join(problems)


@pytest.mark.parametrize("viewport", list(VIEWPORTS))
def test_the_pages_have_no_serious_violation_in_light_and_dark(
    demo, axe_page, live_server, viewport
):
    """One demo per viewport (seeding it is the slow part), both schemes on it."""
    report = "\n".join(
        failure
        for scheme in SCHEMES
        for failure in [
            *nine_pages(demo, axe_page, viewport, scheme),
            *error_pages_and_admin(demo, axe_page, live_server, viewport, scheme),
        ]
        if failure
    )
    assert not report, f"axe-core, {viewport}: serious or critical violations\n{report}"


def nine_pages(demo, axe_page, viewport: str, scheme: str) -> list[str]:
    readers = {}
    failures = []
    for name, persona, path in pages(demo):
        if persona not in readers:
            readers[persona] = axe_page(demo[persona], viewport, scheme)
        failures.append(check(readers[persona], name, path, viewport, scheme))
    return failures


def error_pages_and_admin(demo, axe_page, live_server, viewport: str, scheme: str) -> list[str]:
    alice = axe_page(demo["alice"], viewport, scheme)
    carol = axe_page(demo["carol"], viewport, scheme)
    return [
        check(alice, "not-found", "/ideas/999999/", viewport, scheme, expect_status=404),
        check(alice, "form-expired", expired_form(alice), viewport, scheme, expect_status=None),
        check(alice, "server-error", serve_500(alice, live_server), viewport, scheme, 500),
        check(carol, "admin", "/admin/", viewport, scheme),
        check(carol, "admin-people", "/admin/accounts/", viewport, scheme),
    ]


def expired_form(page) -> None:
    """Leave the page on the expired-form 403: a form sent without its CSRF cookie."""
    page.goto("/observations/new/")
    page.context.clear_cookies(name="csrftoken")
    with page.expect_navigation():
        page.evaluate("document.querySelector('main form[method=post]').submit()")
    assert "That form had expired" in page.content()
    return None


def serve_500(page, live_server) -> str:
    """A path the browser gets the 500 page at, as the site renders it."""
    body = server_error(RequestFactory().get("/")).content.decode()
    page.route(
        f"{live_server.url}/server-error-for-axe/",
        lambda route: route.fulfill(status=500, body=body, content_type="text/html"),
    )
    return "/server-error-for-axe/"


def test_the_harness_finds_a_serious_violation(axe_page, live_server, transactional_db):
    """A button with no name and an image with no alternative fail the checks above."""
    page = axe_page(None, "phone", "light")
    page.route(
        f"{live_server.url}/broken-for-axe/",
        lambda route: route.fulfill(
            body='<!doctype html><html lang="en"><title>x</title><main><h1>x</h1>'
            '<img src="data:,"><button></button></main></html>',
            content_type="text/html",
        ),
    )
    page.goto("/broken-for-axe/")

    found = blocking(run_axe(page))

    assert sorted(violation["id"] for violation in found) == ["button-name", "image-alt"]
    assert "[critical] button-name" in describe(found)
