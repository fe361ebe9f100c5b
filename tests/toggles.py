"""Read a toggle button out of rendered HTML as a screen reader would: its name (the
text that is not aria-hidden), aria-pressed, and its description (the text of the
element its aria-describedby names)."""

from dataclasses import dataclass
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source"}


@dataclass
class Toggle:
    name: str
    pressed: str
    description: str
    disabled: bool


class _Texts(HTMLParser):
    """The visible-to-assistive-technology text of every element with an id."""

    def __init__(self):
        super().__init__()
        self.attrs: dict[str, dict] = {}
        self.texts: dict[str, list[str]] = {}
        self.open: list[tuple[str | None, bool]] = []  # (id, aria-hidden) per open tag

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if attrs.get("id"):
            self.attrs[attrs["id"]] = attrs
            self.texts.setdefault(attrs["id"], [])
        if tag not in VOID:
            self.open.append((attrs.get("id"), attrs.get("aria-hidden") == "true"))

    def handle_endtag(self, tag):
        if tag not in VOID and self.open:
            self.open.pop()

    def handle_data(self, data):
        if any(hidden for _id, hidden in self.open):
            return
        for element_id, _hidden in self.open:
            if element_id:
                self.texts[element_id].append(data)


def toggle(html: str, button_id: str) -> Toggle:
    parser = _Texts()
    parser.feed(html)
    attrs = parser.attrs[button_id]

    def text(element_id):
        return " ".join("".join(parser.texts.get(element_id, [])).split())

    return Toggle(
        name=text(button_id),
        pressed=attrs.get("aria-pressed"),
        description=text(attrs.get("aria-describedby", "")),
        disabled="disabled" in attrs,
    )
