"""Sections of the half-year analysis report (R-3.8.3) as data.

Each module that has something to report registers a `Section` in its AppConfig.ready():
the report module never imports the modules it reports on. A section's `compute` is
given the company, the half year reported and the half year before it, and answers with
a `SectionResult` of plain values (numbers, strings) so that the result can be stored
with the report as JSON when it is generated: a published report never changes when the
data behind it does.

The report renders every section the same way as a web page (charts with echarts), as PDF
and as Excel: figures with their change against the previous half year, tables, charts,
and the points that need attention.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import date
from typing import Any

from django.utils.functional import Promise

from gridcare.org.models import Company


@dataclass(frozen=True)
class Period:
    """A half year: `start` and `end` inclusive (1 Jan – 30 Jun or 1 Jul – 31 Dec)."""

    start: date
    end: date


@dataclass
class Figure:
    """One headline number, with the same number for the previous half year."""

    label: str
    value: float | int | None
    previous: float | int | None = None
    unit: str = ""  # "%", or a unit word already translated


@dataclass
class Table:
    title: str
    columns: list[str]
    rows: list[list[Any]]


@dataclass
class Chart:
    """A bar or line chart: categories on the x axis, one list of values per series."""

    title: str
    kind: str  # "bar" or "line"
    categories: list[str]
    series: list[tuple[str, list[float | int | None]]]


@dataclass
class SectionResult:
    figures: list[Figure] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    charts: list[Chart] = field(default_factory=list)
    #: Departments and items that need attention, one sentence each.
    attention: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Section:
    code: str
    title: Promise
    compute: Callable[[Company, Period, Period], SectionResult]
    order: int = 100


_SECTIONS: dict[str, Section] = {}


def register(section: Section) -> None:
    _SECTIONS[section.code] = section


def sections() -> list[Section]:
    return sorted(_SECTIONS.values(), key=lambda s: (s.order, s.code))
