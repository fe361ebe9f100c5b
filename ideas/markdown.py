"""Comment Markdown: rendered with `markdown`, then sanitised with nh3 to a small safe
set of tags. @mentions become <strong class="mention">, but only for names that
matched a person, so `@nobody` stays plain text.

The mention rule: `@` followed by the local part of a colleague's email address
(`@alice` is alice@…), not preceded by a letter, digit, `@`, `.` or `/` so that
email addresses and URLs are not mistaken for mentions.
"""

import xml.etree.ElementTree as etree

import markdown
import nh3
from markdown.extensions import Extension
from markdown.inlinepatterns import InlineProcessor
from markdown.util import AtomicString

MENTION_PATTERN = r"(?<![\w@./:+-])@([A-Za-z0-9_%+-]+(?:\.[A-Za-z0-9_%+-]+)*)"

ALLOWED_TAGS = {
    "p",
    "a",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "br",
}
ALLOWED_ATTRIBUTES = {"a": {"href"}}
ALLOWED_CLASSES = {"strong": {"mention"}}
ALLOWED_URL_SCHEMES = {"http", "https", "mailto"}


class _MentionProcessor(InlineProcessor):
    def __init__(self, pattern, md, names, found):
        super().__init__(pattern, md)
        self.names = names
        self.found = found

    def handleMatch(self, m, data):
        name = m.group(1)
        self.found.append(name.lower())
        if name.lower() not in self.names:
            return None, None, None
        element = etree.Element("strong", {"class": "mention"})
        element.text = AtomicString(f"@{name}")
        return element, m.start(0), m.end(0)


class _MentionExtension(Extension):
    def __init__(self, names, found):
        super().__init__()
        self.names = names
        self.found = found

    def extendMarkdown(self, md):
        # After emphasis (priority 50), so `*@alice*` is both; code spans come much
        # earlier, so a mention inside `code` is left alone.
        processor = _MentionProcessor(MENTION_PATTERN, md, self.names, self.found)
        md.inlinePatterns.register(processor, "mention", 45)


def _to_html(text: str, names=frozenset(), found=None) -> str:
    extensions = ["nl2br", "sane_lists", _MentionExtension(names, [] if found is None else found)]
    return markdown.markdown(text, extensions=extensions, output_format="html")


def mention_candidates(text: str) -> list[str]:
    """Lower-cased @names in the text, in order, once each, ignoring code."""
    found: list[str] = []
    _to_html(text, found=found)
    return list(dict.fromkeys(found))


def render(text: str, mentions=frozenset()) -> str:
    """Safe HTML for a comment; `mentions` are the lower-cased names to highlight."""
    html = _to_html(text, names={name.lower() for name in mentions})
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes=ALLOWED_CLASSES,
        url_schemes=ALLOWED_URL_SCHEMES,
        link_rel="nofollow noopener",
    )
