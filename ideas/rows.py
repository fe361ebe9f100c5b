"""Inserting a row that a unique constraint may already hold, without an exception.

`INSERT ... ON CONFLICT DO NOTHING RETURNING` (PostgreSQL and SQLite ≥ 3.35) says in one
statement whether the row went in. The ORM's alternative, create() in a savepoint that
catches IntegrityError, costs three statements and a Python exception per repeat.
"""

from django.db import connection


def insert_once(model, **fields) -> bool:
    """Insert one row of `model`; False if a unique constraint says it is there."""
    row = model(**fields)
    opts, quote = model._meta, connection.ops.quote_name
    columns = [f for f in opts.concrete_fields if not f.primary_key or f.attname in fields]
    values = [f.get_db_prep_save(f.pre_save(row, add=True), connection) for f in columns]
    sql = (
        f"INSERT INTO {quote(opts.db_table)} ({', '.join(quote(f.column) for f in columns)}) "
        f"VALUES ({', '.join(['%s'] * len(columns))}) "
        f"ON CONFLICT DO NOTHING RETURNING {quote(opts.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        return cursor.fetchone() is not None
