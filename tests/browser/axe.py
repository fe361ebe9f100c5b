"""axe-core in a Playwright page: the vendored axe.min.js (tests only, never served)
and a readable account of what it finds."""

from pathlib import Path

AXE_JS = Path(__file__).parent / "vendor" / "axe.min.js"
BLOCKING = ("serious", "critical")


def install_axe(context) -> None:
    """Make axe available in every page of `context`. An init script comes in through
    the DevTools protocol, so the site's Content-Security-Policy stays on."""
    context.add_init_script(path=str(AXE_JS))


def run_axe(page) -> list[dict]:
    """The violations axe-core finds on the page as it is now."""
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    return result["violations"]


def blocking(violations: list[dict]) -> list[dict]:
    return [violation for violation in violations if violation["impact"] in BLOCKING]


def describe(violations: list[dict], nodes_each: int = 5) -> str:
    """Each violation with the elements it was found on, for a failing test's message."""
    lines = []
    for violation in violations:
        lines.append(
            f"  [{violation['impact']}] {violation['id']}: {violation['help']}"
            f" ({len(violation['nodes'])} element(s)) {violation['helpUrl']}"
        )
        for node in violation["nodes"][:nodes_each]:
            summary = " ".join(node.get("failureSummary", "").split())
            lines.append(f"      {' '.join(node['target'])}  {node['html'][:120]}")
            if summary:
                lines.append(f"        {summary[:300]}")
    return "\n".join(lines)
