"""Peak memory of the idea CSV export (issue 11: 100,000 rows with flat memory).

Run it against a throwaway database of its own, never a real one: it adds rows.

    export DEBUG=1 FRONTLINE_VAR_DIR=/tmp/bench DATABASE_URL=sqlite:////tmp/bench/db.sqlite3
    .venv/bin/python manage.py migrate
    .venv/bin/python scripts/bench_export.py --ideas 20000

It tops the database up to the number of ideas asked for, then streams the export as
a CX lead and prints the rows, the bytes written and tracemalloc's peak after the first
4,000 rows and over the whole export: flat memory means the two are the same.
"""

import argparse
import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

import django  # noqa: E402

django.setup()

from accounts.models import Team, User  # noqa: E402
from ideas.filters import IdeaFilterForm  # noqa: E402
from ideas.models import EscalationPolicy, Idea  # noqa: E402
from insights.exports import csv_lines, idea_export_rows  # noqa: E402

# Two chunks of the iterator: memory should not grow past this point.
EARLY_ROWS = 4000


def top_up(count: int) -> None:
    team, _ = Team.objects.get_or_create(name="Bench store", defaults={"kind": Team.Kind.STORE})
    author, _ = User.objects.get_or_create(
        email="bench@example.com", defaults={"display_name": "Bench Author", "team": team}
    )
    policy = EscalationPolicy.current()
    missing = count - Idea.objects.count()
    ideas = (
        Idea(
            author=author,
            team=team,
            routed_team=team,
            title=f"Bench idea {n}",
            problem="A customer waited too long at the till.",
            proposal="Open a second till when the queue passes five.",
            is_anonymous=n % 3 == 0,
        )
        for n in range(missing)
    )
    batch = []
    for idea in ideas:
        idea.start_answer_clock(policy)
        batch.append(idea)
        if len(batch) == 2000:
            Idea.objects.bulk_create(batch)
            batch = []
    Idea.objects.bulk_create(batch)


def measure() -> None:
    lead, _ = User.objects.get_or_create(
        email="bench-lead@example.com", defaults={"is_cx_lead": True}
    )
    form = IdeaFilterForm({}, user=lead)
    form.is_valid()
    tracemalloc.start()
    started = time.perf_counter()
    rows = size = early_peak = 0
    for line in csv_lines(idea_export_rows(form, lead)):
        rows += 1
        size += len(line.encode())
        if rows == EARLY_ROWS:
            early_peak = tracemalloc.get_traced_memory()[1]
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(f"{rows - 1:,} rows, {size / 1e6:.1f} MB of CSV in {elapsed:.1f} s")
    print(f"peak traced memory after {EARLY_ROWS:,} rows: {early_peak / 1e6:.1f} MB")
    print(f"peak traced memory over the whole export: {peak / 1e6:.1f} MB")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=20000)
    top_up(parser.parse_args().ideas)
    measure()
