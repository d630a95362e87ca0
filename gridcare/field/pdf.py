"""The written notice of inspection findings (R-3.7.1) as PDF, with Chinese rendered by
reportlab's built-in CJK font STSong-Light (an Adobe CID font: nothing to install)."""

from __future__ import annotations

import io

from django.utils import timezone
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gridcare.field.models import Finding, WrittenNotice

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=26, alignment=1)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=11, leading=17, wordWrap="CJK")
SEVERITY = {"minor": "一般", "major": "嚴重", "critical": "危急"}
CONDITION = {"good": "良好", "fair": "一般", "poor": "較差"}


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped.replace("\n", "<br/>"), style)


def written_notice_pdf(notice: WrittenNotice) -> bytes:
    inspection = notice.inspection
    customer = inspection.customer
    findings = [
        f for f in inspection.findings.all() if f.needs_customer_action
    ]  # prefetched by the caller
    out = io.BytesIO()
    doc = SimpleDocTemplate(
        out, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, title=notice.number
    )
    inspected = timezone.localtime(inspection.inspected_at) if inspection.inspected_at else None
    condition = CONDITION.get(inspection.condition, "—")
    story: list[object] = [
        _p("用電設備隱患書面通知書", TITLE),
        _p(f"編號：{notice.number}"),
        Spacer(1, 4 * mm),
        _p(f"{customer.name}（戶號 {customer.account_number}）："),
        _p(
            f"本公司{inspection.unit.name}於{inspected:%Y年%m月%d日}對貴單位用電設備進行"
            f"{inspection.get_kind_display()}，設備運行狀況：{condition}。"
            "發現下列問題，需貴單位處理："
            if inspected
            else "發現下列問題，需貴單位處理："
        ),
        Spacer(1, 3 * mm),
        _table(findings),
        Spacer(1, 3 * mm),
        _p(f"設備維護建議：{inspection.advice or '—'}"),
        _p(f"請於{notice.rectify_by:%Y年%m月%d日}前完成整改，並告知本公司。"),
        Spacer(1, 8 * mm),
        _p("抄送：市場營銷部、生產技術部"),
        _p(f"簽發日期：{timezone.localtime(notice.issued_at):%Y年%m月%d日}"),
        _p("客戶簽收：＿＿＿＿＿＿　　日期：＿＿＿＿＿＿"),
    ]
    doc.build(story)  # type: ignore[arg-type]
    return out.getvalue()


def _table(findings: list[Finding]) -> Table:
    rows: list[list[object]] = [[_p("序號"), _p("問題"), _p("嚴重程度")]]
    rows += [
        [_p(str(i)), _p(f.description), _p(SEVERITY[f.severity])]
        for i, f in enumerate(findings, start=1)
    ]
    table = Table(rows, colWidths=[15 * mm, 125 * mm, 30 * mm], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ]
        )
    )
    return table
