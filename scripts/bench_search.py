"""Time search and similar-idea suggestions on generated data (PRODUCT.md: p50 ≤ 50 ms).

Run it against a throwaway database of its own, never a real one: it adds rows.

    createdb fl_bench
    export DEBUG=1 DATABASE_URL=postgres://postgres@127.0.0.1:5432/fl_bench
    .venv/bin/python manage.py migrate
    .venv/bin/python scripts/bench_search.py --ideas 20000 --runs 50

It tops the database up to the numbers asked for (ideas, and as many observations and
comments), then prints p50 and p95 per query. It works on SQLite too, which measures
the icontains fallback.
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "forum.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from faker.providers.lorem.en_US import Provider as EnglishWords  # noqa: E402

from accounts.models import Team, User  # noqa: E402
from bench.words import CX_WORDS  # noqa: E402
from ideas.models import Comment, Idea, Observation, Status  # noqa: E402
from ideas.search import search, similar_ideas  # noqa: E402

# Customer-experience words among a thousand common English ones, on a Zipf-like
# spread: a few words are in most posts (as "customer" is), most are rare.
WORDS = [*CX_WORDS[1:], *(word for word in EnglishWords.word_list if word not in CX_WORDS)]
random.Random(7).shuffle(WORDS)
WORDS.insert(0, "customer")  # the commonest: the worst case for a search
WEIGHTS = [1 / (rank + 1) for rank in range(len(WORDS))]
SEARCHES = [
    "refund",
    "refund receipt",
    "late delivery",
    '"gift wrapping"',
    "password login -app",
    "courier tracking parcel",
    "wheelchair accessibility",
    "customer",
    "zeppelin",
    "warranty repair engineer appointment",
]
TITLES = [
    "Refunds without a reciept",
    "customer wait in queue at till",
    "Late delivery of damaged parcels",
    "gift wraping at christmas",
    "app login password reset",
]


def near_duplicates(count: int) -> list[str]:
    """Existing titles retyped: words in another order, one letter missing."""
    titles = Idea.objects.order_by("id").values_list("title", flat=True)[:count]
    retyped = []
    for title in titles:
        words = title.lower().split()[::-1]
        longest = max(range(len(words)), key=lambda n: len(words[n]))
        words[longest] = words[longest][:-2] + words[longest][-1]
        retyped.append(" ".join(words))
    return retyped


def words(rng, count):
    return " ".join(rng.choices(WORDS, WEIGHTS, k=count))


def top_up(n_ideas: int) -> None:
    rng = random.Random(42)
    team = Team.objects.filter(parent=None).first() or Team.objects.create(
        name="Bench company", kind=Team.Kind.COMPANY
    )
    authors = list(User.objects.all()[:50])
    if len(authors) < 50:
        User.objects.bulk_create(
            User(email=f"bench{n}@example.com", display_name=f"Bench {n}", team=team)
            for n in range(len(authors), 50)
        )
        authors = list(User.objects.all()[:50])
    missing = n_ideas - Idea.objects.count()
    for start in range(0, max(missing, 0), 5000):
        batch = range(min(5000, missing - start))
        ideas = Idea.objects.bulk_create(
            Idea(
                author=rng.choice(authors),
                team=team,
                routed_team=team,
                title=words(rng, rng.randint(4, 9)).capitalize(),
                problem=words(rng, 40),
                proposal=words(rng, 60),
                expected_impact=words(rng, 15),
                status=rng.choice(Status.values),
                vote_count=rng.randint(0, 60),
                is_hidden=rng.random() < 0.01,
            )
            for _ in batch
        )
        observations = Observation.objects.bulk_create(
            Observation(
                author=rng.choice(authors),
                team=team,
                what_happened=words(rng, 50),
                customer_words=words(rng, 12),
                segment=rng.choice(["", "student", "business", "family"]),
            )
            for _ in batch
        )
        Comment.objects.bulk_create(
            Comment(
                author=rng.choice(authors),
                body=words(rng, 30),
                **({"idea": idea} if n % 2 else {"observation": observations[n]}),
            )
            for n, idea in enumerate(ideas)
        )
        print(f"  added {start + len(batch)} of {missing} ideas (and observations, comments)")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a bulk load


def timed(runs, inputs, call):
    times = []
    for n in range(runs):
        started = time.perf_counter()
        call(inputs[n % len(inputs)])
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), statistics.quantiles(times, n=20)[-1]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ideas", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()

    print(f"{connection.vendor}: topping up to {args.ideas} ideas …")
    top_up(args.ideas)
    reader = User.objects.filter(is_cx_lead=False).first()
    counts = [model.objects.count() for model in (Idea, Observation, Comment)]
    print("{} ideas, {} observations, {} comments".format(*counts))
    for name, inputs, call in [
        ("search (ideas + observations + comments)", SEARCHES, lambda q: search(q=q, user=reader)),
        ("similar ideas, new titles", TITLES, lambda t: similar_ideas(title=t, user=reader)),
        (
            "similar ideas, near-duplicates",
            near_duplicates(10),
            lambda t: similar_ideas(title=t, user=reader),
        ),
    ]:
        timed(5, inputs, call)  # warm the cache and the connection
        p50, p95 = timed(args.runs, inputs, call)
        print(f"{name}: p50 {p50:.1f} ms, p95 {p95:.1f} ms over {args.runs} runs")


if __name__ == "__main__":
    main()
