"""Halls, counters, agent extensions, the fee catalogue, tariffs, the usage notice and the
business procedures of the demo company (fictional, in the style of a county company)."""

from __future__ import annotations

from datetime import date

from gridcare.frontoffice.demo.common import staff_of
from gridcare.frontoffice.models import (
    AgentExtension,
    BusinessProcedure,
    Counter,
    FeeItem,
    PublicNotice,
    ServiceHall,
    Tariff,
)
from gridcare.org.models import Company, Department

HALLS = [
    (
        "hall-longgang",
        "龍崗供電門市",
        "大足縣龍崗鎮棠香街123號",
        "週一至週五 08:30–17:30；週六 09:00–12:00（法定節假日除外）",
        "023-43721111",
        [(1, "1號窗口", "business"), (2, "2號窗口", "both"), (3, "3號窗口", "payment")],
    ),
    (
        "hall-tangxiang",
        "棠香供電門市",
        "大足縣棠香街道五星大道88號",
        "週一至週五 08:30–17:30（法定節假日除外）",
        "023-43722222",
        [(1, "1號窗口", "both"), (2, "2號窗口", "payment")],
    ),
]

# (code, name, unit, fen, document number, document title, document date, from)
FEES = [
    (
        "meter-test",
        "電能表校驗費（客戶申請校驗且表計合格時）",
        "只",
        5000,
        "渝價〔2003〕215號",
        "重慶市物價局關於供電企業服務收費標準的通知",
        "2003-09-01",
        "2004-01-01",
    ),
    (
        "temporary-connection",
        "臨時接電費",
        "千伏安",
        3000,
        "渝價〔2003〕215號",
        "重慶市物價局關於供電企業服務收費標準的通知",
        "2003-09-01",
        "2004-01-01",
    ),
    (
        "high-reliability",
        "高可靠性供電費（雙電源，10千伏）",
        "千伏安",
        26000,
        "渝價〔2004〕88號",
        "重慶市物價局關於高可靠性供電費用的通知",
        "2004-03-15",
        "2004-04-01",
    ),
    (
        "ic-card",
        "補辦購電IC卡工本費",
        "張",
        1000,
        "渝價〔2003〕215號",
        "重慶市物價局關於供電企業服務收費標準的通知",
        "2003-09-01",
        "2004-01-01",
    ),
]

TARIFFS = [
    ("居民生活用電（一戶一表）", "不滿1千伏", "0.5200", "階梯電價第一檔"),
    ("居民生活用電（一戶一表）", "1–10千伏", "0.5100", ""),
    ("一般工商業用電", "不滿1千伏", "0.7470", ""),
    ("一般工商業用電", "1–10千伏", "0.7270", ""),
    ("大工業用電", "1–10千伏", "0.6200", "另計基本電費"),
    ("農業生產用電", "不滿1千伏", "0.4990", ""),
]

USAGE_NOTICE = """一、請按時繳納電費，逾期將按規定收取違約金。
二、不得私拉亂接、竊電，不得擅自變更用電類別或增加用電容量。
三、請勿在電力線路下方建房、植樹、放風箏、釣魚。
四、家用電器請安裝合格的漏電保護器，發現電線破損及時報修。
五、遇停電或故障請撥打供電服務電話，我們24小時受理。"""

PROCEDURES = [
    (
        "居民生活用電新裝",
        "到供電門市或撥打服務電話提出申請\n現場勘查，答覆供電方案\n繳納相關費用，簽訂供用電合同\n裝表接電",
        "戶主身份證\n房屋產權證明或購房合同",
        [
            {"code": "application.plan_reply", "attrs": {"voltage": "low"}},
            {"code": "application.residential_energize", "attrs": {"residential_lighting": True}},
        ],
    ),
    (
        "低壓非居民新裝、增容",
        "提出申請\n現場勘查，答覆供電方案\n工程設計與施工\n竣工驗收\n簽訂供用電合同，裝表接電",
        "營業執照\n法定代表人身份證\n用電設備清單",
        [
            {"code": "application.plan_reply", "attrs": {"voltage": "low"}},
            {"code": "application.energize", "attrs": {"voltage": "low"}},
        ],
    ),
    (
        "高壓新裝、增容",
        "提出申請\n現場勘查，答覆供電方案\n設計審查\n中間檢查與竣工驗收\n簽訂供用電合同，裝表接電",
        "營業執照\n用電負荷及設備清單\n項目批准文件",
        [
            {"code": "application.plan_reply", "attrs": {"voltage": "10kv"}},
            {"code": "application.plan_reply", "attrs": {"voltage": "high", "supply_sources": 1}},
            {"code": "application.plan_reply", "attrs": {"voltage": "high", "supply_sources": 2}},
            {"code": "application.energize", "attrs": {"voltage": "high"}},
        ],
    ),
    (
        "電費繳納",
        "到供電門市繳費窗口取號\n告知戶號並繳費\n取回收據",
        "戶號或電費通知單",
        [{"code": "hall.payment_minutes"}],
    ),
]


def load_reference(company: Company) -> list[ServiceHall]:
    halls = []
    for code, name, address, hours, phone, counters in HALLS:
        department = Department.objects.get(company=company, code=code)
        hall = ServiceHall.objects.create(
            company=company,
            department=department,
            name=name,
            address=address,
            opening_hours=hours,
            phone=phone,
        )
        Counter.objects.bulk_create(
            Counter(hall=hall, number=n, name=label, serves=serves) for n, label, serves in counters
        )
        halls.append(hall)
    for extension, staff in enumerate(staff_of(company, "csc"), start=8001):
        AgentExtension.objects.create(company=company, extension=str(extension), staff=staff)
    for code, name, unit, fen, number, title, issued, start in FEES:
        FeeItem.objects.create(
            company=company,
            code=code,
            name=name,
            unit=unit,
            amount_fen=fen,
            authority_number=number,
            authority_title=title,
            authority_date=date.fromisoformat(issued),
            effective_from=date.fromisoformat(start),
        )
    Tariff.objects.bulk_create(
        Tariff(
            company=company,
            category=category,
            voltage=voltage,
            price=price,
            note=note,
            authority="重慶市物價局（示範資料）",
            effective_from=date(2004, 1, 1),
            order=n,
        )
        for n, (category, voltage, price, note) in enumerate(TARIFFS)
    )
    PublicNotice.objects.create(
        company=company, kind=PublicNotice.Kind.USAGE, title="用電須知", body=USAGE_NOTICE
    )
    BusinessProcedure.objects.bulk_create(
        BusinessProcedure(
            company=company,
            title=title,
            steps=steps,
            documents=documents,
            time_limits=limits,
            order=n,
        )
        for n, (title, steps, documents, limits) in enumerate(PROCEDURES)
    )
    return halls
