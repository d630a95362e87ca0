"""Printed documents of an application, as PDF with Chinese rendered by reportlab's
built-in CJK font (STSong-Light, an Adobe CID font every PDF reader has: nothing to
install): the supply plan reply sheet (供電方案答覆單) and the receipt (受理回執). Both cite
the time limits that apply, clause by clause (R-2.10, R-2.11, R-3.7.5)."""

from __future__ import annotations

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.formats import date_format
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from gridcare.applications.models import Application
from gridcare.rules.limits import Limits, limits_of
from gridcare.rules.models import Clock

FONT = "STSong-Light"
pdfmetrics.registerFont(UnicodeCIDFont(FONT))

TITLE = ParagraphStyle("title", fontName=FONT, fontSize=18, leading=24, alignment=1)
SUBTITLE = ParagraphStyle("subtitle", fontName=FONT, fontSize=11, leading=16, alignment=1)
BODY = ParagraphStyle("body", fontName=FONT, fontSize=10.5, leading=16, wordWrap="CJK")
SMALL = ParagraphStyle("small", fontName=FONT, fontSize=9, leading=13, wordWrap="CJK")

VOLTAGE = {"low": "低壓", "10kv": "10kV", "high": "高壓"}
KIND = {"new_connection": "新裝", "capacity_increase": "增容"}
UNIT = {"working_days": "個工作日", "days": "天"}
STATE = {"running": "計時中", "met": "達標", "breached": "超時", "exempted": "特殊情況除外"}


def _p(text: str, style: ParagraphStyle = BODY) -> Paragraph:
    # Paragraph reads a little markup: escape what a customer's name could contain.
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return Paragraph(escaped, style)


def _when(value: object) -> str:
    if value is None:
        return "—"
    return date_format(timezone.localtime(value), "Y-m-d H:i")  # type: ignore[arg-type]


def _grid(rows: list[list[object]], widths: list[float]) -> Table:
    table = Table(rows, colWidths=widths)
    table.setStyle(
        TableStyle(
            [
                ("FONT", (0, 0), (-1, -1), FONT, 10),
                ("GRID", (0, 0), (-1, -1), 0.5, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BACKGROUND", (0, 0), (0, -1), colors.whitesmoke),
            ]
        )
    )
    return table


def _facts(application: Application) -> Table:
    customer = application.customer
    supply = f"{VOLTAGE.get(application.voltage, application.voltage)}"
    if application.voltage == "high":
        supply += "雙電源" if application.supply_sources == 2 else "單電源"
    rows = [
        ["申請編號", application.number],
        ["業務類型", KIND.get(application.kind, application.kind)
         + ("（居民照明）" if application.residential_lighting else "")],
        ["客戶戶號", customer.account_number],
        ["客戶名稱", _p(customer.name)],
        ["用電地址", _p(f"{customer.town}{customer.address}")],
        ["電壓等級", supply],
        ["受理時間", _when(application.received_at)],
    ]  # fmt: skip
    return _grid(rows, [35 * mm, 130 * mm])


def _limits(clocks: Iterable[Clock]) -> Table:
    today = timezone.localdate()
    rows: list[list[object]] = [["條款", "時限", "期限", "狀態"]]
    for clock in clocks:
        rows.append(
            [
                clock.standard.clause.number,
                _p(f"{clock.standard.title}：{clock.amount}{UNIT.get(clock.unit, '')}", SMALL),
                clock.due.isoformat(),
                STATE.get(clock.effective_state(today), clock.state),
            ]
        )  # fmt: skip
    table = _grid(rows, [18 * mm, 95 * mm, 28 * mm, 24 * mm])
    table.setStyle(TableStyle([("BACKGROUND", (0, 0), (-1, 0), colors.whitesmoke)]))
    return table


def _clauses_text(limits: Limits) -> str:
    """Clauses 2.10 and 2.11 with the limits in force today, never figures written here
    (R-DEF): a revised standard changes the sheet from its date."""

    def amount(code: str, **attrs: object) -> str:
        standard = limits.standard(code, attrs)
        return f"{standard.amount}{UNIT.get(standard.unit, '')}" if standard else "—"

    reply = "application.plan_reply"
    return (
        "第2.10條：受理新裝、增容申請後，供電方案答覆期限為"
        f"低壓客戶{amount(reply, voltage='low')}、"
        f"10KV客戶{amount(reply, voltage='10kv')}、"
        f"高壓單電源客戶{amount(reply, voltage='high', supply_sources=1)}、"
        f"高壓雙電源客戶{amount(reply, voltage='high', supply_sources=2)}；"
        "居民照明客戶申請後"
        f"{amount('application.residential_energize', residential_lighting=True)}內通電。"
        "第2.11條：竣工驗收合格、具備供電條件且手續完備後，"
        f"低壓客戶{amount('application.energize', voltage='low')}、"
        f"高壓客戶{amount('application.energize', voltage='high')}內裝表接電。"
    )


def _document(story: list[object]) -> bytes:
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=20 * mm, rightMargin=20 * mm, topMargin=18 * mm,
        bottomMargin=18 * mm, title="GridCare", author="GridCare",
    )  # fmt: skip
    doc.build(story)
    return buffer.getvalue()


def _company_line(application: Application) -> str:
    company = application.company
    phone = f"　服務電話：{company.service_phone}" if company.service_phone else ""
    return f"{company.name}{phone}"


def reply_sheet(application: Application, clocks: list[Clock]) -> bytes:
    """供電方案答覆單."""
    replied = application.steps.filter(step=Application.Status.PLAN_REPLIED).first()
    story: list[object] = [
        _p(_company_line(application), SUBTITLE),
        Spacer(1, 4 * mm),
        _p("供電方案答覆單", TITLE),
        Spacer(1, 6 * mm),
        _facts(application),
        Spacer(1, 4 * mm),
        _p(f"供電方案答覆時間：{_when(replied.at if replied else None)}"),
        Spacer(1, 4 * mm),
        _p("依本公司《優質服務管理辦法》，本申請適用以下時限："),
        Spacer(1, 2 * mm),
        _limits(clocks),
        Spacer(1, 4 * mm),
        _p(_clauses_text(limits_of(application.company_id)), SMALL),
        Spacer(1, 10 * mm),
        _p("客戶簽收：＿＿＿＿＿＿＿＿　　　供電企業（蓋章）：＿＿＿＿＿＿＿＿"),
    ]
    return _document(story)


def receipt(application: Application, clocks: list[Clock]) -> bytes:
    """受理回執: the customer keeps it and follows the application on the portal."""
    story: list[object] = [
        _p(_company_line(application), SUBTITLE),
        Spacer(1, 4 * mm),
        _p("業擴報裝受理回執", TITLE),
        Spacer(1, 6 * mm),
        _facts(application),
        Spacer(1, 4 * mm),
        _p("您的申請已受理。本申請適用以下時限（特殊情況除外）："),
        Spacer(1, 2 * mm),
        _limits(clocks),
        Spacer(1, 4 * mm),
        _p(
            "憑申請編號及登記電話，可隨時在本公司網站「業擴進度查詢」頁面查詢辦理進度與各項時限。",
            SMALL,
        ),
    ]
    return _document(story)
