"""Where to send a person after a form: the one home of a safe "next"."""

from django.utils.http import url_has_allowed_host_and_scheme


def is_local_path(request, url: str) -> bool:
    """Whether `url` is a path on this site, such as "/ideas/?page=2#vote-3".

    Not another site ("//evil.example", "https://evil.example/x"), and not a bare word
    such as "abc", which `redirect()` would try to reverse as a view name."""
    return (
        url.startswith("/")
        and not url.startswith("//")
        and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    )


def safe_next(request, default: str) -> str:
    """The request's `next` (posted, else in the query string) if it is a local path,
    else `default`."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    return url if is_local_path(request, url) else default
