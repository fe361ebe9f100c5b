"""Trending now weighs the votes' times (ideas/trending.py), no longer the post's:
every idea's score is recomputed from its votes."""

import math

from django.db import migrations, models

from ideas import trending

BATCH_SIZE = 500


def score_from_votes(apps, schema_editor):
    Idea = apps.get_model("ideas", "Idea")
    rows = Idea.objects.order_by("pk").values_list("pk", "created_at", "votes__created_at")
    changed = [
        Idea(pk=pk, trending_score=trending.score_of(created_at, vote_times))
        for (pk, created_at), vote_times in trending.vote_times_by_idea(rows.iterator(2000))
    ]
    Idea.objects.bulk_update(changed, ["trending_score"], batch_size=BATCH_SIZE)


def score_as_before(apps, schema_editor):
    """The old "hot" score: log10 of the vote count plus the post's age, 45,000 s per
    order of magnitude."""
    Idea = apps.get_model("ideas", "Idea")
    changed = [
        Idea(
            pk=pk,
            trending_score=round(
                math.log10(max(votes, 1)) + (created_at.timestamp() - 1_700_000_000) / 45_000,
                6,
            ),
        )
        for pk, votes, created_at in Idea.objects.values_list("pk", "vote_count", "created_at")
    ]
    Idea.objects.bulk_update(changed, ["trending_score"], batch_size=BATCH_SIZE)


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0004_evidence_verbose_name"),
    ]

    operations = [
        migrations.AlterField(
            model_name="idea",
            name="trending_score",
            field=models.FloatField(db_index=True, default=trending.floor_now),
        ),
        migrations.RunPython(score_from_votes, score_as_before, elidable=False),
    ]
