"""Benchmark: a verified backup and restore at 10,000,000 rows (issue 9, item 9).

Run from the repository root (the databases are dropped and created again):

    BENCH_DATABASE_URL=postgres://postgres@127.0.0.1:5432/gridcare_bench \\
        .venv/bin/python bench/bench_backup.py [--clocks 10000000] [--workdir /tmp]

1. A fresh database with the demo company and `manage.py generate --clocks N` (the clocks
   with their breaches and exemptions: the largest tables GridCare has).
2. Baseline, in the same run: plain `pg_dump -Fc SOURCE | pg_restore -d BASELINE`, no
   checks (dump and restore overlap in the pipe).
3. GridCare's way: `backup` (pg_dump to a file, the checksums of every main table computed
   alongside in the same snapshot, the archive's SHA-256, the manifest), then `restore`
   (archive check, a new database, pg_restore, counts and checksums again, compared).
4. Prints each step, the totals, the overhead over the baseline and the machine's load.

Besides SOURCE it uses SOURCE_baseline and SOURCE_restore (dropped before and after).
"""

from __future__ import annotations

import argparse
import subprocess
import tempfile
import time
from pathlib import Path

from _postgres import bench_url, demo_company, fresh_database, generate, load_average


def drop(target) -> None:  # type: ignore[no-untyped-def]
    from psycopg import sql

    with target.with_name("postgres").connect(autocommit=True) as admin:
        admin.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(target.name))
        )


def baseline(source, target) -> float:  # type: ignore[no-untyped-def]
    """Seconds for `pg_dump -Fc | pg_restore` into a new database, nothing checked."""
    from psycopg import sql

    with target.with_name("postgres").connect(autocommit=True) as admin:
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                sql.Identifier(target.name)
            )
        )
    started = time.perf_counter()
    dump = subprocess.Popen(
        ["pg_dump", "--format=custom", "--no-password", f"--dbname={source.conninfo}"],
        stdout=subprocess.PIPE, env=source.env(),
    )  # fmt: skip
    restore = subprocess.run(
        ["pg_restore", "--exit-on-error", "--no-owner", "--no-acl", "--no-password",
         f"--dbname={target.conninfo}"],
        stdin=dump.stdout, env=target.env(), check=False,
    )  # fmt: skip
    assert dump.stdout is not None
    dump.stdout.close()
    if dump.wait() or restore.returncode:
        raise SystemExit("the baseline pg_dump | pg_restore failed")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--clocks", type=int, default=10_000_000)
    parser.add_argument("--workdir", type=Path, default=Path(tempfile.gettempdir()))
    args = parser.parse_args()
    url = bench_url()
    fresh_database(url)
    company = demo_company()
    generate("--clocks", str(args.clocks), "--company", company.code, "--seed", "1")

    from django.db import connection

    from gridcare.core.backup import Target, Timings, backup_create, restore_create

    source = Target.from_settings(connection.settings_dict)
    connection.close()
    baseline_target = source.with_name(f"{source.name}_baseline")
    restore_target = source.with_name(f"{source.name}_restore")
    archive = args.workdir / f"{source.name}.dump"
    for leftover in (archive, archive.with_name(archive.name + ".manifest.json")):
        leftover.unlink(missing_ok=True)
    for target in (baseline_target, restore_target):
        drop(target)

    load = load_average()
    try:
        plain = baseline(source, baseline_target)
        drop(baseline_target)  # the disk and the cache are the same for the next step

        backup_timings, restore_timings = Timings(), Timings()
        started = time.perf_counter()
        manifest = backup_create(output=archive, target=source, timings=backup_timings)
        backup_seconds = time.perf_counter() - started
        started = time.perf_counter()
        problems = restore_create(
            dump=archive, manifest=manifest, target=restore_target, timings=restore_timings
        )
        restore_seconds = time.perf_counter() - started
    finally:
        for target in (baseline_target, restore_target):
            drop(target)
        archive.unlink(missing_ok=True)
        archive.with_name(archive.name + ".manifest.json").unlink(missing_ok=True)
    load_after = load_average()

    rows = sum(fp.rows for fp in manifest.tables.values())
    largest = sorted(manifest.tables.items(), key=lambda item: -item[1].rows)[:3]
    verified = backup_seconds + restore_seconds
    print()
    print(f"{load} at the start, {load_after.split(' on ')[0]} at the end")
    print(
        f"{len(manifest.tables)} tables, {rows:,} rows "
        f"({', '.join(f'{name} {fp.rows:,}' for name, fp in largest)}); "
        f"archive {manifest.dump_bytes / 1e6:,.0f} MB"
    )
    print(f"baseline pg_dump -Fc | pg_restore (no checks):     {plain:8.1f} s")
    print(f"backup (dump + checksums alongside + manifest):   {backup_seconds:8.1f} s")
    for step, seconds in backup_timings.steps.items():
        print(f"  {step:<47} {seconds:8.1f} s")
    print(f"restore (check + create + pg_restore + verify):   {restore_seconds:8.1f} s")
    for step, seconds in restore_timings.steps.items():
        print(f"  {step:<47} {seconds:8.1f} s")
    print(
        f"verified backup and restore: {verified:.1f} s, {verified / plain:.2f}× the baseline "
        f"(+{verified - plain:.1f} s); {rows / verified:,.0f} rows/s"
    )
    if problems:
        raise SystemExit("restored database differs from the backup:\n" + "\n".join(problems))
    print("restored database equals the backup: every count and checksum")


if __name__ == "__main__":
    main()
