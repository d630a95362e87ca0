"""Demo key accounts: two approved designation rounds (the list in force chosen from the
demo customers by the criteria, with contacts), an interim addition, an adjustment, a
contact change approved and one waiting, and the service since the list took effect —
visits, phone contacts, needs and other services followed up (some overdue),
energy-efficiency advice,
consultations, energizations of key accounts — and the next round opened by the reminder.

Everything goes through the services, in time order, so clocks, breaches and audit rows
are what production would have made. Deterministic (a fixed seed, dates relative to
today) and idempotent: a company that has an approved round is left alone.
"""

from __future__ import annotations

import heapq
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import partial
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone, translation

from gridcare.customers.models import Customer
from gridcare.keyaccounts import criteria
from gridcare.keyaccounts.halves import half_end, half_start, next_half
from gridcare.keyaccounts.models import (
    ContactAssignment,
    DesignationRound,
    Interaction,
    RoundEntry,
    ServiceItem,
)
from gridcare.keyaccounts.selectors import listed_ids
from gridcare.keyaccounts.services.contacts import contact_change_decide, contact_change_propose
from gridcare.keyaccounts.services.designation import (
    designation_settings_update,
    keyaccount_list_adjust,
)
from gridcare.keyaccounts.services.items import (
    clauses_for_proposals,
    proposal_create,
    service_item_create,
    service_item_progress,
)
from gridcare.keyaccounts.services.rounds import (
    designation_entry_add,
    designation_entry_update,
    designation_interim_propose,
    designation_round_approve,
    designation_round_open,
    designation_round_submit,
    designation_rounds_remind,
)
from gridcare.keyaccounts.services.visits import (
    NeedInput,
    half_year_ensure,
    interaction_record,
    visit_half_years_open,
)
from gridcare.org.models import Company, Department, Staff
from gridcare.rules.deadlines import add_months

SEED = 20250406
DEMO_MIN_CONSUMPTION_KWH = 1_500_000
#: The contacts of the demo (R-3.4.1 positions) and the share of accounts each serves.
CONTACTS = (("cscdirector", 40), ("kacontact", 35), ("marketing", 15), ("leader", 10))
VISITED_SHARE = 0.92  # of the visits owed in a past half year
VISITED_SO_FAR = 0.7  # of this half year's, by today
NEEDS = [
    ("申請增加一路10kV備用電源", "prodtech"),
    ("廠區變壓器溫升偏高，請求檢測", "repair-test"),
    ("線路下樹障需清理", "line"),
    ("計量表計故障疑似走快", "operations"),
    ("擴產用電增容諮詢與方案", "marketing"),
    ("電費發票抬頭變更", "csc"),
    ("電壓波動影響生產設備", "dispatch"),
]
ADVICE = [
    "建議加裝無功補償裝置，提高功率因數至0.95以上",
    "建議調整生產班次，多用谷段電價",
    "建議更換高效節能電機與變頻設備",
    "建議照明改用LED並加裝智能控制",
]
#: Other services (R-3.7.6) assigned to a department during a visit, with their days.
OTHER_SERVICES = [
    ("協助制定停電應急預案並組織演練", "dispatch", 30),
    ("協助開展用電設備預防性試驗", "repair-test", 20),
    ("協助辦理峰谷分時電價申請", "marketing", 15),
    ("協助培訓客戶電工安全操作", "operations", 25),
]
TOPICS = [
    "了解今年用電計畫與擴產安排",
    "回訪上次反映的問題處理情況",
    "介紹優質服務承諾與停電通知方式",
    "溝通檢修停電時間安排",
    "聽取對供電服務的意見建議",
]


@dataclass(order=True)
class Action:
    at: datetime
    order: int
    run: Callable[[], Any] = field(compare=False)


class _Loader:
    def __init__(self, company: Company, users: dict[str, Any]) -> None:
        self.company = company
        self.users = users
        self.staff = {name: Staff.objects.get(user=user) for name, user in users.items()}
        self.rng = random.Random(SEED)  # noqa: S311 - demo data, reproducible on purpose
        self.now = timezone.now()
        self.today = timezone.localdate()
        self.departments = {
            d.code: d for d in Department.objects.filter(company=company, is_active=True)
        }
        self.actions: list[Action] = []
        self.planned = 0
        self.counts = {"visits": 0, "phone": 0, "items": 0, "applications": 0}

    # --- helpers --------------------------------------------------------------------

    def at(self, day: date, hour: int | None = None) -> datetime:
        hour = hour if hour is not None else self.rng.randint(9, 16)
        moment = timezone.make_aware(datetime.combine(day, time(hour, self.rng.randint(0, 59))))
        return min(moment, self.now - timedelta(minutes=5))

    def day_between(self, start: date, end: date) -> date:
        return start + timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def contact_user(self, customer: Customer, at: datetime) -> Any:
        """The user of the contact serving the account at that moment."""
        assignment = (
            ContactAssignment.objects.filter(customer=customer, valid_from__lte=at)
            .exclude(valid_to__lte=at)
            .select_related("contact__user")
            .first()
        )
        return assignment.contact.user if assignment else self.users["marketing"]

    def pick_contact(self) -> Staff:
        names = [name for name, _ in CONTACTS]
        weights = [weight for _, weight in CONTACTS]
        return self.staff[self.rng.choices(names, weights)[0]]

    def later(self, at: datetime, run: Callable[[], Any]) -> None:
        """Do `run` at its moment in the story (actions may plan further actions)."""
        if at <= self.now:
            self.planned += 1
            heapq.heappush(self.actions, Action(at, self.planned, run))

    # --- the list -------------------------------------------------------------------

    def run_round(
        self, *, opened: datetime, approved: datetime, edit: Callable[[DesignationRound], None]
    ) -> DesignationRound:
        marketing, leader = self.users["marketing"], self.users["leader"]
        round = designation_round_open(company=self.company, actor=marketing, at=opened)
        edit(round)
        for entry in RoundEntry.objects.filter(round=round, included=True, contact__isnull=True):
            designation_entry_update(
                entry=entry,
                included=True,
                reason=entry.reason,
                contact=self.pick_contact(),
                actor=marketing,
            )
        designation_round_submit(
            round=round, actor=marketing, at=opened + timedelta(days=12), note="請公司審批"
        )
        return designation_round_approve(
            round=round, actor=leader, at=approved, note="經總經理辦公會研究同意"
        )

    def lists(self, candidates: list[Customer], specials: list[Customer]) -> dict[str, Any]:
        first_at = self.at(add_months(self.today, -47) - timedelta(days=3), 10)
        current_at = self.at(add_months(self.today, -23) - timedelta(days=15), 10)
        # Large consumers move on and off the list; the county's own bodies stay.
        large = [c for c in candidates if getattr(c, "meets_large_consumer", False)]
        late, leaver = large[-4:], large[0]
        marketing = self.users["marketing"]

        def first_edit(round: DesignationRound) -> None:
            for entry in RoundEntry.objects.filter(round=round, customer__in=late):
                designation_entry_update(
                    entry=entry,
                    included=False,
                    reason="當年用電量尚未達到標準，下一輪再評",
                    contact=None,
                    actor=marketing,
                )
            for customer in specials:
                designation_entry_add(
                    round=round,
                    customer=customer,
                    reason="縣重點招商企業，縣政府要求保障供電",
                    contact=self.pick_contact(),
                    actor=marketing,
                )

        def current_edit(round: DesignationRound) -> None:
            entry = RoundEntry.objects.get(round=round, customer=leaver)
            designation_entry_update(
                entry=entry,
                included=False,
                reason="客戶自備電源完善，申請不列入大客戶",
                contact=None,
                actor=marketing,
            )
            kept = RoundEntry.objects.get(round=round, customer=specials[0])
            designation_entry_update(
                entry=kept,
                included=True,
                reason="縣政府來函要求繼續保障供電",
                contact=kept.contact or self.pick_contact(),
                actor=marketing,
            )

        self.run_round(opened=first_at - timedelta(days=25), approved=first_at, edit=first_edit)
        current = self.run_round(
            opened=current_at - timedelta(days=25), approved=current_at, edit=current_edit
        )
        return {"current": current, "current_at": current_at}

    # --- the service ---------------------------------------------------------------------

    def plan_half(self, customer: Customer, start: date, end: date, *, visit: bool) -> None:
        """Visits and phone contacts of one account between two days of a half year."""
        current = half_start(self.today) == half_start(start)
        share = VISITED_SO_FAR if current else VISITED_SHARE
        if visit and self.rng.random() < share:
            for _n in range(1 + (self.rng.random() < 0.2)):
                at = self.at(self.day_between(start, end))
                self.later(at, partial(self.visit, customer, at))
        for _n in range(self.rng.choice((0, 1, 1, 2))):
            at = self.at(self.day_between(start, end))
            self.later(at, partial(self.phone, customer, at))

    def visit(self, customer: Customer, at: datetime) -> None:
        day = timezone.localdate(at)
        user = self.contact_user(customer, at)
        needs: tuple[NeedInput, ...] = ()
        if self.rng.random() < 0.3:
            title, code = self.rng.choice(NEEDS)
            department = self.departments.get(code) or next(iter(self.departments.values()))
            due = day + timedelta(days=self.rng.randint(10, 40))
            needs = (NeedInput(title, department, due),)
        visit = interaction_record(
            customer=customer,
            kind=Interaction.Kind.VISIT,
            at=at,
            summary=self.rng.choice(TOPICS),
            participants=f"{customer.contact_name or '客戶負責人'}、{user.staff.name}",
            needs=needs,
            actor=user,
        )
        self.counts["visits"] += 1
        for item in visit.items.all():
            self.follow_up(item, user)
        if self.rng.random() < 0.15:
            service_item_create(
                customer=customer,
                kind=ServiceItem.Kind.ADVICE,
                title=self.rng.choice(ADVICE),
                at=at + timedelta(minutes=30),
                actor=user,
            )
            self.counts["items"] += 1
        if self.rng.random() < 0.12:
            title, code, days = self.rng.choice(OTHER_SERVICES)
            other = service_item_create(
                customer=customer,
                kind=ServiceItem.Kind.OTHER,
                title=title,
                department=self.departments.get(code) or next(iter(self.departments.values())),
                due=day + timedelta(days=days),
                at=at + timedelta(minutes=40),
                actor=user,
            )
            self.follow_up(other, user)

    def follow_up(self, item: ServiceItem, user: Any) -> None:
        """Most needs and other services are done by the due date, some late, a few still
        open (overdue)."""
        self.counts["items"] += 1
        due: date = item.due  # type: ignore[assignment]
        raised = item.raised_at
        start = self.at(timezone.localdate(raised) + timedelta(days=self.rng.randint(1, 5)))
        self.later(
            max(start, raised + timedelta(hours=1)),
            lambda: service_item_progress(
                item=item,
                note=f"已轉{item.department}，已安排人員跟進",
                status=ServiceItem.Status.IN_PROGRESS,
                at=max(start, raised + timedelta(hours=1)),
                actor=user,
            ),
        )
        roll = self.rng.random()
        if roll < 0.12:
            return  # still open: overdue once its due date has passed
        finish_day = due + timedelta(days=self.rng.randint(-8, -1 if roll < 0.85 else 6))
        finish = self.at(max(finish_day, timezone.localdate(start) + timedelta(days=1)))
        self.later(
            finish,
            lambda: service_item_progress(
                item=item,
                note="已處理完畢，客戶確認滿意",
                status=ServiceItem.Status.DONE,
                at=finish,
                actor=user,
            ),
        )

    def phone(self, customer: Customer, at: datetime) -> None:
        user = self.contact_user(customer, at)
        interaction_record(
            customer=customer,
            kind=Interaction.Kind.PHONE,
            at=at,
            summary=self.rng.choice(
                ["電話了解近期用電情況", "電話告知計畫檢修停電安排", "電話回訪需求處理結果"]
            ),
            actor=user,
        )
        self.counts["phone"] += 1
        if self.rng.random() < 0.12:
            service_item_create(
                customer=customer,
                kind=ServiceItem.Kind.CONSULTATION,
                title="諮詢峰谷分時電價與兩部制電價",
                at=at + timedelta(minutes=5),
                actor=user,
            )
            self.counts["items"] += 1

    def energizations(self, customers: list[Customer], since: date) -> None:
        """Capacity increases of key accounts energized after acceptance (R-3.7.5), a few
        later than 3 working days; one handled on the customer's behalf (R-3.6.4)."""
        from gridcare.applications.services import application_receive, application_record_event

        clerk = Staff.objects.filter(user__username="clerk").select_related("user").first()
        start = max(since, self.today - timedelta(days=330))
        for n, customer in enumerate(self.rng.sample(customers, min(12, len(customers)))):
            received = self.at(self.day_between(start, self.today - timedelta(days=20)), 9)
            steps = [
                ("plan_replied", received + timedelta(days=self.rng.randint(1, 4))),
                ("acceptance_passed", received + timedelta(days=self.rng.randint(15, 40))),
            ]
            steps.append(
                ("energized", steps[-1][1] + timedelta(days=self.rng.choice((1, 1, 2, 2, 3, 6))))
            )
            application = application_receive(
                company=self.company,
                customer=customer,
                kind="capacity_increase",
                received_at=received,
                requested_capacity_kva=self.rng.choice((400, 630, 800, 1250)),
                actor=clerk.user if clerk else None,
                department=clerk.department if clerk else None,
                staff=clerk,
            )
            for event, at in steps:
                if at > self.now:
                    break
                application_record_event(
                    application=application, event=event, at=at, actor=clerk.user if clerk else None
                )
            self.counts["applications"] += 1
            if n == 0:
                user = self.contact_user(customer, received)
                service_item_create(
                    customer=customer,
                    kind=ServiceItem.Kind.BUSINESS,
                    title="代客戶辦理增容申請",
                    department=self.departments.get("marketing"),
                    due=timezone.localdate(received) + timedelta(days=60),
                    linked=application,
                    at=received,
                    actor=user,
                )

    # --- the whole story ---------------------------------------------------------------

    def run(self) -> str:
        # Thresholds that suit the demo county: about sixty candidates.
        thresholds = designation_settings_update(
            company=self.company,
            min_annual_consumption_kwh=DEMO_MIN_CONSUMPTION_KWH,
            min_credit_rating="AA",
            actor=self.users["marketing"],
        )
        candidates = list(
            criteria.candidate_queryset(self.company, thresholds).order_by("account_number")
        )
        if len(candidates) < 8:
            return "skipped: too few candidates (load the customers demo first)"
        specials = list(
            Customer.objects.filter(
                company=self.company, category="non_residential", voltage="high"
            )
            .exclude(pk__in=[c.pk for c in candidates])
            .order_by("account_number")[:3]
        )
        story = self.lists(candidates, specials[:2])
        listed = list(Customer.objects.filter(pk__in=listed_ids()).order_by("account_number"))
        current_at: datetime = story["current_at"]
        interim_customer = specials[2] if len(specials) > 2 else None
        interim_at = self.at(add_months(self.today, -9) - timedelta(days=5), 10)
        removed, removed_at = listed[-1], self.at(self.today - timedelta(days=40), 11)
        change_at = self.at(add_months(self.today, -6), 10)

        # Half years since the list took effect, each opened on its first day.
        first = next_half(timezone.localdate(current_at))
        half = first
        while half <= self.today:
            self.later(self.at(half, 0), partial(self.open_half, half))
            end = min(half_end(half), self.today)
            for customer in listed:
                if customer == removed and half_start(removed_at.date()) == half:
                    continue  # not visited before it left the list: the visit lapses
                self.plan_half(customer, half, end, visit=True)
            if interim_customer is not None and half_start(interim_at.date()) <= half:
                begin = max(half, interim_at.date() + timedelta(days=1))
                if begin <= end:
                    self.plan_half(interim_customer, begin, end, visit=True)
            half = add_months(half, 6)
        if interim_customer is not None:
            self.later(interim_at, lambda: self.interim(interim_customer, interim_at))
        self.later(change_at, lambda: self.change(listed, change_at))
        self.later(
            removed_at,
            lambda: keyaccount_list_adjust(
                customer=removed,
                add=False,
                reason="企業停產搬遷，經公司研究調出大客戶名單",
                actor=self.users["leader"],
                at=removed_at,
            ),
        )
        while self.actions:
            heapq.heappop(self.actions).run()
        self.energizations([c for c in listed if c != removed], timezone.localdate(current_at))
        self.extras(listed)
        visit_half_years_open(today=self.today)
        designation_rounds_remind(today=self.today)
        return (
            f"{len(listed)} key accounts, {self.counts['visits']} visits, "
            f"{self.counts['phone']} phone contacts, {self.counts['items']} service items, "
            f"{self.counts['applications']} key-account applications"
        )

    def open_half(self, half: date) -> None:
        for customer in Customer.objects.filter(pk__in=listed_ids()):
            half_year_ensure(customer=customer, on=half)

    def interim(self, customer: Customer, at: datetime) -> None:
        round = designation_interim_propose(
            company=self.company,
            customer=customer,
            reason="縣重點工程項目，縣政府函要求保障施工及投產用電",
            contact=self.staff["kacontact"],
            actor=self.users["marketing"],
            at=at - timedelta(days=4),
        )
        designation_round_approve(round=round, actor=self.users["leader"], at=at)

    def change(self, listed: list[Customer], at: datetime) -> None:
        moved = [
            c
            for c in listed
            if ContactAssignment.objects.filter(
                customer=c, valid_to__isnull=True, contact=self.staff["cscdirector"]
            ).exists()
        ][:3]
        for customer in moved:
            change = contact_change_propose(
                customer=customer,
                new_contact=self.staff["kacontact"],
                reason="均衡聯繫人工作量，就近服務",
                actor=self.users["marketing"],
                at=at - timedelta(days=3),
            )
            contact_change_decide(
                change=change, approve=True, note="同意", actor=self.users["leader"], at=at
            )

    def extras(self, listed: list[Customer]) -> None:
        """A change waiting for approval, and an assessment proposal for an overdue need."""
        waiting = next(
            (
                c
                for c in listed
                if ContactAssignment.objects.filter(
                    customer=c, valid_to__isnull=True, contact=self.staff["marketing"]
                ).exists()
            ),
            None,
        )
        if waiting is not None:
            contact_change_propose(
                customer=waiting,
                new_contact=self.staff["cscdirector"],
                reason="客戶業務以報裝報修為主，改由客服中心對接",
                actor=self.users["marketing"],
            )
        overdue = (
            ServiceItem.objects.filter(
                company=self.company,
                status__in=ServiceItem.OPEN_STATUSES,
                due__lt=self.today,
                department__isnull=False,
            )
            .select_related("customer", "department")
            .order_by("due")
            .first()
        )
        clause = next(
            (c for c in clauses_for_proposals(self.company.pk) if c.number == "3.6.2"), None
        )
        if overdue is not None and clause is not None:
            proposal_create(
                department=overdue.department,  # type: ignore[arg-type]
                clause=clause,
                reason=f"「{overdue.title}」逾期未辦結，客戶多次催辦",
                evidence="見服務項目進度記錄",
                item=overdue,
                actor=self.contact_user(overdue.customer, self.now),
            )


@transaction.atomic
def load_demo(company: Company) -> str:
    if DesignationRound.objects.filter(
        company=company,
        kind=DesignationRound.Kind.REGULAR,
        status=DesignationRound.Status.APPROVED,
    ).exists():
        return "already present"
    names = [name for name, _ in CONTACTS]
    users = {u.username: u for u in get_user_model().objects.filter(username__in=names)}
    if set(users) != set(names):
        return "skipped: the demo organisation's contacts are missing"
    # Texts the services store (round titles, reasons) in the deployment's language.
    with translation.override(settings.LANGUAGE_CODE):
        return _Loader(company, users).run()
