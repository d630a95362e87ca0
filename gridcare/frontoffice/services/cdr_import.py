"""Importing call records (API.md "Call records from the phone system", R-2.8).

The file is streamed: it is read in batches of lines and each batch goes to the database
before the next is read, so memory does not grow with the file.

- PostgreSQL: runs of about COPY_LINES lines are COPY'd straight into the call table
  while the next lines are read; a run that holds calls already recorded goes again
  through a staging table and `INSERT … SELECT … ON CONFLICT DO NOTHING` (_PostgresLoader).
- SQLite: every batch is one multi-row `INSERT … ON CONFLICT DO NOTHING`.

Either way the calls are committed run by run, so that other writers are not held up by a
long file. A running import writes a heartbeat with its progress; the reaper
(`call_imports_reap`, a periodic task) resumes one that fell silent from its kept file, or
marks it failed and resumable by hand. A resumed import reads the file again from the
start: the lines already committed are recognised by their key (imports are idempotent).
The import's result and its audit event are written together at the end.

Rejected lines and the progress are written as the file is read, outside the import's
transaction, so that the progress bar can show them while the import runs.
"""

from __future__ import annotations

import logging
import re
import time
from bisect import bisect_right
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import IO, Any
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from psycopg.copy import QueuedLibpqWriter
from psycopg.errors import UniqueViolation

from gridcare.core import uploads
from gridcare.core.errors import DomainError
from gridcare.core.instants import FUTURE_SKEW
from gridcare.core.services import audit_log
from gridcare.frontoffice.cdr import Batch, Call, Measure, Parser, Rejection, outcome_of
from gridcare.frontoffice.models import AgentExtension, CallImport, CallImportRejection, CallRecord
from gridcare.org.models import Company
from gridcare.rules import catalogue
from gridcare.rules.selectors import standard_changes, standard_in_force

logger = logging.getLogger(__name__)

RING_STANDARD = "call.answer_rings"
# Lines per run of COPY on PostgreSQL: the progress is written between two runs.
COPY_LINES = 200_000
PROGRESS_EVERY_SECONDS = 0.5

# Columns filled from each line, in the order of the staging table and of the COPY data.
CALL_COLUMNS = (
    "line_number",
    "call_date",
    "key",
    "caller",
    "dialled",
    "agent_extension",
    "agent_id",
    "started_at",
    "answered_at",
    "duration",
    "billsec",
    "disposition",
    "ring_ms",
    "rings",
    "outcome",
    "standard_id",
)
CALL_TABLE = CallRecord._meta.db_table


def ring_measure(*, company: Company | int, on: date) -> Measure | None:
    """The ring rule in force on `on` (R-2.8): period and limit come from the standard,
    never from code. None when the company's measures have no such standard."""
    standard = standard_in_force(company=company, code=RING_STANDARD, on=on)
    if standard is None:
        return None
    period = catalogue.parameter(standard, "ring_period_seconds")
    return Measure(standard.pk, round(float(period) * 1000), standard.amount)


def agent_map(company: Company | int) -> dict[str, int]:
    company_id = company if isinstance(company, int) else company.pk
    return dict(
        AgentExtension.objects.filter(company_id=company_id).values_list("extension", "staff_id")
    )


def plausible_starts(company_id: int) -> dict[str, datetime]:
    """The local start times a call of the company's file may have (core.instants): from
    its go-live day to now, as the naive local times the parser reads."""
    go_live = Company.objects.values_list("go_live", flat=True).get(pk=company_id)
    latest = timezone.localtime(timezone.now() + FUTURE_SKEW).replace(tzinfo=None)
    return {"earliest": datetime.combine(go_live, datetime.min.time()), "latest": latest}


class Measures(dict[str, Measure | None]):
    """The ring rule of each local date ("YYYY-MM-DD" → its Measure, or None where no rule
    is in force). The rule can change only on the days `standard_changes` names, so it is
    looked up once per stretch between two of them, all before the first call is read: no
    query runs while calls are being COPY'd, and a date is then one dictionary lookup."""

    def __init__(self, company_id: int) -> None:
        super().__init__()
        changes = standard_changes(company=company_id, code=RING_STANDARD)
        # ISO dates sort as their text does.
        self._starts = [day.isoformat() for day in changes]
        self._rules = [ring_measure(company=company_id, on=day) for day in changes]

    def __missing__(self, day: str) -> Measure | None:
        stretch = bisect_right(self._starts, day)
        rule = self[day] = self._rules[stretch - 1] if stretch else None
        return rule


class _Offsets:
    """UTC offset of the local time zone per local date (the CDR's times are local)."""

    def __init__(self) -> None:
        self.zone = ZoneInfo(settings.TIME_ZONE)
        self.delta: dict[str, timedelta] = {}

    def of(self, day: str) -> timedelta:
        if day not in self.delta:
            noon = datetime.fromisoformat(day + " 12:00").replace(tzinfo=self.zone)
            self.delta[day] = noon.utcoffset() or timedelta(0)
        return self.delta[day]


NULL = "\\N"  # COPY's text format
UNANSWERED_TEXT = f"{NULL}\t{NULL}\tunanswered\t{NULL}"
_COPY_SPECIAL_SEARCH = re.compile(r"[\\\t\n\r\x00]").search
_COPY_SPECIAL = str.maketrans({"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r", "\x00": ""})


def _copy_text(value: str) -> str:
    """A value in COPY's text format (PostgreSQL text cannot hold NUL)."""
    return value.translate(_COPY_SPECIAL)


class _PostgresLoader:
    """Each run of lines is COPY'd straight into the call table. A run holding a call that
    is already recorded (a duplicate breaks the unique index, which aborts that COPY and
    nothing of it stays) is sent again through a temporary staging table and one
    `INSERT … ON CONFLICT DO NOTHING`. A new file thus costs one COPY; a file sent again,
    or an export that repeats earlier calls (Asterisk appends to Master.csv), costs about
    twice that for the runs that hold old calls."""

    def __init__(self, batch: CallImport) -> None:
        self.batch = batch
        self.measures = Measures(batch.company_id)
        self.imported = 0
        # Every COPY line starts with the two columns the file does not give.
        self.prefix = f"{batch.company_id}\t{batch.pk}\t"
        self.table = f"frontoffice_call_stage_{batch.pk}"
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")
            # Temporary: private to this connection and never written to the WAL.
            cursor.execute(
                f"""CREATE TEMPORARY TABLE {self.table} (
                    company_id bigint, batch_id bigint,
                    line_number integer, call_date date, key uuid,
                    caller varchar(80), dialled varchar(80), agent_extension varchar(40),
                    agent_id bigint, started_at timestamptz, answered_at timestamptz,
                    duration integer, billsec integer, disposition varchar(12),
                    ring_ms integer, rings smallint, outcome varchar(12), standard_id bigint
                )"""
            )

    def _text(self, calls: list[Call]) -> str:
        """The calls as COPY text-format lines."""
        out: list[str] = []
        append = out.append
        prefix = self.prefix
        measures = self.measures
        special = _COPY_SPECIAL_SEARCH
        for (
            line,
            day,
            key,
            caller,
            dialled,
            extension,
            agent_id,
            start_text,
            answer_text,
            _start,
            _answer,
            duration,
            billsec,
            disposition,
            ring_ms,
        ) in calls:
            if special(caller + dialled + extension):
                caller, dialled = _copy_text(caller), _copy_text(dialled)
                extension = _copy_text(extension)
            if ring_ms is None:
                # answered_at, ring_ms, rings, outcome and standard_id of a call not answered.
                answered = NULL
                measured = UNANSWERED_TEXT
            else:
                answered = NULL if answer_text is None else answer_text
                measure = measures[day]
                rings, outcome = outcome_of(ring_ms, measure, answer_text is not None)
                if rings is None or measure is None:
                    measured = f"{ring_ms}\t{NULL}\t{outcome}\t{NULL}"
                else:
                    measured = f"{ring_ms}\t{rings}\t{outcome}\t{measure.standard_id}"
            append(
                f"{prefix}{line}\t{day}\t{key}\t{caller}\t{dialled}\t{extension}\t"
                f"{NULL if agent_id is None else agent_id}\t{start_text}\t{answered}\t"
                f"{duration}\t{billsec}\t{disposition}\t{measured}\n"
            )
        return "".join(out)

    def load(self, batches: Iterable[list[Call]]) -> None:
        """COPY these batches as one run, in one transaction."""
        run: list[str] = []
        try:
            with transaction.atomic(), connection.cursor() as cursor:
                with self._copy(cursor, CALL_TABLE) as copy:
                    # The writer thread sends each batch while the next one is parsed.
                    for calls in batches:
                        run.append(self._text(calls))
                        copy.write(run[-1])
                self.imported += cursor.cursor.rowcount
        except UniqueViolation:
            self.imported += self._merge(run)

    @staticmethod
    @contextmanager
    def _copy(cursor: Any, table: str) -> Iterator[Any]:
        """A COPY of call lines into `table`. Their times are the file's local wall-clock
        times, sent as they are: while it runs the server reads them in the deployment's
        time zone (and so resolves each one's offset itself). A COPY that fails leaves the
        time zone to the rollback of its transaction or savepoint."""
        with connection.cursor() as zone:
            zone.execute(
                "SELECT current_setting('TimeZone'), set_config('TimeZone', %s, true)",
                [settings.TIME_ZONE],
            )
            (session_zone, _) = zone.fetchone()
        # Sent from a thread, so that the next lines are parsed meanwhile. The psycopg
        # cursor itself: Django's debug wrapper (DEBUG=1) does not pass the writer on.
        with cursor.cursor.copy(
            f"COPY {table} (company_id, batch_id, {', '.join(CALL_COLUMNS)}) FROM STDIN",
            writer=QueuedLibpqWriter(cursor.cursor),
        ) as copy:
            yield copy
        with connection.cursor() as zone:
            zone.execute("SELECT set_config('TimeZone', %s, true)", [session_zone])

    def _merge(self, run: list[str]) -> int:
        """A run with calls already recorded: the new ones only. Returns how many."""
        columns = ", ".join(("company_id", "batch_id", *CALL_COLUMNS))
        with transaction.atomic(), connection.cursor() as cursor:
            with self._copy(cursor, self.table) as copy:
                for text in run:
                    copy.write(text)
            cursor.execute(
                f"INSERT INTO {CALL_TABLE} ({columns}) SELECT {columns} FROM {self.table} "  # noqa: S608 - names are constants
                "ON CONFLICT (company_id, call_date, key) DO NOTHING"
            )
            new = cursor.rowcount
            cursor.execute(f"TRUNCATE {self.table}")
        return new

    def finish(self) -> int:
        return self.imported

    def close(self) -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {self.table}")


class _SqliteLoader:
    """Multi-row inserts, one transaction per batch."""

    def __init__(self, batch: CallImport) -> None:
        self.batch = batch
        self.measures = Measures(batch.company_id)
        self.offsets = _Offsets()
        self.imported = 0
        placeholders = ", ".join(["%s"] * (len(CALL_COLUMNS) + 2))
        self.sql = (
            f"INSERT INTO {CALL_TABLE} (company_id, batch_id, {', '.join(CALL_COLUMNS)}) "  # noqa: S608 - names are constants
            f"VALUES ({placeholders}) ON CONFLICT (company_id, call_date, key) DO NOTHING"
        )

    def _utc(self, local: datetime, day: str) -> str:
        # As Django stores an aware time in SQLite: naive UTC text.
        return (local - self.offsets.of(day)).isoformat(" ")

    def load(self, batches: Iterable[list[Call]]) -> None:
        company_id, batch_id = self.batch.company_id, self.batch.pk
        measures = self.measures
        for calls in batches:
            if not calls:
                continue
            rows = []
            for c in calls:
                line, day, key, caller, dialled, extension, agent_id = c[:7]
                start, answer, duration, billsec, disposition, ring_ms = c[9:]
                measure = measures[day]
                rings, outcome = outcome_of(ring_ms, measure, answer is not None)
                rows.append(
                    (
                        company_id,
                        batch_id,
                        line,
                        day,
                        key,
                        caller,
                        dialled,
                        extension,
                        agent_id,
                        self._utc(start, day),
                        None if answer is None else self._utc(answer, day),
                        int(duration),
                        int(billsec),
                        disposition,
                        ring_ms,
                        rings,
                        outcome,
                        None if rings is None or measure is None else measure.standard_id,
                    )
                )
            with transaction.atomic(), connection.cursor() as cursor:
                cursor.executemany(self.sql, rows)
                self.imported += max(cursor.rowcount, 0)

    def finish(self) -> int:
        return self.imported

    def close(self) -> None:
        """Nothing to clean up: every batch is already in the call table."""


@dataclass(frozen=True)
class ImportResult:
    batch: CallImport
    imported: int
    duplicates: int
    rejected: int


class _Progress:
    """Counts, rejected lines and how far into the file, written as the file is read."""

    def __init__(self, batch: CallImport, stream: IO[bytes]) -> None:
        self.batch, self.stream = batch, stream
        self.lines = self.good = self.rejected = 0
        self.pending: list[Rejection] = []
        self.last = 0.0
        self.first_day: str | None = None
        self.last_day: str | None = None

    def count(self, parsed: Batch) -> None:
        self.lines += parsed.lines
        self.good += len(parsed.calls)
        if parsed.calls:
            days = [call[1] for call in parsed.calls]  # call_date, as YYYY-MM-DD text
            low, high = min(days), max(days)
            self.first_day = min(self.first_day or low, low)
            self.last_day = max(self.last_day or high, high)
        self.rejected += len(parsed.rejections)
        self.pending.extend(parsed.rejections)

    def flush(self, *, force: bool = False) -> None:
        if self.pending:
            CallImportRejection.objects.bulk_create(
                (
                    CallImportRejection(
                        batch=self.batch, line=r.line, code=r.code, detail=r.detail[:200]
                    )
                    for r in self.pending
                ),
                batch_size=1000,
            )
            self.pending = []
        now = time.monotonic()
        if force or now - self.last >= PROGRESS_EVERY_SECONDS:
            self.last = now
            try:
                position = self.stream.tell()
            except (OSError, ValueError):
                position = 0
            CallImport.objects.filter(pk=self.batch.pk).update(
                bytes_read=position,
                lines=self.lines,
                rejected=self.rejected,
                heartbeat_at=timezone.now(),
            )


class _Chunks:
    """The parser's batches in runs of about COPY_LINES lines, read lazily so that the
    parser works while the database takes the lines already sent."""

    def __init__(self, batches: Iterator[Batch], progress: _Progress) -> None:
        self.batches, self.progress = batches, progress
        self.done = False

    def take(self) -> Iterator[list[Call]]:
        lines = 0
        for parsed in self.batches:
            self.progress.count(parsed)
            yield parsed.calls
            lines += parsed.lines
            if lines >= COPY_LINES:
                return
        self.done = True


def call_import_create(
    *,
    company: Company,
    source: str,
    filename: str,
    size: int,
    actor: Any,
    file: Any = None,
) -> CallImport:
    """Register a file to import (queued). `file` is stored when the import runs later
    (an upload in the UI); the API imports the request's file at once."""
    with transaction.atomic():
        batch = CallImport(
            company=company,
            source=source,
            filename=filename[:200],
            size=size,
            uploaded_by=actor if getattr(actor, "is_authenticated", False) else None,
            uploaded_at=timezone.now(),
        )
        if file is not None:
            batch.file.save(filename[-100:], file, save=False)
        batch.save()
        audit_log(
            action="frontoffice.callimport.queued",
            actor=actor,
            obj=batch,
            company=company,
            payload={"file": batch.filename, "size": size, "source": source},
        )
    return batch


def call_import_run(*, batch: CallImport, stream: IO[bytes], actor: Any) -> ImportResult:
    """Read a Master.csv stream into call records (API.md, R-2.8). Idempotent: a line whose
    call is already recorded (same key, see gridcare.frontoffice.cdr) is a duplicate."""
    batch.status, batch.started_at = CallImport.Status.RUNNING, timezone.now()
    batch.runs += 1
    CallImport.objects.filter(pk=batch.pk).update(
        status=batch.status,
        started_at=batch.started_at,
        heartbeat_at=batch.started_at,
        runs=batch.runs,
    )
    resumed = batch.runs > 1
    if resumed:
        # The file is read again from its start: its rejected lines are found again.
        CallImportRejection.objects.filter(batch=batch).delete()
    parser = Parser(agents=agent_map(batch.company_id), **plausible_starts(batch.company_id))
    loader: _PostgresLoader | _SqliteLoader = (
        _PostgresLoader(batch) if connection.vendor == "postgresql" else _SqliteLoader(batch)
    )
    progress = _Progress(batch, stream)
    try:
        chunks = _Chunks(parser.batches(stream), progress)
        while not chunks.done:
            loader.load(chunks.take())
            progress.flush()
        progress.flush(force=True)
        with transaction.atomic():
            imported = loader.finish()
            if resumed:
                # The lines an earlier run committed are duplicates to this run (the
                # import is idempotent by key): what the import added is what carries it.
                imported = CallRecord.objects.filter(
                    company_id=batch.company_id, batch=batch
                ).count()
            duplicates = progress.good - imported
            CallImport.objects.filter(pk=batch.pk).update(
                status=CallImport.Status.DONE,
                finished_at=timezone.now(),
                bytes_read=batch.size,
                lines=progress.lines,
                imported=imported,
                duplicates=duplicates,
                rejected=progress.rejected,
                first_call_date=progress.first_day,
                last_call_date=progress.last_day,
            )
            audit_log(
                action="frontoffice.callimport.done",
                actor=actor,
                obj=batch,
                company=batch.company,
                payload={
                    "lines": progress.lines,
                    "imported": imported,
                    "duplicates": duplicates,
                    "rejected": progress.rejected,
                },
            )
    except Exception as error:
        logger.exception("call import %s failed", batch.pk)
        CallImport.objects.filter(pk=batch.pk).update(
            status=CallImport.Status.FAILED,
            finished_at=timezone.now(),
            error=uploads.bounded(str(error)),
        )
        raise
    finally:
        loader.close()
    batch.refresh_from_db()
    return ImportResult(batch, imported, duplicates, progress.rejected)


def call_import_release_file(*, batch_id: int) -> None:
    """Delete the stored file of an import that is done or has failed: nothing reads it
    again, and a failed file (too big, not call records) is not kept."""
    batch = CallImport.objects.get(pk=batch_id)
    if batch.status in (CallImport.Status.DONE, CallImport.Status.FAILED) and batch.file:
        batch.file.delete(save=False)
        CallImport.objects.filter(pk=batch_id).update(file="")


def _stale_after() -> timedelta:
    return timedelta(seconds=getattr(settings, "IMPORT_STALE_SECONDS", 300))


def _queue(batch: CallImport) -> None:
    from gridcare.frontoffice.tasks import import_calls

    transaction.on_commit(lambda: import_calls(batch.pk, batch.uploaded_by_id))


def call_imports_reap(*, now: datetime | None = None) -> list[CallImport]:
    """Find running imports that gave no sign of life for IMPORT_STALE_SECONDS (their
    task consumer ended mid-file) and, for each, resume it from its kept file up to
    IMPORT_AUTO_RESUMES times, else mark it failed, resumable by hand. Returns them."""
    now = now or timezone.now()
    auto_resumes = getattr(settings, "IMPORT_AUTO_RESUMES", 2)
    reaped = []
    stale = CallImport.objects.filter(
        status=CallImport.Status.RUNNING, heartbeat_at__lt=now - _stale_after()
    )
    for pk in stale.values_list("pk", flat=True):
        with transaction.atomic():
            batch = CallImport.objects.select_for_update().get(pk=pk)
            if batch.status != CallImport.Status.RUNNING or (
                batch.heartbeat_at and batch.heartbeat_at >= now - _stale_after()
            ):
                continue  # it finished or spoke meanwhile
            batch.interruptions += 1
            if batch.file and batch.interruptions <= auto_resumes:
                batch.status, batch.error = CallImport.Status.QUEUED, ""
                action = "frontoffice.callimport.resumed"
                _queue(batch)
            else:
                batch.status, batch.finished_at = CallImport.Status.FAILED, now
                batch.error = str(
                    _("The import stopped part way (the background worker ended).")
                    if batch.file
                    else _("The import stopped part way and its file was not kept: send it again.")
                )
                action = "frontoffice.callimport.interrupted"
            batch.save(update_fields=["status", "error", "finished_at", "interruptions"])
            audit_log(
                action=action,
                actor=None,
                obj=batch,
                company=batch.company,
                payload={"interruptions": batch.interruptions, "lines": batch.lines},
            )
            reaped.append(batch)
    return reaped


@transaction.atomic
def call_import_resume(*, batch: CallImport, actor: Any) -> CallImport:
    """Go on with an interrupted import from its kept file (no new upload); lines already
    imported are recognised by their key and not imported again."""
    batch = CallImport.objects.select_for_update().get(pk=batch.pk)
    if not batch.resumable:
        raise DomainError(_("Only an interrupted import whose file is kept can be resumed."))
    batch.status, batch.error, batch.finished_at = CallImport.Status.QUEUED, "", None
    batch.save(update_fields=["status", "error", "finished_at"])
    audit_log(
        action="frontoffice.callimport.resumed",
        actor=actor,
        obj=batch,
        company=batch.company,
        payload={"interruptions": batch.interruptions, "by_hand": True},
    )
    _queue(batch)
    return batch


@transaction.atomic
def call_import_give_up(*, batch: CallImport, actor: Any) -> CallImport:
    """An interrupted import is left as it stands (the calls it imported stay); its file
    is deleted."""
    batch = CallImport.objects.select_for_update().get(pk=batch.pk)
    if not batch.resumable:
        raise DomainError(_("Only an interrupted import whose file is kept can be given up."))
    batch.file.delete(save=False)
    batch.save(update_fields=["file"])
    audit_log(
        action="frontoffice.callimport.given_up",
        actor=actor,
        obj=batch,
        company=batch.company,
        payload={"lines": batch.lines},
    )
    return batch
