"""Half years (Jan–Jun, Jul–Dec), the period of R-3.6.1: pure date arithmetic."""

from __future__ import annotations

from datetime import date

from gridcare.rules.deadlines import add_months


def half_start(day: date) -> date:
    """The first day of the half year holding `day`."""
    return date(day.year, 1 if day.month <= 6 else 7, 1)


def half_end(day: date) -> date:
    """The last day of the half year holding `day`."""
    return date(day.year, 6, 30) if day.month <= 6 else date(day.year, 12, 31)


def next_half(day: date) -> date:
    return add_months(half_start(day), 6)


def half_label(day: date) -> str:
    """2026H1 / 2026H2."""
    return f"{day.year}H{1 if day.month <= 6 else 2}"


def parse_half(text: str) -> date | None:
    """The start of the half year named like 2026H2, or None."""
    text = (text or "").strip().upper()
    if len(text) != 6 or text[4] != "H" or text[5] not in "12" or not text[:4].isdigit():
        return None
    year = int(text[:4])
    if not 2000 <= year <= 2100:
        return None
    return date(year, 1 if text[5] == "1" else 7, 1)
