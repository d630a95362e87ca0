"""Backup and restore of the PostgreSQL database, checked row by row (issue 9, item 9).

``manage.py backup --output FILE`` writes a ``pg_dump`` custom-format archive and, beside
it, ``FILE.manifest.json``: the row count and an order-independent checksum of every main
table (every table of the ``gridcare.*`` apps, plus ``auth_user`` and
``auth_user_groups``: the accounts and their roles). The checksums are computed in the
same database snapshot that ``pg_dump`` reads (``pg_export_snapshot`` → ``pg_dump
--snapshot``), so they describe exactly what is in the archive even while people keep
working.

``manage.py restore --input FILE --database-url postgres://…/newdb`` checks the archive
against the manifest (SHA-256), creates the new database, runs ``pg_restore`` and computes
the counts and checksums again in the restored database: any difference is listed and the
command fails.

The checksum of a table is ``sum(first 64 bits of md5(row as text))`` over its rows, in
SQL: independent of row order and physical layout, changed by any edit of any column of
any row, and by any row added or removed. The row text depends on a few session settings
(time zone, date and interval style, float digits, bytea output); :data:`STABLE_OUTPUT`
fixes them for both sides.

Why nothing is audited here: a backup changes no data (and may run against a read-only
standby), and a restore writes into a new database that has no history of its own yet.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psycopg
from django.apps import apps
from django.utils import timezone
from psycopg import sql
from psycopg.conninfo import make_conninfo

MANIFEST_FORMAT = "gridcare-backup/1"
#: Tables outside the gridcare apps whose rows people entered: the accounts and their roles.
EXTRA_TABLES = ("auth_user", "auth_user_groups")
#: Session settings under which a row's text is the same on every server and client.
STABLE_OUTPUT = (
    "SET LOCAL TimeZone = 'UTC'",
    "SET LOCAL DateStyle = 'ISO, YMD'",
    "SET LOCAL IntervalStyle = 'postgres'",
    "SET LOCAL extra_float_digits = 1",
    "SET LOCAL bytea_output = 'hex'",
)
#: libpq connection keywords that may come from DATABASES OPTIONS or the URL's query.
_LIBPQ_OPTIONS = frozenset(
    {
        "sslmode",
        "sslrootcert",
        "sslcert",
        "sslkey",
        "connect_timeout",
        "application_name",
        "target_session_attrs",
        "options",
        "passfile",
        "service",
    }
)
_SHA_CHUNK = 1 << 20


class BackupError(Exception):
    """A backup or restore that could not be done; the message says what to do."""


@dataclass(frozen=True)
class Target:
    """Where a database is: libpq keywords (without the password) and the password.

    The password travels to pg_dump / pg_restore in PGPASSWORD, never on the command line
    (where every user of the machine could read it in the process list)."""

    params: dict[str, str]
    password: str = ""

    @classmethod
    def from_settings(cls, settings_dict: dict[str, Any]) -> Target:
        """The target of a Django DATABASES entry (PostgreSQL only)."""
        if "postgresql" not in settings_dict.get("ENGINE", ""):
            raise BackupError(
                f"The database is {settings_dict.get('ENGINE', '?')}, not PostgreSQL. "
                "On SQLite, `manage.py backup --output FILE` copies the file with SQLite's "
                "online backup API; restoring is copying that file to SQLITE_PATH while the "
                "server is stopped."
            )
        options = settings_dict.get("OPTIONS") or {}
        params = {
            "dbname": settings_dict.get("NAME"),
            "host": settings_dict.get("HOST"),
            "port": settings_dict.get("PORT"),
            "user": settings_dict.get("USER"),
            **{key: value for key, value in options.items() if key in _LIBPQ_OPTIONS},
        }
        return cls(
            params={k: str(v) for k, v in params.items() if v not in (None, "")},
            password=str(settings_dict.get("PASSWORD") or ""),
        )

    @classmethod
    def from_url(cls, url: str) -> Target:
        import dj_database_url

        if not url.startswith(("postgres://", "postgresql://")):
            raise BackupError(
                "--database-url must be a postgres:// URL naming the new database. (A SQLite "
                "backup is restored by copying the file to SQLITE_PATH, server stopped.)"
            )
        target = cls.from_settings(dict(dj_database_url.parse(url)))
        if not target.name:
            raise BackupError("--database-url must name the database: postgres://host/NAME.")
        return target

    @property
    def name(self) -> str:
        return self.params.get("dbname", "")

    def with_name(self, name: str) -> Target:
        return Target(params={**self.params, "dbname": name}, password=self.password)

    @property
    def conninfo(self) -> str:
        return make_conninfo(**self.params)

    def env(self) -> dict[str, str]:
        env = {**os.environ}
        if self.password:
            env["PGPASSWORD"] = self.password
        return env

    def connect(self, *, autocommit: bool = False) -> psycopg.Connection[Any]:
        try:
            return psycopg.connect(
                self.conninfo, password=self.password or None, autocommit=autocommit
            )
        except psycopg.OperationalError as exc:
            raise BackupError(f"Cannot connect to {self.name!r}: {exc}".strip()) from exc

    def connect_snapshot(self) -> psycopg.Connection[Any]:
        """A connection whose transaction reads one consistent snapshot and writes nothing."""
        conn = self.connect()
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        return conn


@dataclass(frozen=True)
class TableFingerprint:
    rows: int
    checksum: str


@dataclass
class Manifest:
    """What a backup holds, written beside the archive as JSON."""

    database: str
    created_at: str
    server_version: str
    dump_file: str
    dump_bytes: int
    dump_sha256: str
    tables: dict[str, TableFingerprint]
    migrations: dict[str, str] = field(default_factory=dict)

    def to_json(self) -> str:
        body = {
            "format": MANIFEST_FORMAT,
            "database": self.database,
            "created_at": self.created_at,
            "server_version": self.server_version,
            "dump_file": self.dump_file,
            "dump_bytes": self.dump_bytes,
            "dump_sha256": self.dump_sha256,
            "migrations": self.migrations,
            "tables": {
                name: {"rows": fp.rows, "checksum": fp.checksum}
                for name, fp in sorted(self.tables.items())
            },
        }
        return json.dumps(body, indent=2, ensure_ascii=False) + "\n"

    @classmethod
    def read(cls, path: Path) -> Manifest:
        try:
            body = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise BackupError(
                f"No manifest {path}: a backup is the archive and its manifest together."
            ) from None
        except ValueError as exc:
            raise BackupError(f"{path} is not a backup manifest: {exc}") from None
        if not isinstance(body, dict) or body.get("format") != MANIFEST_FORMAT:
            raise BackupError(f"{path} is not a {MANIFEST_FORMAT} manifest.")
        return cls(
            database=body["database"],
            created_at=body["created_at"],
            server_version=body["server_version"],
            dump_file=body["dump_file"],
            dump_bytes=body["dump_bytes"],
            dump_sha256=body["dump_sha256"],
            migrations=body.get("migrations", {}),
            tables={
                name: TableFingerprint(rows=entry["rows"], checksum=entry["checksum"])
                for name, entry in body["tables"].items()
            },
        )


def manifest_path(dump: Path) -> Path:
    return dump.with_name(dump.name + ".manifest.json")


def main_tables() -> list[str]:
    """Every table of the gridcare apps (many-to-many tables included) and EXTRA_TABLES."""
    tables = set(EXTRA_TABLES)
    for config in apps.get_app_configs():
        if config.name.startswith("gridcare."):
            for model in config.get_models(include_auto_created=True):
                if model._meta.managed and not model._meta.proxy:
                    tables.add(model._meta.db_table)
    return sorted(tables)


def fingerprints(
    conn: psycopg.Connection[Any], tables: Iterable[str]
) -> dict[str, TableFingerprint]:
    """Row count and checksum of each table, read in the connection's open transaction
    (one snapshot when it is REPEATABLE READ)."""
    result = {}
    with conn.cursor() as cursor:
        for statement in STABLE_OUTPUT:
            cursor.execute(statement)  # type: ignore[arg-type]  # fixed text, no input
        for table in tables:
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), coalesce(sum(('x' || left(md5(t::text), 16))"
                    "::bit(64)::bigint), 0)::text FROM {} AS t"
                ).format(sql.Identifier(table))
            )
            rows, checksum = cursor.fetchone()  # type: ignore[misc]
            result[table] = TableFingerprint(rows=rows, checksum=checksum)
    return result


def compare(
    expected: dict[str, TableFingerprint], actual: dict[str, TableFingerprint]
) -> list[str]:
    """One line per difference between the manifest and the restored database."""
    problems = []
    for table, want in sorted(expected.items()):
        got = actual.get(table)
        if got is None:
            problems.append(f"{table}: missing in the restored database")
        elif got.rows != want.rows:
            problems.append(f"{table}: {got.rows:,} rows, the backup has {want.rows:,}")
        elif got.checksum != want.checksum:
            problems.append(f"{table}: same {got.rows:,} rows but different contents (checksum)")
    return problems


def _existing(conn: psycopg.Connection[Any], tables: Iterable[str]) -> list[str]:
    wanted = list(tables)
    found = {
        name
        for (name,) in conn.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
            "AND tablename = ANY(%s)",
            [wanted],
        )
    }
    return [table for table in wanted if table in found]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_SHA_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(
            f"{name} is not installed: install the PostgreSQL client of the server's major "
            "version (Debian: apt-get install postgresql-client)."
        )
    return path


def _run(args: list[str], target: Target, what: str) -> None:
    done = subprocess.run(args, env=target.env(), capture_output=True, text=True, check=False)  # noqa: S603 - fixed tool, our arguments
    if done.returncode:
        raise BackupError(f"{what} failed (exit {done.returncode}): {done.stderr.strip()[-2000:]}")


@dataclass
class Timings:
    """Seconds spent in each step, for the command's output and the benchmark."""

    steps: dict[str, float] = field(default_factory=dict)

    def measure(self, step: str, started: float) -> None:
        self.steps[step] = time.perf_counter() - started


def backup_create(*, output: Path, target: Target, timings: Timings | None = None) -> Manifest:
    """Dump `target` to `output` (pg_dump custom format) and write its manifest beside it.

    The archive is written under a temporary name and renamed when complete, and the
    manifest last: a file that looks like a backup is a whole one."""
    timings = timings or Timings()
    pg_dump = _tool("pg_dump")
    partial = output.with_name(output.name + ".partial")
    with target.connect_snapshot() as conn:
        snapshot = conn.execute("SELECT pg_export_snapshot()").fetchone()[0]  # type: ignore[index]
        started = time.perf_counter()
        # pg_dump reads the exported snapshot while this connection computes the checksums
        # of the same snapshot: both cores work, and the manifest matches the archive.
        dump = subprocess.Popen(  # noqa: S603 - fixed tool, our arguments
            [pg_dump, "--format=custom", f"--snapshot={snapshot}", "--no-password",
             f"--file={partial}", f"--dbname={target.conninfo}"],
            env=target.env(), stderr=subprocess.PIPE, text=True,
        )  # fmt: skip
        try:
            tables = fingerprints(conn, _existing(conn, main_tables()))
            timings.measure("checksums", started)
            migrations = dict(
                conn.execute(
                    "SELECT app, max(name) FROM django_migrations GROUP BY app ORDER BY app"
                ).fetchall()
            )
            version = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
        except BaseException:
            dump.kill()
            dump.wait()
            partial.unlink(missing_ok=True)
            raise
        _, errors = dump.communicate()
        timings.measure("pg_dump", started)
        conn.rollback()
    if dump.returncode:
        partial.unlink(missing_ok=True)
        raise BackupError(f"pg_dump failed (exit {dump.returncode}): {errors.strip()[-2000:]}")
    partial.replace(output)
    started = time.perf_counter()
    manifest = Manifest(
        database=target.name,
        created_at=timezone.now().isoformat(),
        server_version=version,
        dump_file=output.name,
        dump_bytes=output.stat().st_size,
        dump_sha256=_sha256(output),
        tables=tables,
        migrations=migrations,
    )
    manifest_path(output).write_text(manifest.to_json(), encoding="utf-8")
    timings.measure("manifest", started)
    return manifest


def restore_verify(*, manifest: Manifest, target: Target) -> list[str]:
    """Compare the database `target` with `manifest`; the differences, one per line."""
    with target.connect_snapshot() as conn:
        actual = fingerprints(conn, _existing(conn, manifest.tables))
        conn.rollback()
    return compare(manifest.tables, actual)


def restore_create(
    *,
    dump: Path,
    manifest: Manifest,
    target: Target,
    jobs: int = 1,
    timings: Timings | None = None,
    progress: Callable[[str], None] = lambda line: None,
) -> list[str]:
    """Restore `dump` into the new database `target` and verify it against `manifest`.

    Returns the differences (empty when the restored database equals the backup). Refuses
    a database that already exists: a restore never writes over data."""
    timings = timings or Timings()
    pg_restore = _tool("pg_restore")
    started = time.perf_counter()
    if not dump.exists():
        raise BackupError(f"No archive {dump}.")
    if _sha256(dump) != manifest.dump_sha256:
        raise BackupError(
            f"{dump} is not the archive its manifest describes (SHA-256 differs): it was "
            "damaged or replaced. Use another backup."
        )
    timings.measure("archive check", started)
    progress(f"archive {dump} matches its manifest ({manifest.dump_bytes:,} bytes)")
    maintenance = target.with_name("postgres")
    with maintenance.connect(autocommit=True) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [target.name]
        ).fetchone()
        if exists:
            raise BackupError(
                f"The database {target.name!r} already exists. A restore goes into a new "
                "database: name another one (or drop this one yourself if it is disposable)."
            )
        # template0: a restore must start from an empty database, whatever template1 holds.
        admin.execute(
            sql.SQL("CREATE DATABASE {} TEMPLATE template0 ENCODING 'UTF8'").format(
                sql.Identifier(target.name)
            )
        )
    progress(f"created the database {target.name!r}")
    started = time.perf_counter()
    try:
        _run(
            [pg_restore, "--exit-on-error", "--no-owner", "--no-acl", "--no-password",
             f"--jobs={jobs}", f"--dbname={target.conninfo}", str(dump)],
            target, "pg_restore",
        )  # fmt: skip
    except BackupError:
        # A half-restored database must never be mistaken for a good one.
        with maintenance.connect(autocommit=True) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
                    sql.Identifier(target.name)
                )
            )
        raise
    timings.measure("pg_restore", started)
    progress(f"pg_restore done in {timings.steps['pg_restore']:.1f} s")
    started = time.perf_counter()
    problems = restore_verify(manifest=manifest, target=target)
    timings.measure("verification", started)
    return problems


def sqlite_backup_create(*, output: Path, connection: sqlite3.Connection) -> dict[str, int]:
    """Copy a live SQLite database with SQLite's online backup API (a consistent copy while
    others write), check the copy's integrity and return its row counts per main table.

    `connection` is Django's own (outside a transaction): the copy is checked through it,
    attached, because the schema's expression indexes call functions Django registers."""
    partial = output.with_name(output.name + ".partial")
    partial.unlink(missing_ok=True)
    copy = sqlite3.connect(partial)
    try:
        connection.backup(copy)
    finally:
        copy.close()
    connection.execute("ATTACH DATABASE ? AS backup_copy", [str(partial)])
    try:
        status = connection.execute("PRAGMA backup_copy.integrity_check").fetchone()[0]
        if status != "ok":
            raise BackupError(f"The copy failed SQLite's integrity check: {status}")
        present = {
            name
            for (name,) in connection.execute(
                "SELECT name FROM backup_copy.sqlite_master WHERE type = 'table'"
            )
        }
        counts = {
            table: connection.execute(f'SELECT count(*) FROM backup_copy."{table}"').fetchone()[0]  # noqa: S608 - our table names
            for table in main_tables()
            if table in present
        }
    finally:
        connection.execute("DETACH DATABASE backup_copy")
    partial.replace(output)
    return counts
