"""Demo field work: feeders with their customers, a year (up to today) of outages (some
filed late), fault reports, half-yearly inspections with findings and written notices,
and special patrols, so that the compliance matrix shows 3.7.1, 3.7.2 and 3.7.3 with real
figures. Idempotent (nothing is added once the company has feeders) and deterministic."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.utils import timezone

from gridcare.customers.models import Customer
from gridcare.customers.services import customer_create, customer_set_key_account
from gridcare.field.models import FaultReport, Feeder, FeederCustomer, Inspection, OutagePlan
from gridcare.field.services import (
    fault_arrive,
    fault_dispatch,
    fault_report_create,
    fault_restore,
    inspection_plan_half_year,
    inspection_record,
    outage_file,
    outage_transition,
    patrol_request_create,
    patrol_request_schedule,
    special_patrol_request,
    written_notice_advance,
    written_notice_issue,
)
from gridcare.field.services.faults import CREW_KINDS
from gridcare.field.services.inspections import FindingInput
from gridcare.keyaccounts.halves import half_start
from gridcare.org.models import Company, Department

TOWNS = ("龍崗街道", "棠香街道", "龍水鎮", "寶頂鎮")
WORKS = ("10kV線路檢修", "變壓器更換", "線路遷改", "開關櫃預試", "絕緣子更換")
FINDINGS = (
    ("變壓器油位偏低", "major", True),
    ("配電室門窗破損，小動物可進入", "major", True),
    ("電纜溝積水", "minor", True),
    ("接地引下線鏽蝕", "minor", False),
    ("避雷器瓷套有裂紋", "critical", True),
)


def _at(day: date, hour: int, minute: int = 0) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, minute)))


def _customers(company: Company, rng: random.Random) -> list[Customer]:
    """The company's customers; a small set of its own when the register is nearly empty."""
    existing = list(Customer.objects.filter(company=company).order_by("pk")[:400])
    if len(existing) >= 30:
        return existing
    made = []
    for n in range(40):
        town = TOWNS[n % len(TOWNS)]
        made.append(
            customer_create(
                company=company,
                account_number=f"FD{n + 1:04d}",
                actor=None,
                name=f"{town}{'工業' if n % 5 == 0 else '居民'}用戶{n + 1}",
                category="non_residential" if n % 5 == 0 else "residential",
                voltage="10kv" if n % 5 == 0 else "low",
                town=town,
                phone=f"1390000{n + 1:04d}",
            )
        )
    for customer in made[::5][:6]:
        customer_set_key_account(customer=customer, value=True, actor=None, reason="demo")
        customer.is_key_account = True
    return existing + made


def _feeders(company: Company, customers: list[Customer]) -> list[Feeder]:
    feeders = [
        Feeder.objects.create(
            company=company,
            code=f"10KV-{i + 1:02d}",
            name=f"{TOWNS[i // 2][:2]}{'一二'[i % 2]}回線",
            substation=f"{TOWNS[i // 2][:2]}110kV變電站",
            town=TOWNS[i // 2],
        )
        for i in range(len(TOWNS) * 2)
    ]
    links = []
    for n, customer in enumerate(customers):
        town_index = TOWNS.index(customer.town) if customer.town in TOWNS else n % len(TOWNS)
        links.append(FeederCustomer(feeder=feeders[town_index * 2 + n % 2], customer=customer))
    FeederCustomer.objects.bulk_create(links)
    return feeders


def _outages(company: Company, feeders: list[Feeder], rng: random.Random, today: date) -> int:
    count = 0
    day = today - timedelta(days=360)
    while day < today + timedelta(days=30):
        kind = OutagePlan.Kind.PLANNED if rng.random() < 0.7 else OutagePlan.Kind.TEMPORARY
        ahead = (
            rng.choice((7, 8, 10, 14, 14, 6, 5))
            if kind == OutagePlan.Kind.PLANNED
            else rng.choice((1, 2, 2, 3, 0))
        )
        start = _at(day, rng.choice((7, 8, 9)))
        filed = start - timedelta(days=ahead, hours=rng.randint(1, 6))
        if filed <= timezone.now():
            plan = outage_file(
                company=company,
                kind=kind,
                title=rng.choice(WORKS),
                feeders=[rng.choice(feeders)],
                starts_at=start,
                ends_at=start + timedelta(hours=rng.choice((4, 6, 8))),
                filed_at=filed,
            )
            if plan.ends_at < timezone.now():
                outage_transition(plan=plan, to=OutagePlan.Status.DONE, actor=None)
            count += 1
        day += timedelta(days=rng.randint(9, 16))
    return count


def _faults(company: Company, customers: list[Customer], rng: random.Random, today: date) -> int:
    crews = list(Department.objects.filter(company=company, kind__in=CREW_KINDS))
    if not crews:
        return 0
    count = 0
    for _n in range(72):
        day = today - timedelta(days=rng.randint(0, 360))
        reported = _at(day, rng.randint(0, 22), rng.randint(0, 59))
        if reported > timezone.now() - timedelta(hours=4):
            continue
        area = rng.choice(list(FaultReport.Area.values))
        report = fault_report_create(
            company=company,
            customer=rng.choice(customers) if rng.random() < 0.7 else None,
            source=rng.choice(list(FaultReport.Source.values)),
            area=area,
            address=f"{rng.choice(TOWNS)}{rng.randint(1, 200)}號",
            description=rng.choice(("整條街停電", "表箱冒煙", "單戶無電", "線路斷線")),
            reported_at=reported,
        )
        fault_dispatch(
            report=report,
            crew=rng.choice(crews),
            at=reported + timedelta(minutes=5),
            actor=None,
        )
        limit = report.arrival_limit_minutes
        arrived = reported + timedelta(minutes=rng.randint(limit // 3, limit + limit // 4))
        fault_arrive(report=report, at=arrived, actor=None)
        fault_restore(
            report=report, at=arrived + timedelta(minutes=rng.randint(20, 240)), actor=None
        )
        count += 1
    return count + _open_faults(company, customers, crews)


def _open_faults(company: Company, customers: list[Customer], crews: list[Department]) -> int:
    """Faults on their way now: one key account's still within its limit, one past it
    (overdue in the queue and on the line unit's home page)."""
    line = next((c for c in crews if c.kind == "line"), crews[0])
    key = next((c for c in customers if c.is_key_account), None)
    now = timezone.now().replace(second=0, microsecond=0)
    for minutes, area, customer in ((20, "urban", key), (150, "rural", None)):
        report = fault_report_create(
            company=company,
            customer=customer,
            source=FaultReport.Source.CALL,
            area=area,
            address=f"{TOWNS[minutes % len(TOWNS)]}{minutes}號",
            description="整條街停電",
            reported_at=now - timedelta(minutes=minutes),
        )
        fault_dispatch(report=report, crew=line, at=report.reported_at, actor=None)
    return 2


def _inspections(
    company: Company, customers: list[Customer], rng: random.Random, today: date
) -> int:
    units = list(Department.objects.filter(company=company, kind__in=CREW_KINDS))
    keys = [c for c in customers if c.is_key_account][:20]
    if not units or not keys:
        return 0
    count = 0
    halves = sorted({half_start(today - timedelta(days=d)) for d in (0, 182, 364)})
    for half in halves:
        for n, customer in enumerate(keys):
            on = half + timedelta(days=rng.randint(20, 150))
            inspection = inspection_plan_half_year(
                customer=customer,
                half=half,
                unit=units[n % len(units)],
                scheduled_for=on,
                actor=None,
            )
            count += 1
            # Most are done on the day planned; one in eight is late or still owed.
            done_at = _at(on, 10)
            if rng.random() < 0.125:
                done_at += timedelta(days=200)
            if done_at > timezone.now():
                continue
            findings = [FindingInput(*f) for f in rng.sample(FINDINGS, rng.randint(1, 3))]
            inspection = inspection_record(
                inspection=inspection,
                inspected_at=done_at,
                inspector=None,
                equipment="10kV配電室、變壓器、開關櫃、電纜",
                condition=rng.choice(("good", "good", "fair", "poor")),
                advice="定期清掃配電室，雨季前檢查電纜溝排水。",
                findings=findings,
                actor=None,
            )
            if any(f.needs_customer_action for f in findings):
                _notice(inspection, done_at, rng)
    # The line unit (the demo field login's) has patrols this week on its home page.
    line = next((u for u in units if u.kind == "line"), units[0])
    for customer in keys[:3]:
        special_patrol_request(
            customer=customer,
            requested_by="客戶聯絡人電話申請",
            unit=line,
            scheduled_for=today + timedelta(days=rng.randint(0, 6)),
            actor=None,
        )
    _patrol_requests(keys, units, today)
    return count


def _patrol_requests(keys: list[Customer], units: list[Department], today: date) -> None:
    """Requests from the portal and a contact: two waiting in the queue, one scheduled."""
    wishes = (
        ("portal", "廠區擴建後新增的兩台變壓器投運前，請協助全面巡視。", 3, 10),
        ("portal", "雷雨季節前檢查配電室防雷接地。", 5, 14),
        ("contact", "春節生產高峰前，請巡視10kV進線電纜及開關櫃。", 2, 7),
    )
    for n, (channel, what, start, end) in enumerate(wishes):
        customer = keys[(n + 3) % len(keys)]
        request = patrol_request_create(
            customer=customer,
            channel=channel,
            requested_by=customer.contact_name or "客戶電工",
            phone=customer.phone if channel == "portal" else "",
            what=what,
            wanted_from=today + timedelta(days=start),
            wanted_to=today + timedelta(days=end),
            actor=None,
        )
        if channel == "contact":
            patrol_request_schedule(
                request=request,
                unit=units[n % len(units)],
                scheduled_for=today + timedelta(days=start + 1),
                actor=None,
            )


def _notice(inspection: Inspection, done_at: datetime, rng: random.Random) -> None:
    issued = done_at + timedelta(days=1)
    notice = written_notice_issue(
        inspection=inspection,
        rectify_by=timezone.localdate(issued) + timedelta(days=30),
        issued_at=issued,
        actor=None,
    )
    steps = [
        ("delivered", issued + timedelta(days=1), ""),
        ("acknowledged", issued + timedelta(days=2), "客戶電工"),
        ("rectified", issued + timedelta(days=rng.randint(10, 40)), ""),
        ("closed", issued + timedelta(days=45), ""),
    ]
    for to, at, by in steps[: rng.randint(1, 4)]:
        if at > timezone.now():
            break
        written_notice_advance(notice=notice, to=to, at=at, by=by, actor=None)


def load_demo(company: Company) -> str:
    if Feeder.objects.filter(company=company).exists():
        return "already loaded"
    rng = random.Random(7)  # noqa: S311 - demo data, not security
    today = timezone.localdate()
    with transaction.atomic():
        customers = _customers(company, rng)
        feeders = _feeders(company, customers)
        outages = _outages(company, feeders, rng, today)
        faults = _faults(company, customers, rng, today)
        inspections = _inspections(company, customers, rng, today)
    return (
        f"{len(feeders)} feeders, {outages} outage plans, {faults} fault reports, "
        f"{inspections} inspections"
    )
