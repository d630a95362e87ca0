"""The analysis report as PDF and as Excel (R-3.8.3), both drawn from the stored content,
so that every copy of a published report says the same.

PDF: reportlab with its built-in CJK font STSong-Light (as gridcare/applications/pdf.py:
an Adobe CID font every PDF reader has); text is escaped before reportlab reads its little
markup. Excel: openpyxl; every cell goes through the ledger export's `neutralise`, so a
name such as `=HYPERLINK(...)` stays text (OWASP CSV injection)."""

from __future__ import annotations

import io
import math
import re
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from reportlab.graphics.charts.barcharts import VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.charts.linecharts import HorizontalLineChart
from reportlab.graphics.shapes import Drawing, String
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gridcare.assessments.export import neutralise
from gridcare.reports.builtin import ATTENTION
from gridcare.reports.models import AnalysisReport
from gridcare.reports.periods import half_label
from gridcare.reports.templatetags.reports import change_of

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=26, alignment=1)
SUBTITLE = ParagraphStyle("subtitle", fontName=FONT, fontSize=10.5, leading=16, alignment=1)
HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=14, leading=20, spaceBefore=8)
CAPTION = ParagraphStyle("caption", fontName=FONT, fontSize=10.5, leading=15, spaceBefore=4)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10, leading=15, wordWrap="CJK")
CELL = ParagraphStyle("cell", fontName=FONT, fontSize=8.5, leading=11, wordWrap="CJK")
PALETTE = [colors.HexColor(c) for c in ("#0b5cab", "#f08c00", "#2f9e44", "#c92a2a", "#7048e8")]
WIDTH = 170 * mm
LEGEND_ROW = 12


def _text(value: Any) -> str:
    if value is None:
        return "—"
    return str(value)


def _p(value: Any, style: ParagraphStyle = BODY) -> Paragraph:
    escaped = _text(value).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped.replace("\n", "<br/>"), style)


def _grid(header: list[Any], rows: list[list[Any]]) -> Table:
    data = [[_p(c, CELL) for c in header]] + [[_p(c, CELL) for c in row] for row in rows]
    # Columns as wide as their longest text (within bounds): a name gets room, a count not.
    lengths = [
        min(max(len(_text(line[n])) if n < len(line) else 0 for line in [header, *rows]), 24) + 3
        for n in range(len(header))
    ]
    widths = [WIDTH * length / sum(lengths) for length in lengths]
    table = Table(data, repeatRows=1, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ]
        )
    )
    return table


def _figure_rows(section: dict[str, Any]) -> list[list[Any]]:
    rows = []
    for figure in section["figures"]:
        unit = figure.get("unit") or ""
        change = change_of(figure)
        rows.append(
            [
                figure["label"],
                f"{_text(figure['value'])}{unit if figure['value'] is not None else ''}",
                f"{_text(figure['previous'])}{unit if figure['previous'] is not None else ''}",
                f"{change['arrow']} {change['delta']}" if change else "—",
            ]
        )
    return rows


def _chart(chart: dict[str, Any]) -> Drawing | None:
    """A bar or line chart of the stored data, Chinese labels in the CJK font; the legend
    below it in three columns, as many rows as the series need."""
    series = [values for _name, values in chart["series"]]
    if not chart["categories"] or not series:
        return None
    rows = math.ceil(len(series) / 3)
    legend_height = rows * LEGEND_ROW + 8
    plot_height = 55 * mm
    # Below the plot: its rotated category labels, then the legend.
    drawing = Drawing(WIDTH, plot_height + legend_height + 85)
    plot = VerticalBarChart() if chart["kind"] == "bar" else HorizontalLineChart()
    plot.x, plot.y, plot.width, plot.height = 30, legend_height + 65, WIDTH - 40, plot_height
    # A gap (None) is drawn as zero in a bar chart and left out of a line chart.
    plot.data = [
        tuple(0 if v is None else v for v in values) if chart["kind"] == "bar" else tuple(values)
        for values in series
    ]
    plot.categoryAxis.categoryNames = [str(c)[:12] for c in chart["categories"]]
    plot.categoryAxis.labels.fontName = FONT
    plot.categoryAxis.labels.fontSize = 7
    plot.categoryAxis.labels.angle = 30
    plot.categoryAxis.labels.boxAnchor = "ne"
    plot.valueAxis.labels.fontName = FONT
    plot.valueAxis.labels.fontSize = 7
    plot.valueAxis.valueMin = 0
    for n in range(len(series)):
        color = PALETTE[n % len(PALETTE)]
        if chart["kind"] == "bar":
            plot.bars[n].fillColor = color
        else:
            plot.lines[n].strokeColor = color
    drawing.add(plot)
    legend = Legend()
    legend.boxAnchor = "nw"
    legend.x, legend.y = 0, legend_height
    legend.fontName, legend.fontSize = FONT, 7
    legend.columnMaximum = rows
    legend.deltax, legend.deltay, legend.dx, legend.dy = WIDTH / 3, LEGEND_ROW, 6, 6
    legend.alignment = "right"
    legend.colorNamePairs = [
        (PALETTE[n % len(PALETTE)], str(name)[:22]) for n, (name, _v) in enumerate(chart["series"])
    ]
    drawing.add(legend)
    drawing.add(String(0, drawing.height - 10, chart["title"], fontName=FONT, fontSize=9))
    return drawing


def _section_story(section: dict[str, Any]) -> list[Any]:
    story: list[Any] = [_p(section["title"], HEADING)]
    if section["figures"]:
        story.append(
            _grid(
                [
                    _("Figure"),
                    _("This half"),
                    _("Previous half"),
                    _("Change against the previous half"),
                ],
                _figure_rows(section),
            )
        )
    for table in section["tables"]:
        story += [_p(table["title"], CAPTION)]
        story.append(_grid(table["columns"], table["rows"]) if table["rows"] else _p(_("None.")))
    for chart in section["charts"]:
        drawing = _chart(chart)
        if drawing is not None:
            story += [Spacer(1, 2 * mm), drawing]
    if section["attention"]:
        story.append(_p(_("Needs attention"), CAPTION))
        story += [_p(f"－ {line}") for line in section["attention"]]
    if section["comment"]:
        story += [_p(_("Comments of the supervision department"), CAPTION), _p(section["comment"])]
    return story


def _status_line(report: AnalysisReport) -> str:
    if report.published_at:
        return _("Published %(when)s") % {
            "when": timezone.localtime(report.published_at).strftime("%Y-%m-%d")
        }
    return _("%(state)s, not published") % {"state": report.get_state_display()}


def write_pdf(report: AnalysisReport) -> bytes:
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
        bottomMargin=18 * mm, title=report.title, author=str(report.company),
    )  # fmt: skip
    period = report.period
    story: list[Any] = [
        _p(str(report.company), SUBTITLE),
        _p(report.title, TITLE),
        _p(f"{period.start:%Y-%m-%d} – {period.end:%Y-%m-%d}　{_status_line(report)}", SUBTITLE),
        Spacer(1, 4 * mm),
    ]
    if report.comment:
        story += [_p(_("Comments of the supervision department"), HEADING), _p(report.comment)]
    for section in report.sections:
        story += _section_story(section)
    doc.build(story)
    return out.getvalue()


def _sheet_name(title: str, taken: set[str]) -> str:
    name = re.sub(r"[\[\]:*?/\\]", " ", title)[:28] or "sheet"
    candidate, n = name, 2
    while candidate in taken:
        candidate, n = f"{name[:26]}{n}", n + 1
    taken.add(candidate)
    return candidate


def write_xlsx(report: AnalysisReport) -> bytes:
    """A summary sheet (the report, the comments, what needs attention), then one sheet
    per section with its figures, tables and the data of its charts."""
    from openpyxl import Workbook

    def put(sheet: Any, row: list[Any]) -> None:
        sheet.append([neutralise(value) for value in row])

    workbook = Workbook(write_only=True)
    taken: set[str] = set()
    summary = workbook.create_sheet(_sheet_name(_("Report"), taken))
    put(summary, [report.title])
    put(summary, [_("Company"), str(report.company)])
    put(summary, [_("Half year"), half_label(report.period)])
    put(summary, [_("State"), _status_line(report)])
    put(summary, [_("Comments of the supervision department"), report.comment])
    for section in report.sections:
        for line in section["attention"] if section["code"] == ATTENTION else []:
            put(summary, [_("Needs attention"), line])
    for section in report.sections:
        sheet = workbook.create_sheet(_sheet_name(section["title"], taken))
        put(sheet, [section["title"]])
        if section["figures"]:
            put(
                sheet,
                [
                    _("Figure"),
                    _("This half"),
                    _("Previous half"),
                    pgettext("report figure", "Unit"),
                ],
            )
            for figure in section["figures"]:
                put(sheet, [figure["label"], figure["value"], figure["previous"], figure["unit"]])
        for table in section["tables"]:
            put(sheet, [])
            put(sheet, [table["title"]])
            put(sheet, table["columns"])
            for row in table["rows"]:
                put(sheet, row)
        for chart in section["charts"]:
            put(sheet, [])
            put(sheet, [chart["title"]])
            put(sheet, ["", *chart["categories"]])
            for name, values in chart["series"]:
                put(sheet, [name, *values])
        if section["attention"]:
            put(sheet, [])
            for line in section["attention"]:
                put(sheet, [_("Needs attention"), line])
        if section["comment"]:
            put(sheet, [])
            put(sheet, [_("Comments of the supervision department"), section["comment"]])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
