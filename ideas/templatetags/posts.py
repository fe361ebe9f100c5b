"""Template filters for showing posts: bylines that keep anonymity, and the one way
pages say when something happened."""

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.formats import date_format
from django.utils.html import format_html

from ideas.models import initials_of
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
        local.isoformat(timespec="seconds"),
        format_date(local, EXACT),
        ago(moment),
    )


@register.filter
def byline_initials(post, user) -> str:
    """The avatar's letters for the byline `user` sees: "?" when the author is hidden."""
    return post.byline_for(user).initials


@register.filter
def initials(person) -> str:
    """The avatar's letters for a person (the account menu)."""
    return initials_of(person.name)


# (seconds in the unit, its short name); the first unit the age fits is used.
_UNITS = [(60, None), (3600, "min"), (86400, "h"), (7 * 86400, "d"), (35 * 86400, "w")]


@register.filter
def ago(moment) -> str:
    """A short age for cards: "just now", "5 min ago", "3 h ago", "2 d ago", "3 w ago",
    then the date ("4 Mar 2025"). The exact time goes in the <time> title."""
    if not moment:
        return ""
    seconds = (timezone.now() - moment).total_seconds()
    size = 1
    for limit, unit in _UNITS:
        if seconds < limit:
            return "just now" if unit is None else f"{int(seconds // size)} {unit} ago"
        size = limit
    return date_format(timezone.localtime(moment), "j M Y")
