"""Cutting text for headings, labels and lists: at a word, with an ellipsis."""

from django.utils.text import Truncator


def shorten(text: str, limit: int) -> str:
    """`text` on one line in at most `limit` characters, or cut after the last whole
    word that fits, with "…" (a single word longer than `limit` is cut inside)."""
    line = " ".join((text or "").split())
    if len(line) <= limit:
        return line
    words = Truncator(line).words(len(line[: limit + 1].split()) - 1 or 1, truncate="")
    if len(words) > limit:
        words = line[:limit]
    return words.rstrip(" ,.;:–-") + "…"
