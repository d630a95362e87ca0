"""Import of the customer register from .xlsx or .csv (issue 4, DESIGN.md convention 11).

The column layout is data (COLUMNS): a header row names each column by its code or its
Chinese label, in any order; the template offered for download has exactly these columns.
Every row is checked on its own: a bad row is listed with its line number and reason and
never stops the good rows. Rows are upserted by account number, and a row equal to what is
stored changes nothing, so re-importing the same file is harmless.

Streaming: the file is read row by row (openpyxl read-only mode, csv reader) and written in
chunks into a staging table, so memory does not grow with the file; two set-based
statements from the staging table (update the changed customers, insert the new ones) then
write the register in a single transaction. On PostgreSQL the chunks go in with COPY.
"""

from __future__ import annotations

import csv
import io
import os
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from gridcare.core import uploads
from gridcare.customers.models import Category, CreditRating, Customer, Voltage
from gridcare.customers.validators import validate_account_number, validate_name

CHUNK_ROWS = 5000
STAGE_TABLE = "customers_import_stage"

TRUE_WORDS = {"1", "true", "yes", "y", "是", "t", "✓"}
FALSE_WORDS = {"", "0", "false", "no", "n", "否", "f"}

CATEGORY_WORDS = {
    "residential": Category.RESIDENTIAL,
    "居民": Category.RESIDENTIAL,
    "居民生活": Category.RESIDENTIAL,
    "non_residential": Category.NON_RESIDENTIAL,
    "非居民": Category.NON_RESIDENTIAL,
}
VOLTAGE_WORDS = {
    "low": Voltage.LOW,
    "低壓": Voltage.LOW,
    "低压": Voltage.LOW,
    "10kv": Voltage.KV10,
    "high": Voltage.HIGH,
    "高壓": Voltage.HIGH,
    "高压": Voltage.HIGH,
}


@dataclass(frozen=True)
class Column:
    code: str
    label: str
    kind: str  # text, choice, int, bool
    required: bool = False
    max_length: int = 0
    help: Any = ""
    sql_type: str = "text"


COLUMNS: tuple[Column, ...] = (
    Column("account_number", "戶號", "text", True, 30, gettext_lazy("unique; letters, digits, -")),
    Column("name", "戶名", "text", True, 100),
    Column("category", "類別", "category", True, help="居民 / 非居民"),
    Column("voltage", "電壓等級", "voltage", True, help="低壓 / 10kV / 高壓"),
    Column(
        "supply_sources",
        "電源數",
        "sources",
        help=gettext_lazy("1 or 2; empty means 1"),
        sql_type="smallint",
    ),
    Column("town", "鄉鎮街道", "text", max_length=40),
    Column("address", "地址", "text", max_length=200),
    Column("phone", "電話", "text", max_length=30),
    Column("phone_alt", "其他電話", "text", max_length=30),
    Column("contact_name", "聯繫人", "text", max_length=50),
    Column("contact_phone", "聯繫人電話", "text", max_length=30),
    Column(
        "annual_consumption_kwh",
        "年用電量",
        "int",
        help=gettext_lazy("kWh; empty means 0"),
        sql_type="bigint",
    ),
    Column("credit_rating", "電費信用等級", "rating", help="AAA / AA / A / B / C"),
    Column(
        "is_government_body", "黨政機關", "bool", help=gettext_lazy("是 / 否"), sql_type="boolean"
    ),
    Column("is_key_project", "重點工程", "bool", help=gettext_lazy("是 / 否"), sql_type="boolean"),
    Column(
        "special_guarantee_need",
        "特殊保電需求",
        "bool",
        help=gettext_lazy("是 / 否"),
        sql_type="boolean",
    ),
    Column("deposit_paid", "已交抵押金", "bool", help=gettext_lazy("是 / 否"), sql_type="boolean"),
)
FIELDS = tuple(c.code for c in COLUMNS)
# Fields an import may change on an existing customer (all but the key).
UPDATED_FIELDS = FIELDS[1:]


class FileRejected(Exception):
    """The whole file is unusable (not a spreadsheet, wrong columns): nothing is written."""


@dataclass
class ImportOutcome:
    rows_read: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    rejected: int = 0


# --- reading ------------------------------------------------------------------------------


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        # Excel stores account numbers and phones typed as numbers as floats.
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat()
    return str(value).strip()


def _xlsx_rows(path: Path, progress: Callable[[float], None]) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook

    # Measured before openpyxl reads anything: it loads every shared string into memory.
    try:
        uploads.check_archive(path)
    except uploads.UploadRejected as error:
        raise FileRejected(error.message) from error
    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError) as error:
        raise FileRejected(_("This is not a readable .xlsx file.")) from error
    try:
        if not workbook.worksheets:
            raise FileRejected(_("This is not a readable .xlsx file."))
        sheet = workbook.worksheets[0]
        # The declared range (<dimension>) is only a hint for the progress bar: read as
        # declared, a range that says less than the sheet holds would drop rows and cells.
        total = sheet.max_row or 0
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number % 1000 == 0 and total:
                progress(min(1.0, number / total))
            yield number, [_cell_text(v) for v in row]
    except (zipfile.BadZipFile, KeyError, OSError, ValueError, TypeError, SyntaxError) as error:
        # A sheet that breaks off half way (ill-formed XML, a missing part).
        raise FileRejected(_("This is not a readable .xlsx file.")) from error
    finally:
        workbook.close()


def _csv_encoding(path: Path) -> str:
    with path.open("rb") as raw:
        head = raw.read(65536)
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        # A cut multi-byte character at the end of the sample is not an error.
        if error.start < len(head) - 4:
            return "gb18030"
    return "utf-8-sig"


def _csv_rows(path: Path, progress: Callable[[float], None]) -> Iterator[tuple[int, list[str]]]:
    size = os.path.getsize(path) or 1
    encoding = _csv_encoding(path)
    with path.open("rb") as raw:
        text = io.TextIOWrapper(raw, encoding=encoding, newline="")
        reader = csv.reader(text)
        try:
            for count, row in enumerate(reader, start=1):
                if count % 1000 == 0:
                    progress(min(1.0, raw.tell() / size))
                yield reader.line_num, [cell.strip() for cell in row]
        except (UnicodeDecodeError, csv.Error) as error:
            raise FileRejected(
                _("The file cannot be read after line %(line)s: %(error)s")
                % {"line": reader.line_num, "error": uploads.bounded(str(error), 200)}
            ) from error


def read_rows(
    path: Path, file_name: str, progress: Callable[[float], None] = lambda share: None
) -> Iterator[tuple[int, list[str]]]:
    suffix = Path(file_name).suffix.lower()
    if suffix == ".xlsx":
        return _xlsx_rows(path, progress)
    if suffix == ".csv":
        return _csv_rows(path, progress)
    raise FileRejected(_("Upload an .xlsx or a .csv file."))


def header_map(header: list[str]) -> list[int | None]:
    """For each column of the layout, its position in the file; refuses unknown columns."""
    by_name = {c.code: c for c in COLUMNS} | {c.label: c for c in COLUMNS}
    positions: dict[str, int] = {}
    for index, cell in enumerate(header):
        name = cell.strip().lstrip("\ufeff")
        if not name:
            continue
        column = by_name.get(name) or by_name.get(name.lower())
        if column is None:
            raise FileRejected(
                _("Unknown column '%(name)s' (column %(index)s of the header).")
                % {"name": uploads.bounded(name, 60), "index": index + 1}
            )
        if column.code in positions:
            raise FileRejected(
                _("Column '%(name)s' appears twice.") % {"name": uploads.bounded(name, 60)}
            )
        positions[column.code] = index
    missing = [c.code for c in COLUMNS if c.required and c.code not in positions]
    if missing:
        raise FileRejected(
            _("Required columns are missing: %(columns)s.") % {"columns": ", ".join(missing)}
        )
    return [positions.get(c.code) for c in COLUMNS]


# --- checking -----------------------------------------------------------------------------


VALIDATORS = (validate_account_number, validate_name)
CATEGORY_CODES = {word: str(value) for word, value in CATEGORY_WORDS.items()}
VOLTAGE_CODES = {word: str(value) for word, value in VOLTAGE_WORDS.items()}
RATINGS = frozenset(str(value) for value in CreditRating.values)


def _converter(column: Column) -> Callable[[str], Any]:
    """The function that checks and converts one cell of `column` (built once per file:
    the per-row work is a dictionary look-up or two)."""
    kind, code = column.kind, column.code

    def fail(message: str, **values: Any) -> ValueError:
        return ValueError(message % {"column": code, **values})

    if kind == "text":
        limit, required = column.max_length, column.required
        # The model's own validators (customers.validators): the import refuses what the
        # forms and the API refuse.
        model_field = Customer._meta.get_field(code)
        assert isinstance(model_field, models.Field)
        validators = [check for check in model_field.validators if check in VALIDATORS]

        def text(raw: str) -> str:
            if required and not raw:
                raise fail(_("%(column)s is required"))
            if limit and len(raw) > limit:
                raise fail(_("%(column)s is longer than %(n)s characters"), n=limit)
            for validate in validators:
                try:
                    validate(raw)
                except ValidationError as error:
                    raise fail("%(column)s: %(reason)s", reason=error.messages[0]) from None
            return raw

        return text
    if kind in ("category", "voltage"):
        codes = CATEGORY_CODES if kind == "category" else VOLTAGE_CODES
        message = (
            _("category '%(value)s' is not one of the allowed")
            if kind == "category"
            else _("voltage '%(value)s' is not low, 10kv or high")
        )

        def choice(raw: str) -> str:
            value = codes.get(raw) or codes.get(raw.lower().replace(" ", ""))
            if value is None:
                raise fail(message, value=raw)
            return value

        return choice
    if kind == "sources":

        def sources(raw: str) -> int:
            if raw in ("", "1"):
                return 1
            if raw == "2":
                return 2
            raise fail(_("supply_sources must be 1 or 2, not '%(value)s'"), value=raw)

        return sources
    if kind == "int":

        def whole(raw: str) -> int:
            if raw == "":
                return 0
            try:
                number = int(raw.replace(",", ""))
            except ValueError:
                number = -1
            if number < 0 or number > 10**15:
                raise fail(_("%(column)s must be a whole number ≥ 0, not '%(value)s'"), value=raw)
            return number

        return whole
    if kind == "rating":

        def rating(raw: str) -> str:
            value = raw.upper()
            if value and value not in RATINGS:
                raise fail(_("credit_rating '%(value)s' is not AAA, AA, A, B or C"), value=raw)
            return value

        return rating
    if kind == "bool":

        def flag(raw: str) -> bool:
            word = raw.lower()
            if word in TRUE_WORDS:
                return True
            if word in FALSE_WORDS:
                return False
            raise fail(_("%(column)s must be 是 or 否, not '%(value)s'"), value=raw)

        return flag
    raise AssertionError(kind)


def row_checker(positions: list[int | None]) -> Callable[[list[str]], tuple[Any, ...]]:
    """For a file's header: the function that turns a row into a tuple in COLUMNS order,
    or raises ValueError naming the first bad field."""
    # A short row's missing cells and a column the file lacks read as empty: the row is cut
    # to the columns used and padded with blanks, and a lacking column reads one of those.
    width = max((p for p in positions if p is not None), default=-1) + 1
    blanks = [""] * (width + 1)
    steps = [
        (_converter(column), width if position is None else position)
        for column, position in zip(COLUMNS, positions, strict=True)
    ]

    def check(cells: list[str]) -> tuple[Any, ...]:
        row = cells[:width] + blanks
        return tuple([convert(row[position]) for convert, position in steps])

    return check


# --- staging and upsert -------------------------------------------------------------------


class Stage:
    """The staging table, written row by row. On PostgreSQL one COPY stays open across many
    rows, so the server parses while Python checks the next ones; `pause()` ends it when the
    connection must run another statement (progress, rejected lines), and the next row opens
    a new one. Elsewhere rows go in with executemany, a chunk at a time."""

    def __init__(self) -> None:
        self.postgres = connection.vendor == "postgresql"
        self._buffer: list[tuple[Any, ...]] = []
        self._cursor: Any = None
        self._copy_block: Any = None
        self._copy: Any = None
        columns = ", ".join(f"{c.code} {c.sql_type} NOT NULL" for c in COLUMNS)
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE_TABLE}")
            cursor.execute(
                f"CREATE TEMPORARY TABLE {STAGE_TABLE} (line integer NOT NULL, {columns})"
            )

    def write(self, row: tuple[Any, ...]) -> None:
        if not self.postgres:
            self._buffer.append(row)
            if len(self._buffer) >= CHUNK_ROWS:
                self.pause()
            return
        if self._copy is None:
            names = ", ".join(("line", *FIELDS))
            self._cursor = connection.cursor()
            self._copy_block = self._cursor.copy(f"COPY {STAGE_TABLE} ({names}) FROM STDIN")
            self._copy = self._copy_block.__enter__()
        self._copy.write_row(row)

    def pause(self) -> None:
        if self._copy is not None:
            self._copy_block.__exit__(None, None, None)
            self._cursor.close()
            self._copy = self._copy_block = self._cursor = None
        if self._buffer:
            marks = ", ".join(["%s"] * (len(FIELDS) + 1))
            with connection.cursor() as cursor:
                cursor.executemany(f"INSERT INTO {STAGE_TABLE} VALUES ({marks})", self._buffer)  # noqa: S608
            self._buffer = []

    def drop(self) -> None:
        # Even after an error the open COPY is ended normally (a failed COPY would abort an
        # enclosing transaction); its rows go with the table.
        self._buffer = []
        self.pause()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {STAGE_TABLE}")


def lock_company(company_id: int) -> None:
    """Within the caller's transaction, wait for any other import into this company's
    register to end, so that two never add the same account number (PostgreSQL; SQLite
    has one writer at a time anyway). The staging tables themselves are per connection."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s), %s)", [STAGE_TABLE, company_id])


def _staged_counts() -> tuple[int, int]:
    """(rows staged, distinct account numbers): equal when no number repeats, the usual
    case, which then needs no de-duplication."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The distinct count sorts the staged numbers: in memory rather than on disk.
            cursor.execute("SET LOCAL work_mem = '256MB'")
        cursor.execute(f"SELECT COUNT(*), COUNT(DISTINCT account_number) FROM {STAGE_TABLE}")  # noqa: S608
        rows, distinct = cursor.fetchone()
    return rows, distinct


def _reject_repeats(import_id: int) -> int:
    """A number repeated in the file: the last line wins, each earlier line is listed."""
    reason = _("account number repeated at line %(line)s; that later line is used")
    before, _sep, after = reason.partition("%(line)s")
    # Every SQL text below is built from names in this module only; values are parameters.
    sql = (
        "INSERT INTO customers_customerimportrejection (customer_import_id, line, reason) "  # noqa: S608
        f"SELECT %s, line, %s || CAST(last_line AS TEXT) || %s FROM ("
        f"  SELECT line, MAX(line) OVER (PARTITION BY account_number) AS last_line"
        f"  FROM {STAGE_TABLE}) AS r WHERE line < last_line"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [import_id, before, after])
        return max(cursor.rowcount, 0)


def _upsert(company_id: int, now: datetime, *, repeats: bool) -> tuple[int, int]:
    """(created, updated). Rows equal to the stored ones are not touched. With `repeats`,
    only the last line of each account number is used.

    Two statements, not `INSERT … ON CONFLICT DO UPDATE`: that form locks (and so writes)
    every stored row the file names, even one it leaves unchanged. The caller holds the
    company's import lock, so no other import adds the same numbers meanwhile."""
    target = "customers_customer"
    names = ", ".join(FIELDS)
    stamp = connection.ops.adapt_datetimefield_value(now)
    distinct = "IS DISTINCT FROM" if connection.vendor == "postgresql" else "IS NOT"
    differs = " OR ".join(f"c.{f} {distinct} src.{f}" for f in UPDATED_FIELDS)
    sets = ", ".join(f"{f} = src.{f}" for f in UPDATED_FIELDS)
    if not repeats:
        source = STAGE_TABLE
    elif connection.vendor == "postgresql":
        source = (
            f"(SELECT DISTINCT ON (account_number) * FROM {STAGE_TABLE} "  # noqa: S608
            "ORDER BY account_number, line DESC)"
        )
    else:
        source = (
            f"(SELECT * FROM {STAGE_TABLE} s WHERE s.line = "  # noqa: S608
            f"(SELECT MAX(line) FROM {STAGE_TABLE} t WHERE t.account_number = s.account_number))"
        )
    # Every SQL text below is built from names in this module only; values are parameters.
    update = (
        f"UPDATE {target} AS c SET {sets}, updated_at = %s FROM {source} AS src "  # noqa: S608
        f"WHERE c.company_id = %s AND c.account_number = src.account_number AND ({differs})"
    )
    # Not an anti-join (INSERT … WHERE NOT EXISTS): planned against an empty register, as
    # on the first import, it scans the register once per row while the register grows.
    insert = (
        f"INSERT INTO {target} (company_id, {names}, is_key_account, created_at, updated_at) "  # noqa: S608
        f"SELECT %s, {names}, FALSE, %s, %s FROM {source} AS src WHERE TRUE "
        "ON CONFLICT (company_id, account_number) DO NOTHING"
    )
    with connection.cursor() as cursor:
        # Updated first: the join then skips the rows this import is about to add.
        cursor.execute(update, [stamp, company_id])
        updated = max(cursor.rowcount, 0)
        cursor.execute(insert, [company_id, stamp, stamp])
        created = max(cursor.rowcount, 0)
    return created, updated
