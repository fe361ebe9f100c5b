"""Ids read from query strings and forms, where anything may be typed."""

# The largest id a BigAutoField holds. Past it SQLite raises OverflowError, so a
# longer number is no id rather than a 500.
MAX_ID = 2**63 - 1


def parse_id(text) -> int | None:
    """The id that `text` spells ("12"), or None: only ASCII digits count (str.isdigit
    also takes "²", which int() refuses), and only numbers from 1 to MAX_ID."""
    if not isinstance(text, str) or not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    number = int(text)
    return number if 1 <= number <= MAX_ID else None
