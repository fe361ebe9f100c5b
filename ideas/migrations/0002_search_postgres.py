"""Full-text search and trigram similarity on PostgreSQL; nothing on other databases.

Triggers keep each row's `search_vector` current (weighted, 'english' config), GIN
indexes serve the `@@` match, and a trigram GIN index on the idea title serves the
similar-ideas suggestions. The GIN indexes are built without fastupdate: a post costs a
little more to insert, but no search has to read a pending list first.

On SQLite search falls back to icontains (ideas/search.py), so this migration does
nothing there.
"""

from django.db import migrations

IDEA_VECTOR = """
    setweight(to_tsvector('english', coalesce({row}.title, '')), 'A')
    || setweight(to_tsvector('english',
        coalesce({row}.problem, '') || ' ' || coalesce({row}.proposal, '')), 'B')
    || setweight(to_tsvector('english',
        coalesce({row}.expected_impact, '') || ' ' || coalesce({row}.impact, '')), 'C')
"""
OBSERVATION_VECTOR = """
    setweight(to_tsvector('english', coalesce({row}.customer_words, '')), 'A')
    || setweight(to_tsvector('english', coalesce({row}.what_happened, '')), 'B')
    || setweight(to_tsvector('english', coalesce({row}.segment, '')), 'C')
"""
COMMENT_VECTOR = """
    setweight(to_tsvector('english', coalesce({row}.body, '')), 'B')
"""

# (table, vector expression, the columns whose change refreshes the vector)
TABLES = [
    ("ideas_idea", IDEA_VECTOR, "title, problem, proposal, expected_impact, impact"),
    ("ideas_observation", OBSERVATION_VECTOR, "customer_words, what_happened, segment"),
    ("ideas_comment", COMMENT_VECTOR, "body"),
]


def forward_sql():
    statements = ["CREATE EXTENSION IF NOT EXISTS pg_trgm"]
    for table, vector, columns in TABLES:
        statements += [
            f"""
            CREATE OR REPLACE FUNCTION {table}_search_vector_update() RETURNS trigger AS $$
            BEGIN
                NEW.search_vector := {vector.format(row="NEW")};
                RETURN NEW;
            END
            $$ LANGUAGE plpgsql
            """,
            f"DROP TRIGGER IF EXISTS {table}_search_vector_trigger ON {table}",
            # UPDATE OF: vote and comment counters changed with F() skip the trigger.
            f"""
            CREATE TRIGGER {table}_search_vector_trigger
            BEFORE INSERT OR UPDATE OF {columns} ON {table}
            FOR EACH ROW EXECUTE FUNCTION {table}_search_vector_update()
            """,
            f"UPDATE {table} SET search_vector = {vector.format(row=table)}",
            f"CREATE INDEX IF NOT EXISTS {table}_search_gin ON {table} "
            f"USING gin (search_vector) WITH (fastupdate = off)",
        ]
    statements.append(
        "CREATE INDEX IF NOT EXISTS ideas_idea_title_trgm ON ideas_idea "
        "USING gin (title gin_trgm_ops) WITH (fastupdate = off)"
    )
    return statements


def backward_sql():
    statements = ["DROP INDEX IF EXISTS ideas_idea_title_trgm"]
    for table, _vector, _columns in TABLES:
        statements += [
            f"DROP INDEX IF EXISTS {table}_search_gin",
            f"DROP TRIGGER IF EXISTS {table}_search_vector_trigger ON {table}",
            f"DROP FUNCTION IF EXISTS {table}_search_vector_update()",
        ]
    # pg_trgm stays: other objects in the database may use it, and it is harmless.
    return statements


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for sql in statements():
            schema_editor.execute(sql, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(run(forward_sql), run(backward_sql), elidable=False),
    ]
