"""Comments: Markdown, sanitised; @mentions. Placeholder: being built."""


def comments_context(*, target, user) -> dict:
    """Context for templates/ideas/_comments.html on an idea or observation page."""
    return {}
