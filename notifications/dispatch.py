"""Who hears about what. Placeholder: being built.

Called by actions inside their transaction; writes Notification and OutboxEmail rows.
"""


def notify_idea_event(*, event) -> None:
    """Notify the people who should hear about an IdeaEvent."""


def notify_comment(*, comment) -> None:
    """Notify post authors, followers and @mentioned people about a new comment."""
