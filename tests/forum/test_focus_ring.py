"""The keyboard focus ring shows on every background the site paints (WCAG 2.2
non-text contrast: at least 3:1 against what is next to it).

The colours are read from static/css/site.css itself, so a new background, or a new
ring colour, that breaks the rule fails here.
"""

import re
from pathlib import Path

import pytest
from django.conf import settings

CSS = Path(settings.BASE_DIR, "static", "css", "site.css")
MINIMUM = 3.0
# Background values that paint no colour of their own.
NO_COLOUR = {"none", "transparent", "inherit", "currentcolor"}
# A QR code stays dark on white in both schemes, or phones cannot scan it; nothing in
# it takes focus.
NOT_FOCUSABLE = {".qr-code"}
# The tokens every stylesheet paints with (docs/design.md).
SURFACES = ["--bg", "--surface", "--surface-2", "--accent", "--accent-soft", "--danger"]


def rules(css: str) -> list[tuple[str, dict[str, str]]]:
    """(selector, {property: value}) for every rule, @media blocks included."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    found = []
    for selector, body in re.findall(r"([^{}]+)\{([^{}]*)\}", css):
        declarations = (d.split(":", 1) for d in body.split(";") if ":" in d)
        found.append((selector.strip(), {k.strip(): v.strip() for k, v in declarations}))
    return found


DARK = re.compile(r"@media\s*\(prefers-color-scheme:\s*dark\)\s*\{((?:[^{}]*\{[^{}]*\})*)\s*\}")


def schemes(css: str) -> dict[str, dict[str, str]]:
    """{"light": tokens, "dark": tokens}: :root's custom properties, and the dark
    scheme's :root (under prefers-color-scheme: dark) laid over them."""
    css = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    [dark_block] = DARK.findall(css)
    light = custom_properties(rules(DARK.sub("", css)))
    return {"light": light, "dark": {**light, **custom_properties(rules(dark_block))}}


def custom_properties(all_rules) -> dict[str, str]:
    return {
        k: v
        for selector, body in all_rules
        if selector == ":root"
        for k, v in body.items()
        if k.startswith("--")
    }


def colour_of(value: str, variables: dict[str, str]) -> str:
    """The one hex colour in a declaration's value, var() resolved."""
    value = re.sub(r"var\((--[\w-]+)\)", lambda m: variables[m.group(1)], value)
    colours = re.findall(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b", value)
    assert len(colours) == 1, f"Cannot read one colour in {value!r}: teach this test to."
    return six_digits(colours[0])


def six_digits(colour: str) -> str:
    """#rgb or #rrggbb as #rrggbb, lower case."""
    digits = colour.lstrip("#").lower()
    return "#" + ("".join(d * 2 for d in digits) if len(digits) == 3 else digits)


def luminance(colour: str) -> float:
    """WCAG relative luminance of #rgb or #rrggbb."""
    digits = six_digits(colour).lstrip("#")
    channels = [int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    lighter, darker = sorted((luminance(a), luminance(b)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.fixture(scope="module", params=["light", "dark"])
def site_css(request):
    css = CSS.read_text()
    return rules(css), schemes(css)[request.param]


@pytest.fixture(scope="module")
def ring(site_css):
    """(outer ring colour, inner halo colour or None) of the one :focus-visible rule."""
    all_rules, variables = site_css
    [focus] = [body for selector, body in all_rules if selector == ":focus-visible"]
    halo = focus.get("box-shadow")
    return colour_of(focus["outline"], variables), halo and colour_of(halo, variables)


def backgrounds(site_css) -> dict[str, str]:
    """{colour: the first selector painting it} for every background in the CSS."""
    all_rules, variables = site_css
    found = {}
    for selector, body in all_rules:
        if selector in NOT_FOCUSABLE:
            continue
        for prop in ("background", "background-color"):
            if prop in body and body[prop].lower() not in NO_COLOUR:
                found.setdefault(colour_of(body[prop], variables), selector)
    return found


def test_the_contrast_formula_matches_wcag():
    assert contrast("#000000", "#ffffff") == pytest.approx(21.0)
    assert contrast("#777", "#fff") == pytest.approx(4.48, abs=0.01)
    assert contrast("#ff9f1c", "#ffffff") == pytest.approx(2.05, abs=0.01)  # the old ring


def test_the_dark_scheme_sets_every_colour_token():
    """A light colour left over in dark mode would be unreadable there."""
    [dark_block] = DARK.findall(CSS.read_text())
    light_colours = {
        name for name, value in schemes(CSS.read_text())["light"].items() if value.startswith("#")
    }
    assert light_colours <= set(custom_properties(rules(dark_block)))


def test_the_css_paints_the_backgrounds_we_know_of(site_css):
    _rules, variables = site_css
    # The page, cards, wells, primary buttons, pressed toggles, danger: all tokens.
    assert {six_digits(variables[token]) for token in SURFACES} <= set(backgrounds(site_css))


def test_the_focus_ring_has_3_to_1_on_every_background(site_css, ring):
    outer, _halo = ring
    too_faint = {
        f"{selector} ({colour}): {contrast(outer, colour):.2f}"
        for colour, selector in backgrounds(site_css).items()
        if contrast(outer, colour) < MINIMUM
    }
    assert not too_faint


def test_the_ring_has_a_halo_that_stands_out_from_it(ring):
    outer, halo = ring
    assert halo, "The ring needs a halo (box-shadow) between it and the control."
    # The halo sits between the ring and the control, so a control of the ring's own
    # colour (a primary button in dark mode, say) still has a visible edge around it.
    assert contrast(outer, halo) >= MINIMUM


def test_no_rule_takes_the_ring_away(site_css):
    all_rules, _ = site_css
    overriding = {
        selector
        for selector, body in all_rules
        if ":focus" in selector and ("outline" in body or "box-shadow" in body)
    }
    # <main> takes focus only from the skip link (tabindex="-1"); it is not a control.
    assert overriding == {":focus-visible", "main:focus"}
