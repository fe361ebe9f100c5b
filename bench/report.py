"""bench/RESULTS.md: the figures of one `make bench` run beside its floor, with the
targets of issue 12 marked met or not met."""

import statistics
from pathlib import Path

# Targets (issue 12), by kind of page.
PAGE_P50_MS, PAGE_QUERIES, PAGE_KB = 20, 10, 30
LIST_PER_SECOND = 50
SEARCH_P50_MS = 50
VOTE_SHARE_OF_FLOOR, VOTE_P50_MS, VOTE_QUERIES = 0.8, 10, 8
SCAN_SECONDS, DIGEST_SECONDS = 1, 60


def verdict(failures: list[str]) -> str:
    return "met" if not failures else "**not met**: " + "; ".join(failures)


def page_verdict(page) -> str:
    one, many = page.loads[1], page.loads[16]
    failures = []
    if page.target in ("page", "list"):
        if one.p50 > PAGE_P50_MS:
            failures.append(f"p50 {one.p50:.0f} > {PAGE_P50_MS} ms")
        if page.queries > PAGE_QUERIES:
            failures.append(f"{page.queries} > {PAGE_QUERIES} queries")
        if page.size > PAGE_KB * 1000:
            failures.append(f"{page.size / 1000:.0f} > {PAGE_KB} KB")
    if page.target == "list" and many.per_second < LIST_PER_SECOND:
        failures.append(f"{many.per_second:.0f} < {LIST_PER_SECOND} req/s at 16")
    if page.target == "search" and one.p50 > SEARCH_P50_MS:
        failures.append(f"p50 {one.p50:.0f} > {SEARCH_P50_MS} ms")
    if any(load.errors for load in page.loads.values()):
        failures.append(f"{sum(load.errors for load in page.loads.values())} errors")
    return verdict(failures)


def figures(row) -> str:
    one, many = row.loads[1], row.loads[16]
    return (
        f"{one.p50:.1f} | {one.p95:.1f} | {one.per_second:.0f} | "
        f"{many.p50:.1f} | {many.p95:.1f} | {many.per_second:.0f}"
    )


def ratio(value, floor_value, template) -> str:
    return template.format(value / floor_value) if floor_value else "—"


def ratios(row, floor) -> str:
    p50 = ratio(row.loads[1].p50, floor.loads[1].p50, "{:.1f}×")
    per_second = ratio(row.loads[16].per_second, floor.loads[16].per_second, "{:.2f}")
    return f"{p50} | {per_second}"


HEADER = (
    "| | queries | KB | p50 ms (1) | p95 ms (1) | req/s (1) | p50 ms (16) | p95 ms (16) "
    "| req/s (16) | p50 ÷ floor (1) | req/s ÷ floor (16) | target |\n"
    "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |"
)


def row_of(row, floor, target="") -> str:
    return (
        f"| {row.name} | {row.queries} | {row.size / 1000:.1f} | {figures(row)} | "
        f"{ratios(row, floor)} | {target} |"
    )


def write(out: Path, *, results, floor, floor_vote, pages, vote) -> None:
    m, scale = results["machine"], results["scale"]
    loads = ", ".join(f"{load[0]:.1f}" for load in results["load"])
    lines = [
        "# Benchmark results",
        "",
        f"Written by `make bench{'' if scale == 'large' else ' SCALE=' + scale}` "
        f"({scale} dataset) on {results['date']:%Y-%m-%d %H:%M} UTC in "
        f"{results['seconds']:.0f} s. See README.md, *Benchmarks*.",
        "",
        f"- Machine: {m['nproc']} cores ({m['cpu']}), {m['ram_gb']} GB RAM; load average "
        f"(1 min) at the start, after the pages, after the votes and at the end: {loads}",
        f"- Versions: Python {m['python']}, Django {m['django']}, PostgreSQL "
        f"{m['postgresql']}, Redis {m['redis']}, gunicorn {m['gunicorn']} (2 sync workers), "
        f"wrk {m['wrk']}",
        "- Production settings (DEBUG off), one Celery worker running; every page as a "
        "signed-in frontline employee (/manage/ as a region's manager). (1) and (16) are "
        "wrk's connections; queries and bytes are of one request through Django's test "
        "client against the same database.",
        "",
        "## Pages",
        "",
        HEADER,
        row_of(floor, floor, "the floor: one indexed row, same server, same run"),
    ]
    skipped = []
    for page in pages:
        if page.skipped:
            skipped.append(f"- {page.name} (`{page.path}`): skipped, {page.skipped}.")
            continue
        lines.append(row_of(page, floor, page_verdict(page)))
    lines += ["", *skipped, ""] if skipped else [""]

    floor_rate = floor_vote.loads[16].per_second
    share = vote.loads[16].per_second / floor_rate if floor_rate else 0
    failures = []
    if share < VOTE_SHARE_OF_FLOOR:
        failures.append(f"{share:.0%} < {VOTE_SHARE_OF_FLOOR:.0%} of the floor at 16")
    if vote.loads[1].p50 > VOTE_P50_MS:
        failures.append(f"p50 {vote.loads[1].p50:.1f} > {VOTE_P50_MS} ms")
    if vote.queries > VOTE_QUERIES:
        failures.append(f"{vote.queries} > {VOTE_QUERIES} queries")
    wrong = {counter: n for counter, n in results["count_check"].items() if n}
    if wrong:
        failures.append(f"counts not exact: {wrong}")
    errors = sum(load.errors for load in vote.loads.values())
    if errors:
        failures.append(f"{errors} errors")
    lines += [
        "## Vote toggles",
        "",
        "16 people toggle their votes on 100 open ideas (the 20 trending ones and 80 "
        "others), each request an htmx click (the vote button comes back); the floor "
        "toggles a unique row and a counter on as many items.",
        "",
        HEADER,
        row_of(floor_vote, floor_vote, "the floor: a correct toggle (unique row + counter)"),
        row_of(vote, floor_vote, verdict(failures)),
        "",
        "After the toggles, recount (in a rolled-back transaction) would repair: "
        + ", ".join(f"{counter} {n}" for counter, n in results["count_check"].items())
        + (" — every stored count equals its rows." if not wrong else "."),
        "",
    ]
    if "idea_updates" in results:
        updated, hot = results["idea_updates"]
        lines += [
            f"During the toggles {updated:,} idea rows were rewritten, {hot:,} of them HOT "
            "(without touching the idea table's indexes).",
            "",
        ]

    (first, steady) = results["scan"]
    median = statistics.median(run[0] for run in steady)
    lines += [
        "## Escalation scan",
        "",
        f"- First run (catching up on the last day): {first[0] * 1000:.0f} ms, {first[1]} "
        f"queries, {first[2]} escalations fired, {first[3]} ideas checked",
        f"- Steady state, median of {len(steady)}: {median * 1000:.0f} ms, {steady[0][1]} "
        f"queries — target ≤ {SCAN_SECONDS} s: "
        + verdict([] if max(first[0], median) <= SCAN_SECONDS else ["over 1 s"]),
        "",
    ]
    d = results["digests"]
    per_digest = sorted({round(q / n, 2) for q, n, _ in d["chunks"] if n})
    chunk_text = "; ".join(f"{q} queries for {n} digests ({m} managers)" for q, n, m in d["chunks"])
    exact = d["sent"] == d["emails"] == d["received"] == d["distinct"]
    digest_failures = [] if d["seconds"] <= DIGEST_SECONDS else [f"{d['seconds']:.0f} s > 60 s"]
    if not exact:
        digest_failures.append("not every email arrived exactly once")
    lines += [
        "## Digests",
        "",
        f"- {d['planned']} daily digests planned at once; {d['workers']} workers built "
        f"{d['emails']} emails ({d['empty']} digests had nothing to say) and sent them to "
        f"a local SMTP server: all built after {d['built_after'] or 0:.1f} s, all sent "
        f"after {d['seconds']:.1f} s ({d['sent'] / d['seconds']:.0f} per second); the "
        f"server received {d['received']} messages, {d['distinct']} distinct",
        f"- Queries per chunk: {chunk_text} (per digest: {', '.join(map(str, per_digest))})",
        f"- Target ≤ {DIGEST_SECONDS} s for 10,000 with two workers: "
        + (verdict(digest_failures) if d["planned"] >= 10_000 else "n/a at this scale"),
        "",
    ]
    out.write_text("\n".join(lines))
