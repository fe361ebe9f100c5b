"""Installable and ours to the edges: favicon, web app manifest, and the error pages
(403, the expired-form 403, 404 and a 500 that shows while the database is down)."""

import json
import sys
import types
from contextlib import contextmanager

import pytest
from django.core.exceptions import PermissionDenied
from django.db import OperationalError, connection
from django.test import Client, RequestFactory
from django.urls import clear_url_caches, path

from accounts.models import Team
from forum.finish import THEME_COLOUR, server_error
from forum.urls import urlpatterns as site_urlpatterns


def test_the_manifest_names_the_site_and_its_icons(client, settings):
    settings.SITE_NAME = "Acme Voices"

    response = client.get("/manifest.webmanifest")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/manifest+json"
    manifest = json.loads(response.content)
    assert manifest["name"] == manifest["short_name"] == "Acme Voices"
    assert (manifest["start_url"], manifest["display"]) == ("/", "standalone")
    assert manifest["theme_color"] == "#0b5cad"
    assert [(icon["src"], icon["sizes"], icon["purpose"]) for icon in manifest["icons"]] == [
        ("/static/icons/icon-192.png", "192x192", "any"),
        ("/static/icons/icon-512.png", "512x512", "any"),
        ("/static/icons/icon-512.png", "512x512", "maskable"),
    ]
    assert {icon["type"] for icon in manifest["icons"]} == {"image/png"}


@pytest.mark.parametrize(
    ("name", "size"),
    [
        ("icon-192.png", 192),
        ("icon-512.png", 512),
        ("apple-touch-icon.png", 180),
        ("favicon-32.png", 32),
    ],
)
def test_each_icon_is_a_png_of_its_size(name, size, settings):
    png = (settings.BASE_DIR / "static" / "icons" / name).read_bytes()
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert png[12:16] == b"IHDR"
    assert (int.from_bytes(png[16:20]), int.from_bytes(png[20:24])) == (size, size)


def test_every_page_links_the_favicon_manifest_and_print_style(client, alice):
    client.force_login(alice)

    html = client.get("/").content.decode()

    assert '<link rel="icon" href="/static/icons/favicon.svg" type="image/svg+xml">' in html
    assert (
        '<link rel="icon" href="/static/icons/favicon-32.png" sizes="32x32" type="image/png">'
        in html
    )
    assert '<link rel="apple-touch-icon" href="/static/icons/apple-touch-icon.png">' in html
    assert '<link rel="manifest" href="/manifest.webmanifest">' in html
    assert '<link rel="stylesheet" href="/static/css/print.css" media="print">' in html
    assert f'<meta name="theme-color" content="{THEME_COLOUR}">' in html


def test_the_login_page_links_them_too(client, db):
    html = client.get("/accounts/login/").content.decode()

    assert '<link rel="manifest" href="/manifest.webmanifest">' in html


def test_a_missing_page_is_ours_with_a_way_back(client, alice, settings):
    settings.DEBUG = False
    client.force_login(alice)

    response = client.get("/ideas/999999/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found · Frontline</title>" in html
    assert "We can't find that page" in html
    assert '<a class="button" href="/">Back to the start</a>' in html
    assert "Not Found</h1>" not in html


def test_a_missing_page_for_someone_logged_out(client, settings):
    settings.DEBUG = False

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    assert "We can't find that page" in response.content.decode()


def test_a_page_not_open_to_you_is_ours(alice, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)
    client.force_login(alice)

    def deny(request):
        raise PermissionDenied

    with extra_urls(settings, path("deny/", deny)):
        response = client.get("/deny/")

    assert response.status_code == 403
    html = response.content.decode()
    assert "This page isn't open to you" in html
    assert '<a class="button" href="/">Back to the start</a>' in html


def test_an_expired_form_says_so_in_our_words(alice, settings):
    settings.DEBUG = False
    client = Client(enforce_csrf_checks=True)
    client.force_login(alice)

    response = client.post("/observations/new/", {"what_happened": "A customer asked"})

    assert response.status_code == 403
    html = response.content.decode()
    assert '<h1 id="error-title">That form had expired</h1>' in html
    assert "Nothing was saved." in html
    assert "CSRF verification failed" not in html


def test_the_500_page_renders_with_the_database_down(settings):
    settings.DEBUG = False

    with connection.execute_wrapper(_database_down):
        response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    html = response.content.decode()
    assert "<title>Something went wrong · Frontline</title>" in html
    assert "Something went wrong on our side" in html
    assert '<a class="button" href="/">Back to the start</a>' in html


@pytest.mark.django_db
def test_a_page_that_breaks_on_the_database_shows_our_500(settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)

    def needs_database(request):
        return Team.objects.get(pk=1)

    boom = path("boom/", needs_database)
    with extra_urls(settings, boom), connection.execute_wrapper(_database_down):
        response = client.get("/boom/")

    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()


def _database_down(execute, sql, params, many, context):
    raise OperationalError("could not connect to server: Connection refused")


@contextmanager
def extra_urls(settings, *patterns):
    """The site's URLs plus test-only views, with the site's error handlers."""
    module = types.ModuleType("finish_test_urls")
    module.urlpatterns = [*patterns, *site_urlpatterns]
    module.handler500 = "forum.finish.server_error"
    sys.modules[module.__name__] = module
    settings.ROOT_URLCONF = module.__name__
    clear_url_caches()
    try:
        yield
    finally:
        del sys.modules[module.__name__]
        clear_url_caches()
