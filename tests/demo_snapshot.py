"""The demo ICB, loaded once per test process and copied back wherever a test needs it.

``manage.py load_demo`` runs every app's demo through the real services: some 36,000
queries, 12 s on an idle core and a minute on a shared one. Most tests that use the demo
need its data, not its loading, so each pytest process (each xdist worker) loads it once,
copies every table out with PostgreSQL's ``COPY`` (some 30,000 rows), and rolls the load
back. ``restore`` empties every table and copies the rows back in, in about a second, in
whatever transaction the caller is in: a module's (``demo_module``, rolled back after the
module) or a live-server test's (committed, and flushed by pytest-django afterwards).

The tests of the demo itself (``tests/ccpl/test_demo.py`` and each app's demo tests that
load it twice to show a second load changes nothing) still call ``load_demo``.

What is not copied: files the demo stores (they stay where the one load wrote them, as
they did when each module loaded the demo), the cache (cleared before every test) and
sequences beyond their values (a sequence is set no lower than the demo left it).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.management import call_command
from django.db import connection, transaction

# The migrations' own record is the same in every state a test sees.
LEFT_ALONE = frozenset({"django_migrations"})


@dataclass(frozen=True)
class DemoSnapshot:
    tables: tuple[str, ...]  # every table of the schema, for TRUNCATE
    rows: dict[str, bytes]  # table -> its rows in COPY text format (non-empty tables)
    sequences: dict[str, int]  # qualified sequence name -> last value

    def restore(self) -> None:
        """Make the database hold exactly the demo ICB (in the caller's transaction)."""
        from ccpl import pagecache

        with transaction.atomic(), pagecache.paused(), connection.cursor() as cursor:
            # Rows the test wrote first would leave foreign-key checks pending, which
            # TRUNCATE refuses: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("TRUNCATE " + ", ".join(_quoted(t) for t in self.tables))
            # Foreign keys checked at the end of the transaction, not row by row: the
            # tables are copied in alphabetical order.
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            for table, data in self.rows.items():
                cursor.copy_expert(f"COPY {_quoted(table)} FROM STDIN", io.BytesIO(data))
            for sequence, value in self.sequences.items():
                cursor.execute(
                    "SELECT setval(%s, GREATEST(%s, (SELECT last_value FROM " + sequence + ")))",
                    [sequence, value],
                )


def _quoted(name: str) -> str:
    return connection.ops.quote_name(name)


def take() -> DemoSnapshot:
    """Load the demo, copy every table out, and roll the load back."""
    with transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
                "ORDER BY tablename"
            )
            tables = tuple(name for (name,) in cursor.fetchall() if name not in LEFT_ALONE)
            rows = {}
            for table in tables:
                out = io.BytesIO()
                cursor.copy_expert(f"COPY {_quoted(table)} TO STDOUT", out)
                if out.getvalue():
                    rows[table] = out.getvalue()
            cursor.execute(
                "SELECT quote_ident(schemaname) || '.' || quote_ident(sequencename), last_value "
                "FROM pg_sequences WHERE schemaname = current_schema() "
                "AND last_value IS NOT NULL"
            )
            sequences = dict(cursor.fetchall())
        transaction.set_rollback(True)
    return DemoSnapshot(tables=tables, rows=rows, sequences=sequences)
