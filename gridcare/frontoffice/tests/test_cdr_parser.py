"""Reading Asterisk Master.csv lines (API.md "Call records", R-2.8), without a database."""

from __future__ import annotations

import io

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gridcare.frontoffice import cdr as cdr_module
from gridcare.frontoffice.cdr import Measure, Parser, Rejection, outcome_of, parse_all, ring_count
from gridcare.frontoffice.tests.conftest import cdr

RULE = Measure(standard_id=1, period_ms=5000, limit=5)


def parsed(*lines: str) -> list:
    return parse_all([line.encode() for line in lines])


def test_an_answered_call_keeps_its_ring_time() -> None:
    (call,) = parsed(cdr("2025-03-03 09:15:02", "2025-03-03 09:15:14", end="2025-03-03 09:16:00"))
    assert call[13] == "answered" and call[14] == 12_000
    assert call[1] == "2025-03-03" and call[5] == "8001"


@pytest.mark.parametrize(("disposition", "stored"), [("BUSY", "busy"), ("FAILED", "failed")])
def test_a_busy_or_failed_call_has_no_ring_time(disposition: str, stored: str) -> None:
    (call,) = parsed(cdr("2025-03-03 09:15:02", disposition=disposition, billsec="0"))
    assert call[13] == stored and call[14] is None and call[8] is None


def test_an_abandoned_call_rang_for_its_whole_duration() -> None:
    """R-2.8: the customer hung up while it rang; it is measured by that ring time."""
    line = cdr("2025-03-03 09:15:02", disposition="NO ANSWER", duration="30", billsec="0")
    (call,) = parsed(line)
    assert call[13] == "no_answer" and call[14] == 30_000 and call[8] is None


@pytest.mark.parametrize(
    ("line", "code"),
    [
        ('"","1","2","ctx"\n', "columns"),
        (cdr("2025-03-03 09:15:02", uniqueid="u").replace('""\n', '"","x"\n'), "columns"),
        (cdr("2025-02-30 09:15:02"), "start"),
        (cdr("2025-03-03T09:15:02"), "start"),
        (cdr("yesterday"), "start"),
        (
            cdr("2025-03-03 09:15:02", "2025-03-03 09:15:01", end="2025-03-03 09:16:00"),
            "answer_before_start",
        ),
        (cdr("2025-03-03 09:15:02", "", disposition="ANSWERED"), "answer_missing"),
        (
            cdr("2025-03-03 09:15:02", "2025-03-03 09:16:00", end="2025-03-03 09:15:30"),
            "answer_after_end",
        ),
        (cdr("2025-03-03 09:15:02", end="2025-03-03 09:15:00"), "end_before_start"),
        (cdr("2025-03-03 09:15:02", disposition="HUNG UP"), "disposition"),
        (cdr("2025-03-03 09:15:02", duration="-5"), "duration"),
        (cdr("2025-03-03 09:15:02", billsec="4.5"), "billsec"),
    ],
)
def test_a_malformed_line_is_rejected_with_its_reason(line: str, code: str) -> None:
    (result,) = parsed(line)
    assert isinstance(result, Rejection)
    assert (result.line, result.code) == (1, code)


def test_a_bad_line_never_stops_the_good_ones_and_keeps_line_numbers() -> None:
    results = parsed(
        cdr("2025-03-03 09:00:00", "2025-03-03 09:00:03", uniqueid="a"),
        "garbage\n",
        "\n",
        cdr("2025-03-03 09:01:00", uniqueid="b"),
        cdr("2025-13-03 09:02:00", uniqueid="c"),
        cdr("2025-03-03 09:03:00", "2025-03-03 09:03:30", uniqueid="d"),
    )
    assert [(r[0], type(r).__name__) for r in results] == [
        (1, "tuple"),
        (2, "Rejection"),
        (4, "tuple"),
        (5, "Rejection"),
        (6, "tuple"),
    ]


def test_sixteen_columns_without_uniqueid_are_read() -> None:
    (call,) = parsed(cdr("2025-03-03 09:15:02", "2025-03-03 09:15:04", uniqueid=None))
    assert call[14] == 2000


def test_a_byte_order_mark_and_crlf_line_ends_change_nothing() -> None:
    plain = "".join(
        cdr("2025-03-03 09:15:02", "2025-03-03 09:15:04", uniqueid=None),
    ) + cdr("2025-03-03 09:16:02", uniqueid=None)
    windows = "\ufeff" + plain.replace("\n", "\r\n")
    a = parse_all([plain.encode()])
    b = parse_all([windows.encode("utf-8")])
    assert [call[2] for call in a] == [call[2] for call in b]  # same keys
    assert [call[0] for call in b] == [1, 2]


def test_the_key_is_the_uniqueid_when_there_is_one() -> None:
    first, second = parsed(
        cdr("2025-03-03 09:15:02", uniqueid="1741000502.7"),
        cdr("2025-03-03 09:15:02", src="13900000000", uniqueid="1741000502.7"),
    )
    assert first[2] == second[2]  # same uniqueid: the same call


def test_a_gb18030_line_is_read_not_dropped() -> None:
    line = cdr("2025-03-03 09:15:02", "2025-03-03 09:15:04").replace("客戶", "客户")
    (call,) = parse_all([line.encode("gb18030")])
    assert call[14] == 2000


def test_lines_come_in_batches_while_the_file_is_still_being_read(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """Memory does not grow with the file: the first batch is ready long before the end."""
    monkeypatch.setattr(cdr_module, "BLOCK_BYTES", 4096)
    lines = [cdr("2025-03-03 09:15:02", uniqueid=str(n)).encode() for n in range(1000)]
    stream = io.BytesIO(b"".join(lines))
    first = next(Parser().batches(stream, size=100))
    assert len(first.calls) == 100
    assert stream.tell() <= sum(len(line) for line in lines[:100]) + 4096


@pytest.mark.parametrize("block", [1, 7, 250, 4096])
def test_lines_cut_between_blocks_read_as_whole_lines(
    monkeypatch: pytest.MonkeyPatch, block: int
) -> None:
    """The file is read in blocks: a line (a byte-order mark, a CRLF, a GB18030 or a
    multi-byte UTF-8 character) cut at a block's end reads as if it were not."""
    lines = [
        b"\xef\xbb\xbf" + cdr("2025-03-03 09:15:02", "2025-03-03 09:15:04").encode(),
        cdr("2025-03-03 09:16:02", uniqueid="gb").replace("客戶", "客户").encode("gb18030"),
        b"not a call\r\n",
        cdr("2025-03-03 09:17:02", uniqueid="crlf").replace("\n", "\r\n").encode(),
        cdr("2025-03-03 09:18:02", uniqueid="last").rstrip("\n").encode(),
    ]
    expected = parse_all(lines)
    monkeypatch.setattr(cdr_module, "BLOCK_BYTES", block)
    assert parse_all(lines) == expected
    assert [item[0] for item in expected] == [1, 2, 3, 4, 5]
    assert isinstance(expected[2], Rejection) and expected[2].code == "columns"
    assert sum(not isinstance(item, Rejection) for item in expected) == 4


@pytest.mark.parametrize(
    ("ring_ms", "rings", "outcome"),
    [
        (0, 1, "met"),
        (4_999, 1, "met"),
        (5_000, 2, "met"),
        (24_900, 5, "met"),  # 24.9 s: the fifth ring
        (25_000, 6, "breached"),  # 25.0 s: the sixth ring
        (60_000, 13, "breached"),
    ],
)
def test_the_ring_count_rule(ring_ms: int, rings: int, outcome: str) -> None:
    """R-2.8: rings = floor(ring seconds / period) + 1; more than the limit breaches."""
    assert outcome_of(ring_ms, RULE) == (rings, outcome)


def test_unanswered_and_unmeasured_calls_are_not_breaches() -> None:
    assert outcome_of(None, RULE) == (None, "unanswered")
    assert outcome_of(30_000, None) == (None, "unmeasured")


@given(st.integers(min_value=0, max_value=10**7), st.integers(min_value=1, max_value=60_000))
def test_ring_count_grows_with_the_ring_time(ring_ms: int, period_ms: int) -> None:
    rings = ring_count(ring_ms, period_ms)
    assert rings >= 1
    assert (rings - 1) * period_ms <= ring_ms < rings * period_ms
    assert ring_count(ring_ms + period_ms, period_ms) == rings + 1
