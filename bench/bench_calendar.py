"""Benchmark working-day deadlines (R-CAL-2): snapshot vs chinese_calendar vs numpy.

Run from the repository root:  python bench/bench_calendar.py

100,000 random (start, N) pairs, start in 2005..2025, N in 1..60, fixed seed. Measures
  (a) CalendarSnapshot.add_working_days_many (and the single-call method, for reference);
  (b) chinese_calendar.find_workday per pair — slow, so timed on a sample and scaled;
  (c) numpy: np.searchsorted over the same prefix sums, both end to end (list of dates in,
      list of dates out, the same contract as (a)) and as a bare kernel on ordinal arrays.
Every method is checked against the snapshot on the sample (or on all pairs where cheap).
"""

from __future__ import annotations

import random
import sys
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import chinese_calendar
import numpy as np

from gridcare.core.calendar import CalendarSnapshot
from gridcare.core.holiday_seed import days_from_chinese_calendar

PAIRS = 100_000
SAMPLE = 5_000
SEED = 20251001
REPEAT = 7
# np.datetime64 day numbers count from 1970-01-01; date.toordinal() from 0001-01-01 (= 1).
EPOCH_ORDINAL = date(1970, 1, 1).toordinal()


def best_of(fn, repeat=REPEAT):
    """Best wall time of ``repeat`` runs (the least disturbed by other processes)."""
    best, result = float("inf"), None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> None:
    rng = random.Random(SEED)
    lo, hi = date(2005, 1, 1), date(2025, 12, 31)
    span = (hi - lo).days + 1
    starts = [lo + timedelta(days=rng.randrange(span)) for _ in range(PAIRS)]
    ns = [rng.randint(1, 60) for _ in range(PAIRS)]

    t0 = time.perf_counter()
    records = days_from_chinese_calendar()
    snap = CalendarSnapshot.from_days(
        records, version=f"chinesecalendar {chinese_calendar.__version__}"
    )
    build = time.perf_counter() - t0

    # (a) snapshot, batch and single.
    t_many, many = best_of(lambda: snap.add_working_days_many(starts, ns))
    t_single, single = best_of(
        lambda: [snap.add_working_days(s, n) for s, n in zip(starts, ns, strict=True)], repeat=3
    )
    assert single == many, "single and batch snapshot results differ"
    expected = [r.date for r in many]

    # (c) numpy over the same prefix sums, rebuilt from the records.
    first = records[0].date.toordinal()
    working = np.fromiter((r.kind.is_working for r in records), dtype=np.int64, count=len(records))
    prefix = np.concatenate(([0], np.cumsum(working)))
    # Same prefix sums as the snapshot: C(d) - C(first - 1) for every known day.
    assert all(
        int(prefix[i + 1])
        == snap.working_days_between(records[0].date - timedelta(days=1), r.date).working_days
        for i, r in enumerate(records)
    )
    last = first + len(records) - 1

    def numpy_kernel(start_ord, n_arr):
        target = prefix[start_ord - first + 1] + n_arr
        out = first + np.searchsorted(prefix, target, side="left") - 1
        return out, out > last  # (deadline ordinals, provisional flags)

    def numpy_end_to_end():
        # The fastest conversions measured: np.array(starts, dtype="datetime64[D]") is ~25x
        # slower than fromiter over date.toordinal; datetime64.tolist() yields date objects.
        start_ord = np.fromiter(map(date.toordinal, starts), dtype=np.int64, count=len(starts))
        n_arr = np.fromiter(ns, dtype=np.int64, count=len(ns))
        out, provisional = numpy_kernel(start_ord, n_arr)
        return (out - EPOCH_ORDINAL).astype("datetime64[D]").tolist(), provisional.tolist()

    start_ord_arr = np.array([s.toordinal() for s in starts], dtype=np.int64)
    n_arr = np.array(ns, dtype=np.int64)
    t_np, (np_dates, np_prov) = best_of(numpy_end_to_end)
    t_np_kernel, (np_ord, _) = best_of(lambda: numpy_kernel(start_ord_arr, n_arr))
    assert np_dates == expected, "numpy end-to-end disagrees with the snapshot"
    assert np_prov == [r.provisional for r in many]
    assert np_ord.tolist() == [e.toordinal() for e in expected], "numpy kernel disagrees"

    # (b) chinese_calendar.find_workday on a sample. find_workday(N, D) first moves to the
    # first workday >= D and then N workdays on, which is R-CAL-2 only when D is itself a
    # working day; find_workday(N - 1, D + 1 day) is the R-CAL-2 equivalent for every D.
    sample = list(zip(starts, ns, strict=True))[:SAMPLE]
    one = timedelta(days=1)
    t0 = time.perf_counter()
    fw_literal = [chinese_calendar.find_workday(delta_days=n, date=s) for s, n in sample]
    t_fw_literal = (time.perf_counter() - t0) / SAMPLE * PAIRS
    t0 = time.perf_counter()
    fw_equiv = [chinese_calendar.find_workday(delta_days=n - 1, date=s + one) for s, n in sample]
    t_fw = (time.perf_counter() - t0) / SAMPLE * PAIRS
    assert fw_equiv == expected[:SAMPLE], "find_workday(N - 1, D + 1) disagrees with the snapshot"
    literal_diff = sum(a != b for a, b in zip(fw_literal, expected[:SAMPLE], strict=True))
    off_day_starts = sum(not chinese_calendar.is_workday(s) for s, _ in sample)

    def per_call(t):
        return f"{t / PAIRS * 1e9:10.0f} ns"

    print(
        f"chinesecalendar {chinese_calendar.__version__}, numpy {np.__version__}, "
        f"Python {sys.version.split()[0]}"
    )
    print(
        f"{PAIRS:,} pairs (start 2005..2025, N 1..60, seed {SEED}); snapshot built in "
        f"{build * 1e3:.1f} ms from {len(records):,} day records"
    )
    print()
    print(f"{'method':<58}{'total':>11}{'per call':>13}")
    rows = [
        ("(a) CalendarSnapshot.add_working_days_many", t_many),
        ("    CalendarSnapshot.add_working_days, one call per pair", t_single),
        ("(b) find_workday(N, D)            [sample, scaled]", t_fw_literal),
        ("    find_workday(N - 1, D + 1)    [sample, scaled]", t_fw),
        ("(c) numpy searchsorted, dates in -> dates out", t_np),
        ("    numpy searchsorted, kernel only (ordinal arrays)", t_np_kernel),
    ]
    for label, t in rows:
        print(f"{label:<58}{t * 1e3:8.1f} ms{per_call(t)}")
    print()
    print(f"find_workday timed on the first {SAMPLE:,} pairs and scaled x{PAIRS // SAMPLE}.")
    print(f"Agreement: snapshot single == many, numpy (both) == snapshot on all {PAIRS:,} pairs;")
    print(f"find_workday(N - 1, D + 1) == snapshot on all {SAMPLE:,} sampled pairs.")
    print(
        f"find_workday(N, D) differs on {literal_diff:,} of {SAMPLE:,} sampled pairs "
        f"({off_day_starts:,} starts are days off; it counts the next workday as day 0)."
    )
    print()
    speedup = t_fw / t_many
    ratio = t_many / t_np
    ratio_kernel = t_many / t_np_kernel
    print(
        f"snapshot vs find_workday speed-up : {speedup:10,.0f} x   (target >= 100 x) "
        f"{'OK' if speedup >= 100 else 'MISSED'}"
    )
    print(
        f"snapshot / numpy time (end to end): {ratio:10.2f} x   (target <= 3 x) "
        f"{'OK' if ratio <= 3 else 'MISSED'}"
    )
    print(f"snapshot / numpy time (kernel only): {ratio_kernel:9.2f} x   (for reference)")


if __name__ == "__main__":
    main()
