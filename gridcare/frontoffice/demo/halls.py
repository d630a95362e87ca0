"""A year of hall tickets (with realistic shares of long waits and long transactions),
today's live queue, and a monthly inspection of each hall."""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from gridcare.frontoffice.compliance import HANDLING_CODES, WAIT_CODE
from gridcare.frontoffice.demo.common import days, is_working_day, local, rng, staff_of
from gridcare.frontoffice.models import TICKET_PREFIX, ServiceHall, Ticket, TicketKind
from gridcare.frontoffice.services.halls import measured
from gridcare.frontoffice.services.inspections import (
    ItemScore,
    assessment_propose_from_result,
    checklist_in_force,
    inspection_record,
)
from gridcare.org.models import Company
from gridcare.rules.selectors import standard_in_force

FINDINGS = {
    "clean": "窗台有灰塵，等候區地面有紙屑",
    "tariffs-posted": "電價公示牌未更新",
    "usage-notice-posted": "用電須知張貼歪斜",
    "procedures-posted": "業務流程圖被遮擋",
    "uniform": "未穿統一工作服",
    "badge": "未佩戴工作證",
    "mandarin": "接待時未使用國語",
    "polite": "語氣生硬",
    "patient": "解答客戶問題不夠耐心",
    "proactive": "客戶到櫃檯時未主動招呼",
}


def _limits(company: Company, on: date) -> dict[str, tuple[int, int | None]]:
    limits: dict[str, tuple[int, int | None]] = {}
    for code in (WAIT_CODE, *HANDLING_CODES.values()):
        standard = standard_in_force(company=company, code=code, on=on)
        limits[code] = (standard.amount, standard.pk) if standard else (0, None)
    return limits


def load_halls(company: Company, halls: list[ServiceHall]) -> tuple[int, int]:
    r = rng(9_2025)
    now = timezone.now()
    today = timezone.localdate()
    limits = _limits(company, today)
    tickets: list[Ticket] = []
    for hall in halls:
        counters = list(hall.counters.order_by("number"))
        clerks = staff_of(company, hall.department.code)
        for day in days():
            if not is_working_day(day) or day == today:
                continue
            sequences = {TicketKind.BUSINESS: 0, TicketKind.PAYMENT: 0}
            for _ in range(r.randint(35, 75)):
                kind = TicketKind.BUSINESS if r.random() < 0.4 else TicketKind.PAYMENT
                sequences[kind] += 1
                issued = local(day, r.uniform(8.6 * 3600, 17.2 * 3600))
                wait = int(r.lognormvariate(5.4, 0.75))  # median about 4 minutes
                # Business: median about 11 minutes, ~8 % over 20; payment: median about
                # 4 minutes, ~5 % over 10.
                mu, sigma = (6.5, 0.42) if kind == TicketKind.BUSINESS else (5.4, 0.6)
                handling = int(r.lognormvariate(mu, sigma))
                started = issued + timedelta(seconds=wait)
                finished = started + timedelta(seconds=handling)
                wait_limit, wait_standard = limits[WAIT_CODE]
                handling_limit, handling_standard = limits[HANDLING_CODES[kind]]
                counter = r.choice([c for c in counters if kind in c.kinds()])
                tickets.append(
                    Ticket(
                        company=company,
                        hall=hall,
                        service_date=day,
                        kind=kind,
                        sequence=sequences[kind],
                        number=f"{TICKET_PREFIX[kind]}{sequences[kind]:03d}",
                        status=Ticket.Status.DONE,
                        issued_at=issued,
                        called_at=started - timedelta(seconds=30),
                        started_at=started,
                        finished_at=finished,
                        counter=counter,
                        clerk=r.choice(clerks),
                        wait_seconds=wait,
                        wait_outcome=measured(wait, wait_limit) if wait_standard else "",
                        wait_standard_id=wait_standard,
                        handling_seconds=handling,
                        handling_outcome=measured(handling, handling_limit)
                        if handling_standard
                        else "",
                        handling_standard_id=handling_standard,
                    )
                )
        # Today's queue: customers waiting now (served live from the counter screen).
        if is_working_day(today):
            for n in range(1, 6):
                kind = TicketKind.PAYMENT if n % 2 else TicketKind.BUSINESS
                tickets.append(
                    Ticket(
                        company=company,
                        hall=hall,
                        service_date=today,
                        kind=kind,
                        sequence=n,
                        number=f"{TICKET_PREFIX[kind]}{n:03d}",
                        issued_at=min(now, local(today, 8.6 * 3600)) + timedelta(minutes=n),
                    )
                )
    Ticket.objects.bulk_create(tickets, batch_size=2000)
    return len(tickets), _inspections(company, halls)


def _inspections(company: Company, halls: list[ServiceHall]) -> int:
    """Marketing inspects each hall once a month; about one item in twelve fails."""
    r = rng(11_2025)
    inspector = staff_of(company, "marketing", user__username="marketing")[0]
    checklist = checklist_in_force()
    if checklist is None:
        return 0
    items = list(checklist.items.order_by("number"))
    count = 0
    today = timezone.localdate()
    for months_ago in range(11, -1, -1):
        first = (today.replace(day=1) - timedelta(days=months_ago * 30)).replace(day=10)
        if first >= today:
            continue
        for hall in halls:
            clerks = staff_of(company, hall.department.code)
            scores = []
            for item in items:
                failed = r.random() < 0.08
                scores.append(
                    ItemScore(
                        item=item,
                        points=item.points - (r.choice((2, 5)) if failed else 0),
                        note=FINDINGS.get(item.code, "") if failed else "",
                        staff=r.choice(clerks) if item.target == item.Target.STAFF else None,
                    )
                )
            inspection = inspection_record(
                hall=hall,
                scores=scores,
                inspected_at=local(first, 10 * 3600),
                note="",
                actor=inspector.user,
            )
            count += 1
            for result in inspection.results.filter(passed=False).select_related("item", "staff"):
                if r.random() < 0.3:
                    assessment_propose_from_result(
                        result=result,
                        reason=f"門市檢查不合格：{result.note}",
                        department=hall.department if result.staff is None else None,
                        staff=result.staff,
                        actor=inspector.user,
                    )
    return count
