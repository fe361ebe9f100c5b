"""What makes the site installable and its error pages its own: the web app manifest
and the 500 page."""

from django.conf import settings
from django.http import HttpResponseServerError, JsonResponse
from django.template import loader
from django.templatetags.static import static
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

THEME_COLOUR = "#0b5cad"
BACKGROUND_COLOUR = "#f4f6f8"


def manifest_data() -> dict:
    """The manifest a phone reads to put the site on its home screen."""
    name = settings.SITE_NAME
    return {
        "name": name,
        "short_name": name,
        "description": "What customers tell us, and what we do about it.",
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "theme_color": THEME_COLOUR,
        "background_color": BACKGROUND_COLOUR,
        "icons": [
            *({**_icon(size), "purpose": "any"} for size in (192, 512)),
            # The speech bubble sits inside the maskable safe zone: phones may crop it round.
            {**_icon(512), "purpose": "maskable"},
        ],
    }


def _icon(size: int) -> dict:
    return {"src": static(f"icons/icon-{size}.png"), "sizes": f"{size}x{size}", "type": "image/png"}


@require_safe
@cache_control(public=True, max_age=3600)
def manifest(request):
    return JsonResponse(manifest_data(), content_type="application/manifest+json")


def server_error(request):
    """The 500 page, rendered without the request's context: no context processor, so
    no query, runs while the database is what broke."""
    body = loader.render_to_string("500.html", {"SITE_NAME": settings.SITE_NAME})
    return HttpResponseServerError(body)
