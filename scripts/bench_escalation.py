"""Time the escalation scan on 100,000 ideas (PRODUCT.md: the scan over all ideas ≤ 1 s).

Run it against a throwaway database of its own, never a real one: it adds rows and
deletes every escalation.

    createdb fl_bench
    export DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/fl_bench
    .venv/bin/python scripts/bench_escalation.py

It migrates, tops the database up to the ideas asked for (500 teams, 2,000 people,
ideas over the last year in every status, bulk-created), then writes the escalation
history the scan would have written until a day ago. It times:

- the first run: the scan catching up on a day of downtime (it fires what fell due in
  the last day, with the events, notifications and outbox rows);
- the steady state: the median of several runs with nothing new to fire, as beat runs it
  every five minutes.

Queueing the emails' delivery after the commit is the broker's cost, not the scan's:
it is switched off here (the outbox rows are written; the sweep would send them).
"""

import argparse
import os
import random
import statistics
import sys
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import NotificationKind, Team, User  # noqa: E402
from ideas import escalation  # noqa: E402
from ideas.models import (  # noqa: E402
    Escalation,
    EscalationPolicy,
    Idea,
    IdeaEvent,
    Status,
)
from notifications import dispatch  # noqa: E402
from notifications.models import Notification, OutboxEmail  # noqa: E402

REGIONS, STORES_PER_REGION, PEOPLE = 10, 49, 2000
# Share of ideas per status, a company a year into the programme.
STATUSES = {
    Status.SUBMITTED: 0.20,
    Status.UNDER_REVIEW: 0.15,
    Status.PLANNED: 0.15,
    Status.IN_PROGRESS: 0.10,
    Status.DONE: 0.25,
    Status.DECLINED: 0.12,
    Status.MERGED: 0.03,
}


def build_org(rng) -> list[User]:
    """Acme (no manager) > 10 regions > 49 stores each; 9 stores in 10 have a manager."""
    if Team.objects.exists():
        return list(User.objects.filter(email__startswith="bench"))
    root = Team.objects.create(name="Acme", kind=Team.Kind.COMPANY)
    people = User.objects.bulk_create(
        User(email=f"bench{n}@example.com", display_name=f"Person {n}") for n in range(PEOPLE)
    )
    managers = iter(people)
    teams = []
    for r in range(REGIONS):
        region = Team.objects.create(
            name=f"Region {r}", kind=Team.Kind.REGION, parent=root, manager=next(managers)
        )
        for s in range(STORES_PER_REGION):
            manager = next(managers) if rng.random() < 0.9 else None
            teams.append(
                Team.objects.create(
                    name=f"Store {r}.{s}", kind=Team.Kind.STORE, parent=region, manager=manager
                )
            )
    for person in people:
        person.team = rng.choice(teams)
    User.objects.bulk_update(people, ["team"], batch_size=1000)
    User.objects.filter(pk=people[-1].pk).update(is_cx_lead=True, is_staff=True)
    return people


def top_up_ideas(count: int, people, rng) -> None:
    have = Idea.objects.count()
    if have >= count:
        return
    now, days = timezone.now(), EscalationPolicy.current().unanswered_days
    statuses, weights = list(STATUSES), list(STATUSES.values())
    batch = []
    for n in range(have, count):
        author = rng.choice(people)
        created = now - timedelta(seconds=rng.uniform(0, 365 * 86400))
        status = rng.choices(statuses, weights)[0]
        answered = status != Status.SUBMITTED or rng.random() < 0.1
        votes = min(int(rng.paretovariate(1.2)), 400)
        batch.append(
            Idea(
                author=author,
                team_id=author.team_id,
                routed_team_id=author.team_id,
                title=f"Bench idea {n}",
                problem="A problem customers have.",
                proposal="A proposal.",
                status=status,
                created_at=created,
                status_changed_at=created,
                first_response_at=created + timedelta(days=rng.uniform(0, 8)) if answered else None,
                answer_due_at=created + timedelta(days=days),
                vote_count=votes,
                is_hidden=rng.random() < 0.005,
            )
        )
        if len(batch) == 5000:
            Idea.objects.bulk_create(batch)
            batch = []
            print(f"  {n + 1} ideas", flush=True)
    Idea.objects.bulk_create(batch)


def write_history(until) -> int:
    """Forget every escalation, then write those the scan would have fired by
    `until` (as if beat had been running until then)."""
    Notification.objects.filter(kind=NotificationKind.ESCALATION).delete()
    OutboxEmail.objects.filter(kind=NotificationKind.ESCALATION).delete()
    IdeaEvent.objects.filter(kind=IdeaEvent.Kind.ESCALATED).delete()
    Escalation.objects.all().delete()
    chains = Team.manager_chains(Team.objects.all())
    root_id = Team.objects.get(parent=None).pk
    rows = []
    unanswered = escalation.unanswered_candidates(until).values_list(
        "pk", "routed_team_id", "created_at", "answer_due_at"
    )
    for idea_id, team_id, created, due in unanswered:
        chain = chains[team_id]
        levels = escalation.levels_due(created_at=created, answer_due_at=due, now=until)
        for level in range(min(levels, len(chain) + 1)):
            manager = chain[level].manager_id if level < len(chain) else None
            team = chain[level].pk if level < len(chain) else root_id  # the CX leads
            rows.append(
                Escalation(
                    idea_id=idea_id,
                    rule=Escalation.Rule.UNANSWERED,
                    level=level,
                    team_id=team,
                    manager_id=manager,
                    created_at=created + (level + 1) * (due - created),
                )
            )
    policy = EscalationPolicy.current()
    popular = escalation.popular_candidates(policy.popular_votes).filter(created_at__lte=until)
    for idea_id, team_id, created in popular.values_list("pk", "routed_team_id", "created_at"):
        chain = chains[team_id]
        rows.append(
            Escalation(
                idea_id=idea_id,
                rule=Escalation.Rule.POPULAR,
                team_id=chain[0].pk,
                manager_id=chain[0].manager_id,
                created_at=created,
            )
        )
    Escalation.objects.bulk_create(rows, batch_size=5000)
    if connection.vendor == "postgresql":  # as autovacuum leaves a table in steady state
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE ideas_escalation")
            cursor.execute("VACUUM ANALYZE ideas_idea")
    return len(rows)


def warm_up(person) -> None:
    """Load the URL conf and the email templates, as a worker that has run has them."""
    idea = Idea.objects.only("title", "is_hidden").first()
    dispatch.compose(
        kind=NotificationKind.ESCALATION,
        people=[person],
        text="warm-up",
        url=idea.get_absolute_url(),
        post=idea,
        source="warm-up",
    )


def timed_scan():
    with CaptureQueriesContext(connection) as queries:
        started = time.perf_counter()
        report = escalation.scan()
        elapsed = time.perf_counter() - started
    return elapsed, len(queries), report


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ideas", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    rng = random.Random(9)

    call_command("migrate", verbosity=0)
    people = build_org(rng)
    top_up_ideas(args.ideas, people, rng)
    dispatch.enqueue_delivery = lambda outbox_ids: None  # see the module's docstring
    history = write_history(until=timezone.now() - timedelta(days=1))
    warm_up(people[0])
    print(
        f"{connection.vendor}: {Idea.objects.count()} ideas, "
        f"{escalation.unanswered_candidates(timezone.now()).count()} submitted, unanswered "
        f"and due; {history} escalations in the history"
    )

    elapsed, queries, report = timed_scan()
    print(
        f"first run (a day to catch up): {elapsed * 1000:.0f} ms, {queries} queries, "
        f"{len(report.fired)} escalations fired, {report.checked} ideas checked"
    )
    runs = [timed_scan() for _ in range(args.runs)]
    assert all(not report.fired for _, _, report in runs)
    print(
        f"steady state (nothing new), median of {args.runs}: "
        f"{statistics.median(t for t, _, _ in runs) * 1000:.0f} ms, "
        f"{runs[0][1]} queries, {runs[0][2].checked} ideas checked "
        f"(min {min(t for t, _, _ in runs) * 1000:.0f} ms, "
        f"max {max(t for t, _, _ in runs) * 1000:.0f} ms)"
    )


if __name__ == "__main__":
    main()
