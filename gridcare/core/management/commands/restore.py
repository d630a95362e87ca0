"""`manage.py restore --input FILE --database-url postgres://.../newdb`: restore a backup
into a new PostgreSQL database and prove it equals the backup (issue 9, item 9).

Exits non-zero, listing every table that differs, when the restored rows do not match
the manifest written by `manage.py backup`. `--verify-only` checks an existing database
against the manifest again without restoring.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gridcare.core.backup import (
    BackupError,
    Manifest,
    Target,
    Timings,
    manifest_path,
    restore_create,
    restore_verify,
)


class Command(BaseCommand):
    help = "Restore a backup into a new PostgreSQL database and verify every main table."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--input", required=True, type=Path, help="The archive to restore.")
        parser.add_argument(
            "--database-url",
            required=True,
            help="postgres://user:password@host:port/NAME of the NEW database (created).",
        )
        parser.add_argument(
            "--manifest", type=Path, help="The manifest (default: FILE.manifest.json)."
        )
        parser.add_argument(
            "--jobs", type=int, default=1, help="Parallel pg_restore jobs (default 1)."
        )
        parser.add_argument(
            "--verify-only",
            action="store_true",
            help="Do not restore: compare the existing database with the manifest.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        dump: Path = options["input"]
        try:
            manifest = Manifest.read(options["manifest"] or manifest_path(dump))
            target = Target.from_url(options["database_url"])
            timings = Timings()
            if options["verify_only"]:
                problems = restore_verify(manifest=manifest, target=target)
            else:
                problems = restore_create(
                    dump=dump,
                    manifest=manifest,
                    target=target,
                    jobs=options["jobs"],
                    timings=timings,
                    progress=self.stdout.write,
                )
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        rows = sum(fp.rows for fp in manifest.tables.values())
        if problems:
            lines = "\n".join(f"  {line}" for line in problems)
            raise CommandError(
                f"The database {target.name!r} does NOT match the backup of "
                f"{manifest.database!r} taken {manifest.created_at} ({len(problems)} of "
                f"{len(manifest.tables)} tables differ):\n{lines}"
            )
        spent = ", ".join(f"{step} {seconds:.1f} s" for step, seconds in timings.steps.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"{target.name}: {len(manifest.tables)} tables, {rows:,} rows, counts and "
                f"checksums equal the backup of {manifest.database!r} taken "
                f"{manifest.created_at}" + (f" ({spent})" if spent else "")
            )
        )
