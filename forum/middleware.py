"""Site-wide rules every request and answer follows, whatever the page."""

from django.http import HttpResponseBadRequest
from django.utils.cache import patch_cache_control

NUL = "\x00"
NUL_REFUSED = "A NUL character (%00) is not allowed in an address, a form or a cookie."


def _has_nul(query_dict) -> bool:
    return any(
        NUL in key or any(NUL in value for value in values) for key, values in query_dict.lists()
    )


class RefuseNulBytesMiddleware:
    """Answer 400 to a request with a NUL character in its path, query string, form or
    cookies. No page takes one, and PostgreSQL refuses it in text, so left alone it
    becomes a 500 wherever a value reaches a query without a form's validation."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if (
            NUL in request.path
            or "%00" in request.META.get("QUERY_STRING", "")
            or _has_nul(request.GET)
            or _has_nul(request.POST)
            or any(NUL in value for value in request.COOKIES.values())
        ):
            return HttpResponseBadRequest(NUL_REFUSED, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class PrivateWhenSignedInMiddleware:
    """Mark every answer to a signed-in person `Cache-Control: private`.

    Each of their pages and partials is theirs alone (the unread badge in the header,
    their votes, their notifications), so no shared cache may keep one for someone
    else. Doing it here rather than per view means a new page cannot forget. An answer
    that sets its own Cache-Control (never_cache, say) keeps it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True)
        return response
