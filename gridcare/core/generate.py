"""Synthetic data at province scale, as a registry of generators (issue 3, "Data at scale").

``manage.py generate --clocks 1000000 --company dazu --seed 1 --from 2025-01-01 --to
2026-06-30`` runs, in order, every registered generator that was given a size, each in one
transaction, and prints how many rows it wrote per second. Benchmarks (``bench/``) build
their data with it, so every module's records can be made at scale the same way.

Rows go in through ``COPY … FROM STDIN`` on PostgreSQL (psycopg 3), the only way to write
millions of rows in seconds. SQLite takes the same rows through ``executemany`` and is
limited to :data:`SQLITE_MAX_ROWS` per generator: enough for tests and a look at a page,
refused above with a message that names PostgreSQL.

The data is synthetic, not anyone's action: no audit rows are written for it (DESIGN.md
convention 3 records changes made by people and by the system's own rules), no
notifications are sent, and nothing goes through the services one row at a time.

Adding a generator (customers, applications, calls, matters, ...)
------------------------------------------------------------------
1. Write ``gridcare/<app>/generate.py`` with ``def generate(context, size) -> Generated``.
   Draw every random choice from ``context.random("<name>")`` (seeded from ``--seed`` and
   the generator's name, so one module's generator never shifts another's rows), read
   dates from ``context.date_from`` / ``date_to`` / ``today``, and write through
   ``context.copy(table, columns, rows)`` (an iterable of tuples; streamed, never a list
   of a million rows). Rows must satisfy the model's constraints and definitions: COPY
   checks constraints but calls no ``save()``.
2. Register it at the end of that module and import the module from the app's
   ``AppConfig.ready()`` (``from gridcare.applications import generate  # noqa: F401``)::

       from gridcare.core import generate as registry

       registry.register(registry.Generator(
           "applications", generate, help="new connection applications",
           order=20, tables=("applications_application",)))

   The name becomes the size option (``--applications N``); ``order`` puts generators
   whose rows others point to first (customers 10, applications 20, clocks 50).
   ``add_arguments`` may add options of its own (``--provisional`` for clocks); their
   values reach the generator in ``context.options``.
3. A module whose records carry clocks (applications: plan reply, energization) makes its
   records first and then their clocks with ``gridcare.rules.generate.write_clocks(context,
   subject_type=..., subjects=range(first_id, last_id + 1), codes={...})``.

``tables`` are analysed after the run (and vacuumed on PostgreSQL: index-only scans need
the visibility map that only VACUUM sets).
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import islice
from typing import Any

from django.db import connection

from gridcare.org.models import Company

#: On SQLite a generator writes at most this many rows (no COPY; tests and small demos).
SQLITE_MAX_ROWS = 10_000
_BATCH = 5_000


@dataclass
class Generated:
    """What a generator wrote: its main rows, and further lines to print (dependent rows)."""

    rows: int
    details: list[str] = field(default_factory=list)


@dataclass
class GenerateContext:
    """Everything a generator needs: the company, the period, the seed and a writer."""

    company: Company
    seed: int
    date_from: date
    date_to: date
    today: date
    options: dict[str, Any] = field(default_factory=dict)

    def random(self, name: str) -> random.Random:
        """A generator's own random stream: the same seed and name give the same rows."""
        return random.Random(f"{self.seed}/{name}")  # noqa: S311 - test data, not secrets

    @staticmethod
    def copy(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Write `rows` into `table` (COPY on PostgreSQL, batched INSERTs elsewhere).

        `rows` is consumed while the COPY runs, when the connection can run nothing else:
        producing a row must not query the database (read what you need beforehand)."""
        return copy_rows(table, columns, rows)


@dataclass(frozen=True)
class Generator:
    name: str
    generate: Callable[[GenerateContext, int], Generated]
    help: str = ""
    order: int = 100
    tables: tuple[str, ...] = ()
    add_arguments: Callable[[Any], None] | None = None


_GENERATORS: dict[str, Generator] = {}


def register(generator: Generator) -> None:
    _GENERATORS[generator.name] = generator


def generators() -> list[Generator]:
    return sorted(_GENERATORS.values(), key=lambda g: (g.order, g.name))


def copy_rows(table: str, columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
    """Stream `rows` into `table`; returns how many were written."""
    names = ", ".join(connection.ops.quote_name(column) for column in columns)
    quoted = connection.ops.quote_name(table)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The psycopg cursor under Django's wrapper: COPY streams, nothing is buffered.
            with cursor.cursor.copy(f"COPY {quoted} ({names}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
                    written += 1
            return written
        placeholders = ", ".join(["%s"] * len(columns))
        sql = f"INSERT INTO {quoted} ({names}) VALUES ({placeholders})"  # noqa: S608
        iterator = iter(rows)
        while batch := list(islice(iterator, _BATCH)):
            cursor.executemany(sql, batch)
            written += len(batch)
    return written
