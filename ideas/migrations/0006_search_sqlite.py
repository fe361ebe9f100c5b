"""Full-text search on SQLite (the embedded default) with its built-in FTS5; nothing
on other databases (PostgreSQL has its own, migration 0002).

One external-content FTS5 table per searched model holds the same fields as the
PostgreSQL vector, tokenised with Porter stemming; triggers keep it current, and its
`rank` is bm25 with the same weights (title and the customer's words first), so
ideas.search ranks with ORDER BY rank and matches words by prefix ("callb*").
"""

from django.db import migrations

# (table, its searched columns with their bm25 weights, in the order of ideas.search.KINDS)
TABLES = [
    (
        "ideas_idea",
        {"title": 10, "problem": 4, "proposal": 4, "expected_impact": 2, "impact": 2},
    ),
    ("ideas_observation", {"customer_words": 10, "what_happened": 4, "segment": 2}),
    ("ideas_comment", {"body": 4}),
]
TOKENIZE = "porter unicode61 remove_diacritics 2"


def forward_sql(tables=TABLES, *, create_tables=True):
    """The FTS5 tables, their triggers, and a rebuild of each; with
    create_tables=False only the triggers and the rebuild (for a later migration
    that rebuilt a searched table: SQLite drops a table's triggers with it)."""
    statements = []
    for table, weights in tables:
        fts = f"{table}_fts"
        columns = ", ".join(weights)
        new = ", ".join(f"new.{name}" for name in weights)
        old = ", ".join(f"old.{name}" for name in weights)
        delete_old = f"INSERT INTO {fts}({fts}, rowid, {columns}) VALUES('delete', old.id, {old});"
        insert_new = f"INSERT INTO {fts}(rowid, {columns}) VALUES (new.id, {new});"
        if create_tables:
            statements += [
                f"CREATE VIRTUAL TABLE {fts} USING fts5({columns}, content='{table}', "
                f"content_rowid='id', tokenize='{TOKENIZE}')",
                f"INSERT INTO {fts}({fts}, rank) VALUES('rank', "
                f"'bm25({', '.join(str(float(w)) for w in weights.values())})')",
            ]
        statements += [
            f"CREATE TRIGGER {fts}_insert AFTER INSERT ON {table} BEGIN {insert_new} END",
            f"CREATE TRIGGER {fts}_delete AFTER DELETE ON {table} BEGIN {delete_old} END",
            # UPDATE OF: vote and comment counters leave the index alone.
            f"CREATE TRIGGER {fts}_update AFTER UPDATE OF {columns} ON {table} "
            f"BEGIN {delete_old} {insert_new} END",
            f"INSERT INTO {fts}({fts}) VALUES('rebuild')",
        ]
    return statements


def backward_sql():
    statements = []
    for table, _weights in TABLES:
        fts = f"{table}_fts"
        statements += [
            f"DROP TRIGGER IF EXISTS {fts}_{event}" for event in ("insert", "delete", "update")
        ]
        statements.append(f"DROP TABLE IF EXISTS {fts}")
    return statements


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor != "sqlite":
            return
        for sql in statements():
            schema_editor.execute(sql, params=None)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("ideas", "0005_trending_by_recent_votes"),
    ]

    operations = [
        migrations.RunPython(run(forward_sql), run(backward_sql), elidable=False),
    ]
