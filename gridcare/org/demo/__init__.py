"""The demo county company: departments, positions, about 40 staff, one login per role.

Names are Chinese and deterministic, so the demo looks the same on every machine and a
second run changes nothing. Later modules add their own demo data on top of this.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.translation import gettext

from gridcare.org.models import Company, Department, Position, Staff
from gridcare.org.roles import ROLE_BY_CODE

DEMO_PASSWORD = "dazu-demo-2026"  # noqa: S105 - printed demo password, never in production

COMPANY = {
    "code": "dazu",
    "name": "重慶市大足縣供電有限責任公司",
    "short_name": "大足供電公司",
    "service_phone": "023-43722345",
    # The demo's history starts with the key-account designation of 2023.
    "go_live": date(2023, 1, 1),
}

DEPARTMENTS = [
    ("leadership", "公司領導", Department.Kind.LEADERSHIP),
    ("marketing", "市場行銷部", Department.Kind.MARKETING),
    ("csc", "客戶服務中心", Department.Kind.CSC),
    ("hall-longgang", "龍崗供電門市", Department.Kind.SERVICE_HALL),
    ("hall-tangxiang", "棠香供電門市", Department.Kind.SERVICE_HALL),
    ("prodtech", "生技部", Department.Kind.PRODUCTION_TECHNOLOGY),
    ("dispatch", "調度所", Department.Kind.DISPATCH),
    ("repair-test", "修試所", Department.Kind.REPAIR_TEST),
    ("operations", "運管所", Department.Kind.OPERATIONS),
    ("line", "線路所", Department.Kind.LINE),
    ("supervision", "思政部", Department.Kind.SUPERVISION),
    ("office", "綜合辦公室", Department.Kind.OTHER),
]

POSITIONS = [
    ("general-manager", "總經理", Position.Kind.GENERAL_MANAGER),
    ("deputy-gm-marketing", "分管行銷副總經理", Position.Kind.DEPUTY_GM_MARKETING),
    ("deputy-gm", "副總經理", Position.Kind.DEPUTY_GM),
    ("director", "主任", Position.Kind.DIRECTOR),
    ("deputy-director", "副主任", Position.Kind.DEPUTY_DIRECTOR),
    ("team-leader", "班長", Position.Kind.TEAM_LEADER),
    ("clerk", "營業員", Position.Kind.STAFF),
    ("agent", "話務員", Position.Kind.STAFF),
    ("technician", "技術員", Position.Kind.STAFF),
    ("officer", "專責", Position.Kind.STAFF),
]


@dataclass(frozen=True)
class DemoLogin:
    username: str
    name: str
    department: str
    position: str
    roles: tuple[str, ...]
    #: Opens the administration site's pages scoped to the company (never a superuser:
    #: that is a deployment administrator, made with createsuperuser).
    is_staff: bool = False

    @property
    def role_label(self) -> str:
        return " + ".join(gettext(str(ROLE_BY_CODE[r].label)) for r in self.roles)


# One login per role (ROLES.md). The contact-eligible positions of carry the
# key-account contact role.
LOGINS = [
    DemoLogin("clerk", "陳麗娟", "hall-longgang", "clerk", ("counter_clerk",)),
    DemoLogin("agent", "王曉燕", "csc", "agent", ("csc_agent",)),
    DemoLogin("cscdirector", "劉建國", "csc", "director", ("csc_director", "keyaccount_contact")),
    DemoLogin("kacontact", "張明華", "csc", "deputy-director", ("csc_agent", "keyaccount_contact")),
    DemoLogin("marketing", "李志強", "marketing", "director", ("marketing", "keyaccount_contact")),
    DemoLogin(
        "leader",
        "趙永剛",
        "leadership",
        "deputy-gm-marketing",
        ("leadership", "keyaccount_contact"),
    ),
    DemoLogin("prodtech", "周國平", "prodtech", "director", ("production_technology",)),
    DemoLogin("field", "吳海波", "line", "technician", ("field_unit",)),
    DemoLogin("dispatch", "鄭小軍", "dispatch", "officer", ("dispatch_planner",)),
    DemoLogin("supervision", "孫慧敏", "supervision", "officer", ("supervision",)),
    DemoLogin("admin", "黃志勇", "office", "officer", ("administrator",), is_staff=True),
]

SURNAMES = "王李張劉陳楊黃趙吳周徐孫馬朱胡郭何高林羅鄭梁謝宋唐許韓馮鄧曹彭曾蕭田董潘袁蔡蔣余"
GIVEN = "偉芳娜秀英敏靜麗強磊軍洋勇艷傑娟濤明超秀蘭霞平剛桂英建華志紅玲國慶文斌海燕雪梅"

# Further staff, by department: (department code, position code, how many).
OTHER_STAFF = [
    ("leadership", "general-manager", 1),
    ("leadership", "deputy-gm", 1),
    ("marketing", "deputy-director", 1),
    ("marketing", "officer", 3),
    ("csc", "agent", 4),
    ("hall-longgang", "team-leader", 1),
    ("hall-longgang", "clerk", 3),
    ("hall-tangxiang", "clerk", 3),
    ("prodtech", "officer", 2),
    ("dispatch", "director", 1),
    ("repair-test", "technician", 2),
    ("operations", "technician", 2),
    ("line", "team-leader", 1),
    ("line", "technician", 1),
    ("supervision", "director", 1),
    ("office", "officer", 2),
]


@dataclass(frozen=True)
class DemoResult:
    company: Company
    created: bool
    staff_count: int
    logins: list[DemoLogin]


def _names(count: int) -> list[str]:
    rng = random.Random(20261128)  # noqa: S311 - names for a demo, not security
    taken = {login.name for login in LOGINS}
    names: list[str] = []
    while len(names) < count:
        name = rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))
        if name not in taken:
            taken.add(name)
            names.append(name)
    return names


@transaction.atomic
def load_demo_organisation() -> DemoResult:
    company, created = Company.objects.get_or_create(code=COMPANY["code"], defaults=COMPANY)
    departments = {}
    for code, name, kind in DEPARTMENTS:
        departments[code], _ = Department.objects.get_or_create(
            company=company, code=code, defaults={"name": name, "kind": kind}
        )
    positions = {}
    for code, name, position_kind in POSITIONS:
        positions[code], _ = Position.objects.get_or_create(
            code=code, defaults={"name": name, "kind": position_kind}
        )
    user_model = get_user_model()
    for number, login in enumerate(LOGINS, start=1):
        user, user_created = user_model.objects.get_or_create(
            username=login.username, defaults={"is_staff": login.is_staff}
        )
        if user_created:
            user.set_password(DEMO_PASSWORD)
            user.save()
            user.groups.set(Group.objects.filter(name__in=login.roles))
        elif user.is_superuser:
            # A demo loaded by an earlier version made its administrator a superuser.
            user.is_superuser = False
            user.save(update_fields=["is_superuser"])
        Staff.objects.get_or_create(
            user=user,
            defaults={
                "company": company,
                "department": departments[login.department],
                "position": positions[login.position],
                "employee_number": f"DZ{number:04d}",
                "name": login.name,
            },
        )
    names = iter(_names(sum(n for _d, _p, n in OTHER_STAFF)))
    number = 100
    for dept, pos, count in OTHER_STAFF:
        for _ in range(count):
            number += 1
            name = next(names)
            username = f"dz{number:04d}"
            user, user_created = user_model.objects.get_or_create(username=username)
            if user_created:
                # Staff without a demo login: they appear in lists but cannot sign in.
                user.set_unusable_password()
                user.save()
            Staff.objects.get_or_create(
                user=user,
                defaults={
                    "company": company,
                    "department": departments[dept],
                    "position": positions[pos],
                    "employee_number": f"DZ{number:04d}",
                    "name": name,
                },
            )
    return DemoResult(
        company=company,
        created=created,
        staff_count=Staff.objects.filter(company=company).count(),
        logins=LOGINS,
    )
