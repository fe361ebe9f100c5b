"""Template filters for showing posts without breaking anonymity."""

from django import template

register = template.Library()


@register.filter
def byline(post, user) -> str:
    """The author's name, or "Anonymous" for an anonymous post that `user` may not
    see the author of (everyone but CX leads and the author)."""
    if not post.author_visible_to(user):
        return "Anonymous"
    name = post.author.name
    return f"{name} (posted anonymously)" if post.is_anonymous else name
