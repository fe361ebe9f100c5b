"""Bulk loading: COPY on PostgreSQL (psycopg 3's `cursor.copy`), bulk_create elsewhere.

Rows are tuples in the order of the fields named; the model's other columns get their
defaults (COPY does not apply Django's defaults, so the loader sends them). On
PostgreSQL the tables' plain indexes (not those of a primary key or a unique
constraint) and foreign keys are dropped for the load and made again afterwards, in
the same transaction: building a GIN index at once is many times faster than
inserting into it row by row, and a foreign key added to a full table is checked in
one join instead of once per row.
"""

import json
from collections.abc import Iterable, Sequence
from itertools import batched

from django.db import connection, models

BATCH_SIZE = 2000
CONVERTED_FIELDS = (models.DateField, models.JSONField)  # DateTimeField is a DateField


class Loader:
    def __init__(self):
        self.postgres = connection.vendor == "postgresql"
        self.rows: dict[str, int] = {}
        self._dropped: list[str] = []
        self._foreign_keys: list[str] = []

    def load(self, model, fields: Sequence[str], rows: Iterable[tuple]) -> int:
        loaded = (
            self._copy(model, fields, rows) if self.postgres else self._bulk(model, fields, rows)
        )
        label = model._meta.label
        self.rows[label] = self.rows.get(label, 0) + loaded
        return loaded

    def _defaults(self, model, fields):
        """(column, value) of every concrete column not among `fields`, but for
        those the database fills (the primary key's sequence, the search vector's
        trigger)."""
        blank = model()
        defaults = []
        for field in model._meta.concrete_fields:
            if field.attname in fields or field.get_internal_type() == "SearchVectorField":
                continue
            if field.primary_key:  # the sequence numbers it
                continue
            value = field.get_db_prep_save(field.pre_save(blank, add=True), connection)
            defaults.append((field.column, value))
        return defaults

    def _copy(self, model, fields, rows) -> int:
        defaults = self._defaults(model, fields)
        columns = [model._meta.get_field(name).column for name in fields]
        columns += [column for column, _ in defaults]
        extra = tuple(value for _, value in defaults)
        quote = connection.ops.quote_name
        sql = f"COPY {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) FROM STDIN"
        # JSON values are given as Python objects; COPY takes their text.
        json_at = [
            n for n, name in enumerate(fields)
            if isinstance(model._meta.get_field(name), models.JSONField)
        ]  # fmt: skip
        count = 0
        with connection.cursor() as cursor, cursor.cursor.copy(sql) as copy:
            for row in rows:
                if json_at:
                    row = list(row)
                    for n in json_at:
                        row[n] = json.dumps(row[n])
                    row = tuple(row)
                copy.write_row(row + extra if extra else row)
                count += 1
        return count

    def _bulk(self, model, fields, rows) -> int:
        """executemany of INSERTs in batches: bulk_create's per-object work without the
        objects. Values that need the backend's conversion (times, dates, JSON) get it
        from their field."""
        defaults = self._defaults(model, fields)
        columns = [model._meta.get_field(name).column for name in fields]
        columns += [column for column, _ in defaults]
        extra = tuple(value for _, value in defaults)
        quote = connection.ops.quote_name
        sql = (
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "
            f"VALUES ({', '.join(['%s'] * len(columns))})"
        )
        converted = [
            (n, model._meta.get_field(name))
            for n, name in enumerate(fields)
            if isinstance(model._meta.get_field(name), CONVERTED_FIELDS)
        ]
        count = 0
        with connection.cursor() as cursor:
            for batch in batched(rows, BATCH_SIZE):
                values = []
                for row in batch:
                    row = list(row)
                    for n, field in converted:
                        row[n] = field.get_db_prep_save(row[n], connection)
                    values.append((*row, *extra))
                cursor.executemany(sql, values)
                count += len(values)
        return count

    # --- PostgreSQL: plain indexes and foreign keys off during the load -------------

    def drop_indexes(self, models) -> None:
        """Drop the tables' plain indexes and their foreign keys (checked row by row,
        a foreign key costs more than the row; added back, it is checked in one join).
        `build_indexes` puts them back, in the same transaction."""
        if not self.postgres:
            return
        tables = [model._meta.db_table for model in models]
        with connection.cursor() as cursor:
            cursor.execute(
                """
                SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid)
                FROM pg_constraint
                WHERE contype = 'f' AND conrelid::regclass::text = ANY(%s)
                """,
                [tables],
            )
            for table, name, definition in cursor.fetchall():
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
                self._foreign_keys.append(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")
            cursor.execute(
                """
                SELECT indexname, indexdef FROM pg_indexes
                WHERE schemaname = current_schema() AND tablename = ANY(%s)
                  AND indexname NOT IN (SELECT conname FROM pg_constraint)
                """,
                [tables],
            )
            for name, definition in cursor.fetchall():
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")
                self._dropped.append(definition)

    def build_indexes(self) -> None:
        if not self.postgres:
            return
        with connection.cursor() as cursor:
            for definition in self._dropped + self._foreign_keys:
                cursor.execute(definition)
        self._dropped, self._foreign_keys = [], []
