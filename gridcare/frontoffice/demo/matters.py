"""A year of matters (R-2.5, R-2.7): referrals answered by the departments, answers relayed,
complaints with their clocks (some late), findings, assessment proposals; and charges
against the fee catalogue (R-2.1). Everything goes through the services, so the audit
trail and the clocks are those of real work; an event that would lie in the future is
not recorded, which leaves the last weeks' matters open at their stage."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from django.utils import timezone

from gridcare.frontoffice.demo.common import days, is_working_day, local, rng, staff_of
from gridcare.frontoffice.models import Complaint, FeeItem, Matter, Relay
from gridcare.frontoffice.selectors import prohibitions_in_force
from gridcare.frontoffice.services.fees import charge_record
from gridcare.frontoffice.services.inspections import assessment_propose_from_complaint
from gridcare.frontoffice.services.matters import (
    complaint_contact,
    complaint_decide,
    matter_close,
    matter_open,
    matter_refer,
    matter_relay,
    referral_answer,
    referral_default_due,
)
from gridcare.org.models import Company, Department

SURNAMES = "王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅鄭梁謝宋唐許韓馮鄧曹彭曾"

SUBJECTS: dict[str, list[tuple[str, str]]] = {
    Matter.Kind.CONSULTATION: [
        ("諮詢階梯電價", "客戶詢問居民階梯電價的分檔標準及計算方法。"),
        ("諮詢新裝所需資料", "客戶準備新建住房，詢問辦理用電新裝需帶哪些資料。"),
        ("諮詢電費繳納方式", "客戶詢問除門市外還有哪些繳費方式。"),
    ],
    Matter.Kind.BUSINESS: [
        ("申請更名過戶", "客戶購買二手房，申請將電費戶名變更為本人。"),
        ("申請表計遷移", "客戶房屋改造，申請將電能表移至戶外。"),
        ("申請增加容量", "客戶新增空調設備，申請由4千瓦增容至8千瓦。"),
    ],
    Matter.Kind.FAULT: [
        ("整棟樓停電", "客戶反映所在樓棟自上午起停電，鄰居家中亦無電。"),
        ("電壓偏低", "客戶反映晚間電壓偏低，燈光昏暗，空調無法啟動。"),
        ("電線桿傾斜", "客戶反映村口電線桿傾斜，擔心倒塌。"),
    ],
    Matter.Kind.OPINION: [
        ("建議延長門市營業時間", "客戶建議週末全天營業，方便上班族辦理業務。"),
        ("建議增加繳費網點", "客戶建議在鎮上增設代收電費網點。"),
    ],
    Matter.Kind.COMPLAINT: [
        ("投訴停電未提前通知", "客戶投訴昨日計畫停電未提前公告，造成經營損失。"),
        ("投訴門市人員態度差", "客戶投訴門市工作人員辦理業務時態度生硬、推諉。"),
        ("投訴電費計算有誤", "客戶認為本月電費明顯偏高，懷疑計量有誤。"),
        ("投訴線路施工影響出行", "客戶投訴線路改造施工佔道，未設置警示標誌。"),
        ("投訴電壓不穩損壞電器", "客戶投訴電壓波動導致家用電器損壞。"),
    ],
}

REFER_TO = {
    Matter.Kind.FAULT: ["line", "repair-test", "dispatch"],
    Matter.Kind.BUSINESS: ["marketing", "prodtech"],
    Matter.Kind.COMPLAINT: ["marketing", "line", "dispatch", "operations"],
    Matter.Kind.CONSULTATION: ["marketing"],
    Matter.Kind.OPINION: ["marketing"],
}

CATEGORY_OF = {
    "投訴停電未提前通知": Complaint.Category.OUTAGE,
    "投訴門市人員態度差": Complaint.Category.SERVICE,
    "投訴電費計算有誤": Complaint.Category.BUSINESS,
    "投訴線路施工影響出行": Complaint.Category.GRID_CONSTRUCTION,
    "投訴電壓不穩損壞電器": Complaint.Category.POWER_QUALITY,
}


class _Clock:
    """Events in the demo's past; an event that would be in the future is not recorded."""

    def __init__(self) -> None:
        self.now = timezone.now() - timedelta(minutes=10)

    def past(self, at: datetime) -> bool:
        return at <= self.now


def load_matters(company: Company) -> tuple[int, int, int]:
    r = rng(13_2025)
    clock = _Clock()
    owners = {
        Matter.Channel.PHONE: staff_of(company, "csc"),
        Matter.Channel.COUNTER: staff_of(company, "hall-longgang")
        + staff_of(company, "hall-tangxiang"),
    }
    departments = {d.code: d for d in Department.objects.filter(company=company)}
    director = staff_of(company, "csc", user__username="cscdirector")[0]
    marketing = staff_of(company, "marketing", user__username="marketing")[0]
    code = prohibitions_in_force()
    prohibitions = list(code.items.all()) if code else []
    kinds = [
        (Matter.Kind.CONSULTATION, 0.33),
        (Matter.Kind.BUSINESS, 0.25),
        (Matter.Kind.FAULT, 0.15),
        (Matter.Kind.OPINION, 0.1),
        (Matter.Kind.COMPLAINT, 0.17),
    ]
    matters = complaints = 0
    for day in days():
        if not is_working_day(day):
            continue
        for _ in range(r.choice((0, 1, 1, 1, 2))):
            received = local(day, r.uniform(8.7 * 3600, 17 * 3600))
            if not clock.past(received):
                continue
            kind = r.choices([k for k, _w in kinds], [w for _k, w in kinds])[0]
            channel = r.choice((Matter.Channel.PHONE, Matter.Channel.PHONE, Matter.Channel.COUNTER))
            owner = r.choice(owners[channel])
            subject, description = r.choice(SUBJECTS[kind])
            extra: dict[str, Any] = {}
            if kind == Matter.Kind.COMPLAINT:
                extra["category"] = CATEGORY_OF[subject]
                if subject == "投訴門市人員態度差" and prohibitions:
                    extra.update(
                        about_conduct=True,
                        prohibition=prohibitions[3],
                        staff_concerned=r.choice(owners[Matter.Channel.COUNTER]),
                    )
            matter = matter_open(
                company=company,
                kind=kind,
                channel=channel,
                subject=subject,
                description=description,
                customer_name=r.choice(SURNAMES) + r.choice(("先生", "女士")),
                customer_phone=f"13{r.randint(0, 9)}{r.randint(10_000_000, 99_999_999)}",
                received_at=received,
                actor=owner.user,
                **extra,
            )
            matters += 1
            complaints += kind == Matter.Kind.COMPLAINT
            _follow(r, clock, matter, owner, departments, director, marketing)
    charges = _charges(company, r, clock, owners[Matter.Channel.COUNTER])
    return matters, complaints, charges


def _follow(r, clock, matter, owner, departments, director, marketing) -> None:  # type: ignore[no-untyped-def]
    """What happened next, as long as it is in the past."""
    at = matter.received_at
    is_complaint = matter.kind == Matter.Kind.COMPLAINT
    if is_complaint:
        # The commitment is a contact within one working day; about one in eight is late.
        contact = at + timedelta(hours=r.uniform(1, 20) if r.random() < 0.88 else r.uniform(40, 80))
        if not clock.past(contact):
            return
        complaint_contact(
            matter=matter, note="已電話聯繫客戶，說明處理進度。", at=contact, actor=owner.user
        )
        at = contact
    if r.random() < (0.7 if is_complaint or matter.kind == Matter.Kind.FAULT else 0.35):
        department = departments[r.choice(REFER_TO[matter.kind])]
        referred = at + timedelta(minutes=r.randint(10, 90))
        if not clock.past(referred):
            return
        referral = matter_refer(
            matter=matter,
            department=department,
            contact_person=f"{department.name}值班人員",
            contact_phone="023-4372" + str(r.randint(1000, 9999)),
            request="請核實情況並答覆處理意見。",
            due=referral_default_due(company=matter.company_id, on=timezone.localdate(referred)),
            at=referred,
            actor=owner.user,
        )
        answered = referred + timedelta(
            hours=r.uniform(2, 30) if r.random() < 0.85 else r.uniform(60, 150)
        )
        answerer = department.staff.select_related("user").order_by("employee_number").first()
        if answerer is None or not clock.past(answered):
            return
        referral_answer(
            referral=referral,
            answer="經核實已處理完畢，詳見處理記錄。",
            at=answered,
            actor=answerer.user,
        )
        at = answered
    # The answer goes back to the customer; a complaint's reply is due in 7 working days.
    late = r.random() < 0.1
    relayed = at + timedelta(hours=r.uniform(150, 300) if late else r.uniform(0.5, 20))
    if not clock.past(relayed):
        return
    matter_relay(
        matter=matter,
        method=r.choice(
            (Relay.Method.PHONE, Relay.Method.PHONE, Relay.Method.SMS, Relay.Method.IN_PERSON)
        ),
        note="已將處理結果告知客戶，客戶表示認可。",
        at=relayed,
        actor=owner.user,
    )
    closed = relayed + timedelta(minutes=r.randint(5, 120))
    if not clock.past(closed):
        return
    matter_close(matter=matter, at=closed, actor=owner.user)
    if is_complaint:
        complaint = matter.complaint
        substantiated = complaint.about_conduct or r.random() < 0.2
        decided = complaint_decide(
            complaint=complaint,
            finding=Complaint.Finding.SUBSTANTIATED
            if substantiated
            else Complaint.Finding.UNSUBSTANTIATED,
            note="經調查核實。" if substantiated else "經調查，不屬於供電企業責任。",
            actor=director.user,
        )
        if substantiated and r.random() < 0.5:
            assessment_propose_from_complaint(
                complaint=decided,
                reason="投訴經核實屬實，建議考核。",
                staff=complaint.staff_concerned,
                department=None if complaint.staff_concerned else matter.owner.department,
                actor=marketing.user,
            )


def _charges(company: Company, r, clock, clerks) -> int:  # type: ignore[no-untyped-def]
    items = list(FeeItem.objects.filter(company=company))
    weights = {"ic-card": 6, "meter-test": 2, "temporary-connection": 2, "high-reliability": 1}
    quantities = {"temporary-connection": (20, 200), "high-reliability": (315, 1000)}
    count = 0
    for day in days():
        if not is_working_day(day):
            continue
        for _ in range(r.choice((0, 0, 1, 1, 2))):
            item = r.choices(items, [weights.get(i.code, 1) for i in items])[0]
            low, high = quantities.get(item.code, (1, 1))
            if not clock.past(local(day, 17 * 3600)):
                continue
            count += 1
            charge_record(
                company=company,
                fee_item=item,
                charged_on=day,
                quantity=r.randint(low, high),
                customer_name=r.choice(SURNAMES) + r.choice(("先生", "女士")),
                receipt_number=f"DZ{day:%Y%m%d}{count:04d}",
                actor=r.choice(clerks).user,
            )
    return count
