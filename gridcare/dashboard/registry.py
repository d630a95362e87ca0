"""What other modules add to the leaders' dashboard, as data (register in AppConfig.ready()).

- `register_figure(Figure(...))`: a count for a period, e.g. the front office's complaints
  (received, substantiated) or the supervision module's survey response rate. Each figure
  function must answer with one aggregate query over an indexed range.
- `register_report(fn)`: the latest published half-year analysis report (R-3.8.3), given
  the company: a dict {"title", "published_on", "url"} or None.
Until a module registers, the dashboard shows an empty state in that place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.utils.functional import Promise

from gridcare.org.models import Company


@dataclass(frozen=True)
class Figure:
    code: str
    group: str  # "complaints", "coverage", ...: the dashboard card it shows in
    label: Promise
    value: Callable[[Company, date, date], int | float | None]
    url: Callable[[date, date], str] | None = None
    order: int = 100


_FIGURES: dict[str, Figure] = {}
_REPORTS: list[Callable[[Company], dict[str, Any] | None]] = []


def register_figure(figure: Figure) -> None:
    _FIGURES[figure.code] = figure


def figures(group: str) -> list[Figure]:
    return sorted(
        (f for f in _FIGURES.values() if f.group == group), key=lambda f: (f.order, f.code)
    )


def register_report(source: Callable[[Company], dict[str, Any] | None]) -> None:
    if source not in _REPORTS:
        _REPORTS.append(source)


def report_sources() -> list[Callable[[Company], dict[str, Any] | None]]:
    return list(_REPORTS)
