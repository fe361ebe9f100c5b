import time, statistics
from datetime import timedelta
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from ideas.models import Idea, Observation, Tag, Vote
from tests.factories import UserFactory

def test_timing(client, alice, dave, leeds, bristol):
    users = UserFactory.create_batch(20, team=leeds)
    now = timezone.now()
    ideas = [Idea(author=users[i % 20], team=leeds, routed_team=bristol if i % 2 else leeds, title=f"Idea {i}", problem="p"*200, proposal="q"*300,
                  vote_count=i % 50, trending_score=i / 10, created_at=now - timedelta(minutes=i)) for i in range(20000)]
    Idea.objects.bulk_create(ideas, batch_size=2000)
    Observation.objects.bulk_create([Observation(author=users[i % 20], team=leeds, what_happened="w"*200, customer_words="c"*100, touchpoint="phone", created_at=now - timedelta(minutes=i)) for i in range(20000)], batch_size=2000)
    with connection.cursor() as c: c.execute("ANALYZE")
    client.force_login(dave)
    for url in ["/ideas/", "/ideas/?sort=oldest_unanswered", "/observations/"]:
        client.get(url)
        times = []
        for _ in range(15):
            t = time.perf_counter(); r = client.get(url); times.append((time.perf_counter() - t) * 1000)
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        sql = sum(float(q["time"]) for q in ctx.captured_queries) * 1000
        print(f"{url:40s} p50 {statistics.median(times):6.1f} ms; sql {sql:.1f} ms")
        for q in ctx.captured_queries:
            if float(q["time"]) > 0.003: print("   ", q["time"], q["sql"][:300])
