"""Template filters for showing posts without breaking anonymity."""

from django import template

register = template.Library()


@register.filter
def byline(post, user) -> str:
    """ "Alice Archer, Leeds store", or "Anonymous" with no team for an anonymous post
    whose author `user` may not see (see ideas.models.Authored)."""
    return str(post.byline_for(user))
