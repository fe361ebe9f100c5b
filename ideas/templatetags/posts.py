"""Template filters for showing posts: bylines that keep anonymity, and the one way
pages say when something happened."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html

from ideas.text import shorten as shorten_text

register = template.Library()

EXACT = "j M Y, H:i"


@register.filter
def byline(post, user) -> str:
    """ "Alice Archer, Leeds store", or "Anonymous" with no team for an anonymous post
    whose author `user` may not see (see ideas.models.Authored)."""
    return str(post.byline_for(user))


@register.filter
def shorten(text, limit) -> str:
    """`text` cut at a word with an ellipsis (ideas.text.shorten)."""
    return shorten_text(str(text or ""), int(limit))


@register.filter
def when(moment):
    """A <time> saying how long ago, short ("5 min ago", "yesterday", "3 Mar"), with
    the exact time in its title (shown on hover)."""
    if not moment:
        return ""
    local = timezone.localtime(moment)
    return format_html(
        '<time datetime="{}" title="{}">{}</time>',
        local.isoformat(),
        format_date(local, EXACT),
        ago(local, timezone.localtime()),
    )


def ago(moment, now) -> str:
    seconds = (now - moment).total_seconds()
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{int(seconds // 60)} min ago"
    if seconds < 86400:
        return f"{int(seconds // 3600)} h ago"
    days = (now.date() - moment.date()).days
    if days <= 1:
        return "yesterday"
    if days < 7:
        return f"{days} days ago"
    return format_date(moment, "j M" if moment.year == now.year else "j M Y")
