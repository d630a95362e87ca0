"""Backup and restore (issue 9, item 9): a backup restores into a new database whose every
main table has the rows of the backup, and any difference is found and named."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.db import connection

from gridcare.core.backup import (
    BackupError,
    Manifest,
    TableFingerprint,
    Target,
    compare,
    main_tables,
    restore_create,
)
from gridcare.core.models import AuditEvent
from gridcare.core.services import audit_log, notify
from gridcare.org.models import Company

needs_postgresql = pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="pg_dump/pg_restore back up PostgreSQL (run with DATABASE_URL=postgres://...)",
)


def _url(target: Target) -> str:
    p = target.params
    auth = quote(p.get("user", ""), safe="") + (
        ":" + quote(target.password, safe="") if target.password else ""
    )
    return f"postgres://{auth}@{p.get('host', '')}:{p.get('port', '5432')}/{target.name}"


@pytest.fixture
def restore_target() -> Iterator[Target]:
    """A database beside the test database, dropped afterwards whatever happened."""
    source = Target.from_settings(connection.settings_dict)
    target = source.with_name(f"{source.name}_restore")
    drop = psycopg.sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(
        psycopg.sql.Identifier(target.name)
    )
    with source.with_name("postgres").connect(autocommit=True) as admin:
        admin.execute(drop)
    yield target
    with source.with_name("postgres").connect(autocommit=True) as admin:
        admin.execute(drop)


@needs_postgresql
@pytest.mark.postgres
# Committed rows: pg_dump reads the database from another connection. serialized_rollback
# puts back the rows the migrations seeded (standards, calendar) after the flush.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_backup_restores_into_a_new_database_with_equal_counts_and_checksums(
    tmp_path: Path, restore_target: Target, company, make_staff, capsys
) -> None:
    clerk = make_staff("counter_clerk", company=company)
    clerk.email = "clerk@example.org"
    clerk.save()
    audit_log(action="core.test.backup", actor=clerk, obj=company, payload={"名稱": "大足"})
    notify(recipient=clerk, key="backup-test", title="備份測試", email=False)
    archive = tmp_path / "gridcare.dump"

    call_command("backup", output=archive)

    manifest = Manifest.read(tmp_path / "gridcare.dump.manifest.json")
    assert manifest.database == connection.settings_dict["NAME"]
    assert set(manifest.tables) == set(main_tables())
    assert manifest.tables["auth_user"].rows == get_user_model().objects.count()
    assert manifest.tables["core_auditevent"].rows == AuditEvent.objects.count() >= 1
    assert manifest.tables["org_company"].rows == Company.objects.count() == 1
    # The seeded standards are in the backup too.
    assert manifest.tables["rules_servicestandard"].rows > 0

    call_command("restore", input=archive, database_url=_url(restore_target))
    assert "counts and checksums equal the backup" in capsys.readouterr().out

    with restore_target.connect(autocommit=True) as restored:
        titles = restored.execute("SELECT title FROM core_notification").fetchall()
        assert titles == [("備份測試",)]
        # The audit trail is restored with its guard: history stays unchangeable.
        with pytest.raises(psycopg.errors.InsufficientPrivilege):
            restored.execute("DELETE FROM core_auditevent")
        # Someone edits a row of the restored copy: verification names the table.
        restored.execute("UPDATE org_company SET name = name || '（改）'")
        restored.execute("DELETE FROM core_notification")
    with pytest.raises(CommandError) as refused:
        call_command("restore", input=archive, database_url=_url(restore_target), verify_only=True)
    message = str(refused.value)
    assert "2 of" in message
    assert "org_company: same 1 rows but different contents" in message
    assert "core_notification: 0 rows, the backup has 1" in message

    # A restore never writes into an existing database.
    with pytest.raises(CommandError, match="already exists"):
        call_command("restore", input=archive, database_url=_url(restore_target))


def test_a_damaged_archive_is_refused_before_anything_is_created(tmp_path: Path) -> None:
    archive = tmp_path / "gridcare.dump"
    archive.write_bytes(b"PGDMP damaged")
    manifest = Manifest(
        database="gridcare",
        created_at="2026-11-28T00:00:00+00:00",
        server_version="15",
        dump_file=archive.name,
        dump_bytes=13,
        dump_sha256="0" * 64,
        tables={"org_company": TableFingerprint(rows=1, checksum="1")},
    )
    # Nothing listens on port 9: reaching the server would fail differently.
    target = Target(params={"dbname": "gridcare_restore", "host": "127.0.0.1", "port": "9"})
    with pytest.raises(BackupError, match="SHA-256 differs"):
        restore_create(dump=archive, manifest=manifest, target=target)


def test_verification_lists_every_kind_of_difference() -> None:
    expected = {
        "a": TableFingerprint(rows=3, checksum="10"),
        "b": TableFingerprint(rows=2, checksum="20"),
        "c": TableFingerprint(rows=1, checksum="30"),
        "d": TableFingerprint(rows=0, checksum="0"),
    }
    actual = {
        "a": TableFingerprint(rows=3, checksum="10"),
        "b": TableFingerprint(rows=1, checksum="5"),
        "c": TableFingerprint(rows=1, checksum="31"),
    }
    assert compare(expected, actual) == [
        "b: 1 rows, the backup has 2",
        "c: same 1 rows but different contents (checksum)",
        "d: missing in the restored database",
    ]


def test_the_manifest_survives_a_round_trip_through_json(tmp_path: Path) -> None:
    manifest = Manifest(
        database="gridcare",
        created_at="2026-11-28T00:00:00+00:00",
        server_version="15.20",
        dump_file="x.dump",
        dump_bytes=10,
        dump_sha256="ab" * 32,
        tables={"auth_user": TableFingerprint(rows=2, checksum="-12345678901234567890")},
        migrations={"core": "0003_notification"},
    )
    path = tmp_path / "x.dump.manifest.json"
    path.write_text(manifest.to_json(), encoding="utf-8")
    assert Manifest.read(path) == manifest
    path.write_text('{"format": "something else"}', encoding="utf-8")
    with pytest.raises(BackupError, match="not a gridcare-backup/1 manifest"):
        Manifest.read(path)


def test_restore_needs_a_postgresql_url_naming_the_database() -> None:
    with pytest.raises(BackupError, match="SQLITE_PATH"):
        Target.from_url("sqlite:///var/gridcare.sqlite3")
    with pytest.raises(BackupError, match="name the database"):
        Target.from_url("postgres://postgres@127.0.0.1:5432/")


def test_the_password_never_reaches_the_command_line() -> None:
    target = Target.from_url("postgres://ops:s3cret%21@db.internal:6432/gridcare?sslmode=require")
    assert "s3cret" not in target.conninfo
    assert "sslmode=require" in target.conninfo
    assert target.env()["PGPASSWORD"] == "s3cret!"


@pytest.mark.django_db
def test_a_backup_never_overwrites_a_file(tmp_path: Path) -> None:
    existing = tmp_path / "gridcare.dump"
    existing.write_bytes(b"yesterday")
    with pytest.raises(CommandError, match="never overwrites"):
        call_command("backup", output=existing)
    assert existing.read_bytes() == b"yesterday"


@pytest.mark.skipif(connection.vendor != "sqlite", reason="the SQLite copy; PostgreSQL above")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_on_sqlite_the_backup_is_a_checked_copy_of_the_file(
    tmp_path: Path, company, make_staff, capsys
) -> None:
    make_staff("counter_clerk", company=company)
    archive = tmp_path / "gridcare.sqlite3"

    call_command("backup", output=archive)

    assert "integrity check ok" in capsys.readouterr().out
    with sqlite3.connect(archive) as copy:
        users = copy.execute("SELECT count(*) FROM auth_user").fetchone()[0]
        companies = copy.execute("SELECT code FROM org_company").fetchall()
    assert users == get_user_model().objects.count() >= 1
    assert companies == [("dazu",)]
