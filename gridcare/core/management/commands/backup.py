"""`manage.py backup --output FILE`: a verified backup of the database (issue 9, item 9).

On PostgreSQL: a pg_dump custom-format archive and FILE.manifest.json (row counts and
checksums of the main tables, from the archive's own snapshot). On SQLite: a consistent
copy of the file through SQLite's online backup API. See gridcare.core.backup and
docs/operations.md.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection

from gridcare.core.backup import (
    BackupError,
    Target,
    Timings,
    backup_create,
    manifest_path,
    sqlite_backup_create,
)


class Command(BaseCommand):
    help = "Back up the database: an archive and a manifest of row counts and checksums."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", required=True, type=Path, help="The archive to write.")

    def handle(self, *args: Any, **options: Any) -> None:
        output: Path = options["output"]
        if output.exists():
            raise CommandError(f"{output} exists: a backup never overwrites a file.")
        if not output.parent.is_dir():
            raise CommandError(f"{output.parent} is not a directory.")
        try:
            if connection.vendor == "sqlite":
                self._sqlite(output)
            else:
                self._postgresql(output)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc

    def _postgresql(self, output: Path) -> None:
        timings = Timings()
        manifest = backup_create(
            output=output, target=Target.from_settings(connection.settings_dict), timings=timings
        )
        rows = sum(fp.rows for fp in manifest.tables.values())
        self.stdout.write(
            f"{output}: {manifest.dump_bytes:,} bytes, {len(manifest.tables)} tables, "
            f"{rows:,} rows (pg_dump {timings.steps['pg_dump']:.1f} s, checksums "
            f"{timings.steps['checksums']:.1f} s alongside)"
        )
        self.stdout.write(f"manifest: {manifest_path(output)}")

    def _sqlite(self, output: Path) -> None:
        connection.ensure_connection()
        counts = sqlite_backup_create(output=output, connection=connection.connection)
        self.stdout.write(
            f"{output}: a copy of the SQLite database ({output.stat().st_size:,} bytes, "
            f"{len(counts)} tables, {sum(counts.values()):,} rows, integrity check ok). "
            "To restore, stop the server and copy it to SQLITE_PATH."
        )
