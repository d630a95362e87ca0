"""Scorecard periods: a month, a quarter or a half year (R-3.9.1 scorecards)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.utils.translation import gettext as _

MONTH, QUARTER, HALF = "month", "quarter", "half"
KINDS = (MONTH, QUARTER, HALF)
_MONTHS = {MONTH: 1, QUARTER: 3, HALF: 6}


@dataclass(frozen=True)
class Period:
    kind: str
    start: date

    @property
    def end(self) -> date:
        months = self.start.month - 1 + _MONTHS[self.kind]
        return date(self.start.year + months // 12, months % 12 + 1, 1) - timedelta(days=1)

    @property
    def number(self) -> int:
        return (self.start.month - 1) // _MONTHS[self.kind] + 1

    @property
    def code(self) -> str:
        """'2026-03', '2026-Q1', '2026-H1': the value of the `period` query parameter."""
        if self.kind == MONTH:
            return f"{self.start:%Y-%m}"
        return f"{self.start.year}-{'Q' if self.kind == QUARTER else 'H'}{self.number}"

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return _("%(year)s-%(month)02d") % {"year": self.start.year, "month": self.start.month}
        if self.kind == QUARTER:
            return _("Q%(n)s %(year)s") % {"n": self.number, "year": self.start.year}
        return _("H%(n)s %(year)s") % {"n": self.number, "year": self.start.year}

    def previous(self) -> Period:
        return period_of(self.kind, self.start - timedelta(days=1))

    def next(self) -> Period:
        return period_of(self.kind, self.end + timedelta(days=1))


def period_of(kind: str, day: date) -> Period:
    """The period of `kind` that holds `day`."""
    size = _MONTHS[kind]
    month = (day.month - 1) // size * size + 1
    return Period(kind, date(day.year, month, 1))


def parse_period(text: str | None, *, default_kind: str, today: date) -> Period:
    """'2026-03', '2026-Q1' or '2026-H2'; anything else: the current period of the kind."""
    text = (text or "").strip().upper()
    try:
        year_text, _sep, part = text.partition("-")
        year = int(year_text)
        if not 2000 <= year <= 2100:
            raise ValueError
        if part.startswith("Q") and 1 <= int(part[1:]) <= 4:
            return Period(QUARTER, date(year, (int(part[1:]) - 1) * 3 + 1, 1))
        if part.startswith("H") and int(part[1:]) in (1, 2):
            return Period(HALF, date(year, 1 if part == "H1" else 7, 1))
        if 1 <= int(part) <= 12:
            return Period(MONTH, date(year, int(part), 1))
    except ValueError:
        pass
    return period_of(default_kind if default_kind in KINDS else HALF, today)
