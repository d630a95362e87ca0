"""Asterisk call-detail records (cdr_csv `Master.csv`) read line by line (API.md "Call
records", R-2.8). Pure Python, no ORM: the import service feeds what this yields to the
database in batches, so memory stays flat whatever the file's size.

The file has no header. Columns: accountcode, src, dst, dcontext, clid, channel,
dstchannel, lastapp, lastdata, start, answer, end, duration, billsec, disposition,
amaflags, and optionally uniqueid and userfield. Times are local (the deployment's time
zone, Asia/Shanghai) like `2025-03-03 09:15:02`, optionally with a fraction of a second;
an unanswered call has an empty answer.

Each line becomes a call or a rejection with its line number and reason; a bad line never
stops the good ones. Blank lines carry no call and are skipped. The parser reads no rule:
the loader gives each answered or abandoned call its ring count and outcome (`outcome_of`)
with the rule in force on its date, so that no query runs while a COPY is open.

Idempotency key: a 128-bit BLAKE2b digest (as 32 hex digits, a UUID) of the line's
`uniqueid` when it has one, else of its sixteen standard fields as read, so that quoting,
a byte-order mark or CRLF line ends do not change it.

This module is on the hot path of a million-line import: a call is a plain tuple (fields
in CALL_FIELDS order) and the checks are written out in the loop on purpose.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from itertools import chain
from typing import IO, Any, NamedTuple

MIN_COLUMNS, MAX_COLUMNS = 16, 18
BATCH_LINES = 5000
FIELD_LIMITS = (("src", 1, 80), ("dst", 2, 80))
# At most nine digits: every value fits the 32-bit integer columns of every database.
MAX_DIGITS = 9
MAX_RING_MS = 2**31 - 1

DISPOSITIONS = {
    "ANSWERED": "answered",
    "NO ANSWER": "no_answer",
    "BUSY": "busy",
    "FAILED": "failed",
    # Asterisk 12 and later also write CONGESTION.
    "CONGESTION": "congestion",
}

CALL_FIELDS = (
    "line",
    "call_date",  # local date, YYYY-MM-DD
    "key",  # 32 hex digits
    "caller",
    "dialled",
    "extension",
    "agent_id",
    "start_text",  # local wall-clock text as in the file
    "answer_text",  # None unless answered
    "start",  # naive local datetime
    "answer",  # naive local datetime or None
    "duration",  # digits
    "billsec",  # digits
    "disposition",
    "ring_ms",  # None unless answered or abandoned while ringing
)
Call = tuple[Any, ...]

ONE_MS = timedelta(milliseconds=1)
_blake2b = hashlib.blake2b
_fromisoformat = datetime.fromisoformat


class Measure(NamedTuple):
    """The ring rule in force on a date: its standard, ring period and limit."""

    standard_id: int
    period_ms: int
    limit: int


class Rejection(NamedTuple):
    line: int
    code: str
    detail: str


@dataclass
class Batch:
    calls: list[Call] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    lines: int = 0


class BadLine(Exception):
    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(code)
        self.code = code
        self.detail = detail[:200]


def ring_count(ring_ms: int, period_ms: int) -> int:
    """R-2.8: the phone rings once at once, then once per period."""
    return ring_ms // period_ms + 1


def outcome_of(
    ring_ms: int | None, measure: Measure | None, answered: bool = True
) -> tuple[int | None, str]:
    """(rings, outcome) of a call under the rule in force on its date (R-2.8): an answered
    call is met within the limit, breached past it. A call the customer abandoned after
    ringing past the limit was not answered within it either: breached. One abandoned
    sooner, or with no ring time (busy, failed), is counted apart as unanswered."""
    if ring_ms is None:
        return None, "unanswered"
    if measure is None:
        return None, "unmeasured" if answered else "unanswered"
    rings = ring_ms // measure.period_ms + 1
    if rings <= measure.limit:
        return (rings, "met") if answered else (None, "unanswered")
    return rings, "breached"


BLOCK_BYTES = 1 << 20


def _decoded(stream: IO[bytes]) -> Iterator[list[str]]:
    """The file's lines as text, a block of lines at a time (so that the csv reader takes
    them through `chain.from_iterable`, with no Python step per line): UTF-8 (a leading
    byte-order mark dropped), a line that is not UTF-8 read as GB18030, the encoding of
    Chinese Windows exports. A block is cut after its last line feed, a byte that no
    UTF-8 or GB18030 character contains; each line keeps what ends it but its line feed,
    which the csv reader does not need."""
    # What is read since the last line feed (a line longer than a block spans several).
    pieces: list[bytes] = []
    first = True
    while block := stream.read(BLOCK_BYTES):
        end = block.rfind(b"\n")
        if end < 0:
            pieces.append(block)
            continue
        pieces.append(block[:end])
        lines = b"".join(pieces)
        pieces = [block[end + 1 :]]
        if first:
            lines = lines.removeprefix(b"\xef\xbb\xbf")
            first = False
        yield _lines(lines)
    if rest := b"".join(pieces):
        yield _lines(rest.removeprefix(b"\xef\xbb\xbf") if first else rest)


def _lines(block: bytes) -> list[str]:
    try:
        return block.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return [_line(raw) for raw in block.split(b"\n")]


def _line(raw: bytes) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("gb18030", errors="replace")


def local_time(text: str, code: str) -> datetime:
    """`YYYY-MM-DD HH:MM:SS[.ffffff]` as a naive local time, else BadLine(code)."""
    # fromisoformat alone would also take "2025-03-03T09:15", a bare date or an offset.
    if len(text) < 19 or text[10] != " " or (len(text) > 19 and text[19] != "."):
        raise BadLine(code, text)
    try:
        value = _fromisoformat(text)
    except ValueError:
        raise BadLine(code, text) from None
    if value.tzinfo is not None:
        raise BadLine(code, text)
    return value


def line_key(row: list[str]) -> str:
    uniqueid = row[16].strip() if len(row) > 16 else ""
    source = "u:" + uniqueid if uniqueid else "\x1f".join(row[:MIN_COLUMNS])
    return _blake2b(source.encode(), digest_size=16).hexdigest()


# The extension is what follows the technology up to the channel's counter or context.
_EXTENSION = re.compile(r"[^/]*/([^-@]{0,40})")


def extension_of(channel: str) -> str:
    """`SIP/8001-0000000a`, `PJSIP/8001-00000001` or `Local/8001@queue-00;1` → `8001`
    (at most 40 characters)."""
    match = _EXTENSION.match(channel)
    return match[1] if match else ""


class Parser:
    """Turns a Master.csv stream into batches of calls and rejections. `agents` maps an
    extension to the id of the staff member answering on it."""

    def __init__(
        self,
        *,
        agents: dict[str, int] | None = None,
        earliest: datetime = datetime.min,
        latest: datetime = datetime.max,
    ) -> None:
        self._agents = agents or {}
        # Plausible local start times (core.instants): from the company's go-live day to
        # now; a call of 1900 or 2099 is rejected, not measured.
        self._earliest, self._latest = earliest, latest

    def call(self, row: list[str], line: int) -> Call:
        """One row as a call, or BadLine naming what is wrong with it.

        The common case (a well-formed line) takes the short path; anything unusual goes
        through `_check`, which names the problem.
        """
        if len(row) < MIN_COLUMNS or len(row) > MAX_COLUMNS:
            raise BadLine("columns", str(len(row)))
        src, dst, start_text, answer_text, end_text = row[1], row[2], row[9], row[10], row[11]
        duration, billsec = row[12], row[13]
        disposition = DISPOSITIONS.get(row[14])
        try:
            if (
                len(src) > 80
                or len(dst) > 80
                or len(start_text) != 19
                or start_text[10] != " "
                or len(end_text) != 19
                or end_text[10] != " "
                or disposition is None
                or not (duration + billsec).isdigit()
                or not (duration + billsec).isascii()
                or len(duration) > MAX_DIGITS
                or len(billsec) > MAX_DIGITS
                or (answer_text and (len(answer_text) != 19 or answer_text[10] != " "))
            ):
                raise ValueError
            start = _fromisoformat(start_text)
            end = _fromisoformat(end_text)
            if end < start:
                raise ValueError
        except ValueError:
            start, end, disposition = self._check(row)
        if start < self._earliest:
            raise BadLine("before_go_live", start_text)
        if start > self._latest:
            raise BadLine("future", start_text)
        answer: datetime | None = None
        ring_ms: int | None = None
        answered_text: str | None = None
        if disposition == "answered":
            if not answer_text:
                raise BadLine("answer_missing")
            try:
                answer = _fromisoformat(answer_text)
            except ValueError:
                answer = local_time(answer_text, "answer")
            if answer < start:
                raise BadLine("answer_before_start", f"{answer_text} < {start_text}")
            if answer > end:
                raise BadLine("answer_after_end", f"{answer_text} > {end_text}")
            ring_ms = (answer - start) // ONE_MS
            if ring_ms > MAX_RING_MS:
                raise BadLine("answer", answer_text)
            answered_text = answer_text
        elif disposition == "no_answer":
            # The customer hung up while it rang: it rang for the whole call, its
            # duration, whatever its answer column holds.
            ring_ms = min(int(duration) * 1000, MAX_RING_MS)
        extension = extension_of(row[6])
        return (
            line,
            start_text[:10],
            line_key(row),
            src,
            dst,
            extension,
            self._agents.get(extension),
            start_text,
            answered_text,
            start,
            answer,
            duration,
            billsec,
            disposition,
            ring_ms,
        )

    @staticmethod
    def _check(row: list[str]) -> tuple[datetime, datetime, str]:
        """The slow path: a line off the common shape (a fraction of a second, spaces
        around the disposition) or a bad one, named."""
        for name, index, limit in FIELD_LIMITS:
            if len(row[index]) > limit:
                raise BadLine("too_long", name)
        start = local_time(row[9], "start")
        end = local_time(row[11], "end")
        if end < start:
            raise BadLine("end_before_start", f"{row[9]} > {row[11]}")
        disposition = DISPOSITIONS.get(row[14].strip().upper())
        if disposition is None:
            raise BadLine("disposition", row[14])
        for code, value in (("duration", row[12]), ("billsec", row[13])):
            if not (value.isascii() and value.isdigit() and len(value) <= MAX_DIGITS):
                raise BadLine(code, value)
        if row[10] and disposition == "answered":
            local_time(row[10], "answer")
        return start, end, disposition

    def batches(self, stream: IO[bytes], *, size: int = BATCH_LINES) -> Iterator[Batch]:
        """Batches of about `size` lines, in file order."""
        reader = csv.reader(chain.from_iterable(_decoded(stream)))
        call = self.call
        batch = Batch()
        calls, rejections, lines = batch.calls, batch.rejections, 0
        while True:
            try:
                for row in reader:
                    if len(row) < MIN_COLUMNS and not "".join(row).strip():
                        continue  # a blank line is not a line of data
                    lines += 1
                    try:
                        calls.append(call(row, reader.line_num))
                    except BadLine as bad:
                        rejections.append(Rejection(reader.line_num, bad.code, bad.detail))
                    if lines >= size:
                        batch.lines = lines
                        yield batch
                        batch = Batch()
                        calls, rejections, lines = batch.calls, batch.rejections, 0
                break
            except csv.Error as error:
                # The reader drops the unreadable line and goes on with the next one.
                lines += 1
                rejections.append(Rejection(reader.line_num, "csv", str(error)))
        if lines:
            batch.lines = lines
            yield batch


def parse_all(lines: Iterable[bytes]) -> list[Call | Rejection]:
    """Every line's result in line order (for tests and small files)."""
    out: list[Call | Rejection] = []
    for batch in Parser().batches(io.BytesIO(b"".join(lines))):
        out.extend(batch.calls)
        out.extend(batch.rejections)
    return sorted(out, key=lambda item: item[0])
