"""`manage.py generate`: synthetic data at province scale, fast (see gridcare.core.generate).

    manage.py generate --clocks 1000000 --company dazu --seed 1 --from 2025-01-01 --to 2026-06-30

Every registered generator adds its size option (``--clocks N``, later ``--applications N``
...). The same seed, sizes, dates and database give the same rows. On SQLite (no COPY) a
generator writes at most SQLITE_MAX_ROWS rows.
"""

from __future__ import annotations

import argparse
import time
from datetime import date
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone

from gridcare.core.generate import SQLITE_MAX_ROWS, GenerateContext, generators
from gridcare.org.models import Company


def _date(value: str) -> date:
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a date (YYYY-MM-DD)") from None


def _size(value: str) -> int:
    try:
        size = int(value.replace("_", "").replace(",", ""))
    except ValueError:
        size = -1
    if size < 0:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of rows")
    return size


class Command(BaseCommand):
    help = "Fill the database with synthetic data at scale (COPY on PostgreSQL), for benchmarks."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--company", help="Company code (default: the only company).")
        parser.add_argument("--seed", type=int, default=1, help="Random seed (default 1).")
        parser.add_argument(
            "--from", dest="date_from", type=_date, help="First day (default: 1 January last year)."
        )
        parser.add_argument("--to", dest="date_to", type=_date, help="Last day (default: today).")
        parser.add_argument(
            "--today",
            type=_date,
            help="The day states are decided against (default: today); fix it to reproduce.",
        )
        for generator in generators():
            parser.add_argument(
                f"--{generator.name}",
                type=_size,
                default=0,
                metavar="N",
                help=f"How many {generator.name}: {generator.help}",
            )
            if generator.add_arguments is not None:
                generator.add_arguments(parser)

    def handle(self, *args: Any, **options: Any) -> None:
        sizes = {g.name: options[g.name] for g in generators() if options[g.name]}
        if not sizes:
            names = ", ".join(f"--{g.name} N" for g in generators())
            raise CommandError(f"Say how much to generate: {names}.")
        if connection.vendor != "postgresql":
            too_big = {name: size for name, size in sizes.items() if size > SQLITE_MAX_ROWS}
            if too_big:
                name, size = next(iter(too_big.items()))
                raise CommandError(
                    f"--{name} {size:,} is too many for {connection.vendor}: without COPY it "
                    f"takes at most {SQLITE_MAX_ROWS:,} rows per kind. Generate at scale on "
                    "PostgreSQL (DATABASE_URL=postgres://...)."
                )
        today = options["today"] or timezone.localdate()
        date_to = options["date_to"] or today
        date_from = options["date_from"] or date(date_to.year - 1, 1, 1)
        if date_to < date_from:
            raise CommandError("--to is before --from.")
        context = GenerateContext(
            company=self._company(options["company"]),
            seed=options["seed"],
            date_from=date_from,
            date_to=date_to,
            today=today,
            options=options,
        )
        self.stdout.write(
            f"{context.company.code}: {date_from} – {date_to}, seed {context.seed}, "
            f"states as of {today}, {connection.vendor}"
        )
        tables: list[str] = []
        for generator in generators():
            size = sizes.get(generator.name)
            if not size:
                continue
            started = time.perf_counter()
            with transaction.atomic():
                result = generator.generate(context, size)
            elapsed = time.perf_counter() - started
            self.stdout.write(
                f"{generator.name}: {result.rows:,} rows in {elapsed:.1f} s "
                f"({result.rows / elapsed:,.0f} rows/s)"
            )
            for line in result.details:
                self.stdout.write(f"  {line}")
            tables.extend(generator.tables)
        started = time.perf_counter()
        verb = self._analyse(tables)
        self.stdout.write(f"{verb} {', '.join(tables)} in {time.perf_counter() - started:.1f} s")

    @staticmethod
    def _company(code: str | None) -> Company:
        if code:
            company = Company.objects.filter(code=code).first()
            if company is None:
                raise CommandError(f"No company with the code {code!r}.")
            return company
        companies = list(Company.objects.all()[:2])
        if len(companies) != 1:
            raise CommandError("Name the company: --company CODE.")
        return companies[0]

    @staticmethod
    def _analyse(tables: list[str]) -> str:
        """Fresh statistics for the planner; on PostgreSQL outside a transaction also the
        visibility map, without which an index-only scan still reads the table."""
        vacuum = connection.vendor == "postgresql" and not connection.in_atomic_block
        with connection.cursor() as cursor:
            for table in tables:
                name = connection.ops.quote_name(table)
                cursor.execute(f"VACUUM (ANALYZE) {name}" if vacuum else f"ANALYZE {name}")
        return "vacuumed and analysed" if vacuum else "analysed"
