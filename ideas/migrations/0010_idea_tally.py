# The counts a vote changes move off the wide idea row into a narrow table of their
# own (ideas.models.IdeaTally), each idea's numbers copied across.

import django.db.models.deletion
import ideas.trending
from importlib import import_module

from django.db import migrations, models

sqlite_search = import_module("ideas.migrations.0006_search_sqlite")


COPY_TALLIES = """
INSERT INTO ideas_ideatally (idea_id, vote_count, follower_count, trending_score)
SELECT id, vote_count, follower_count, trending_score FROM ideas_idea
"""
COPY_BACK = """
UPDATE ideas_idea SET
    vote_count = (SELECT vote_count FROM ideas_ideatally WHERE idea_id = ideas_idea.id),
    follower_count = (SELECT follower_count FROM ideas_ideatally WHERE idea_id = ideas_idea.id),
    trending_score = (SELECT trending_score FROM ideas_ideatally WHERE idea_id = ideas_idea.id)
"""


def restore_search_triggers(apps, schema_editor):
    """SQLite rebuilds ideas_idea to drop (or put back) an indexed column, and its
    search triggers go with the old table: create them again, rebuild the index."""
    if schema_editor.connection.vendor != "sqlite":
        return
    ideas = [table for table in sqlite_search.TABLES if table[0] == "ideas_idea"]
    drops = [sql for sql in sqlite_search.backward_sql() if "TRIGGER IF EXISTS ideas_idea_" in sql]
    for sql in [*drops, *sqlite_search.forward_sql(ideas, create_tables=False)]:
        schema_editor.execute(sql, params=None)


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0009_timeline_indexes"),
    ]

    operations = [
        # Reversed last: the columns put back may have rebuilt the table again.
        migrations.RunPython(migrations.RunPython.noop, restore_search_triggers, elidable=False),
        migrations.CreateModel(
            name="IdeaTally",
            fields=[
                (
                    "idea",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        primary_key=True,
                        related_name="tally",
                        serialize=False,
                        to="ideas.idea",
                    ),
                ),
                ("vote_count", models.PositiveIntegerField(default=0)),
                ("follower_count", models.PositiveIntegerField(default=0)),
                ("trending_score", models.FloatField(default=ideas.trending.floor_now)),
            ],
        ),
        migrations.RunSQL(
            sql=COPY_TALLIES,
            reverse_sql=COPY_BACK,
        ),
        migrations.RemoveIndex(
            model_name="idea",
            name="ideas_idea_vote_co_e270b8_idx",
        ),
        migrations.AddIndex(
            model_name="ideatally",
            index=models.Index(fields=["-vote_count", "-idea"], name="idea_tally_votes"),
        ),
        migrations.AddIndex(
            model_name="ideatally",
            index=models.Index(fields=["-trending_score", "-idea"], name="idea_tally_trending"),
        ),
        migrations.RemoveField(
            model_name="idea",
            name="follower_count",
        ),
        migrations.RemoveField(
            model_name="idea",
            name="trending_score",
        ),
        migrations.RemoveField(
            model_name="idea",
            name="vote_count",
        ),
        migrations.RunPython(restore_search_triggers, migrations.RunPython.noop, elidable=False),
    ]
