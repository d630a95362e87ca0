"""Demo customers: about 2,000 across the towns and streets of Dazu (deterministic)."""

from __future__ import annotations

import random

from django.db import transaction

from gridcare.customers.models import Customer
from gridcare.org.models import Company

COUNT = 2000
SEED = 20250401
PREFIX = "5102"

#: Dazu's streets and towns, with rough weights (the urban streets hold more customers).
TOWNS = [
    ("龍崗街道", 14), ("棠香街道", 12), ("智鳳街道", 8), ("龍水鎮", 9), ("郵亭鎮", 7),
    ("寶頂鎮", 5), ("三驅鎮", 5), ("萬古鎮", 5), ("石馬鎮", 4), ("中敖鎮", 4), ("雍溪鎮", 4),
    ("珠溪鎮", 4), ("拾萬鎮", 3), ("高坪鎮", 3), ("國梁鎮", 3), ("玉龍鎮", 3), ("季家鎮", 3),
    ("金山鎮", 2), ("鐵山鎮", 2), ("回龍鎮", 2), ("古龍鎮", 2), ("高升鎮", 2), ("龍石鎮", 2),
]  # fmt: skip
STREETS = [
    "正街",
    "新街",
    "五星大道",
    "北環路",
    "南山路",
    "濱河路",
    "興隆街",
    "場鎮",
    "工業園區",
    "村",
]
SURNAMES = (
    "陳王李張劉楊黃趙周吳徐孫胡朱高林何郭馬羅梁宋鄭謝韓唐馮于董蕭程曹袁鄧許傅沈曾彭呂蘇盧蔣蔡賈丁魏薛葉閻"
    "余潘杜戴夏鍾汪田任姜范方石姚譚廖鄒熊金陸郝孔白崔康毛邱秦江史顧侯邵孟龍萬段雷錢湯尹黎易常武喬賀賴龔文"
)
GIVEN = "建國明華麗娟志強秀英海燕小紅德勇光輝玉蘭春梅永福成軍文俊家興世平桂芳淑珍偉東"
TRADES = [
    "五金廠", "食品廠", "養殖場", "機械廠", "鑄造廠", "水泥製品廠", "酒店", "超市", "學校",
    "衛生院", "石刻文旅公司", "物流園", "汽車配件廠", "紡織廠", "磚廠", "自來水廠",
]  # fmt: skip
GOVERNMENT = [
    "中共大足縣委",
    "大足縣人民政府",
    "大足縣人民醫院",
    "大足縣公安局",
    "大足縣廣播電視台",
]
KEY_PROJECTS = ["大足石刻保護工程", "雙橋經開區污水處理廠", "郵亭工業園區", "龍水湖旅遊區"]


def _customer(company: Company, index: int, rng: random.Random) -> Customer:
    town = rng.choices([t for t, _ in TOWNS], weights=[w for _, w in TOWNS])[0]
    address = f"{rng.choice(STREETS)}{rng.randint(1, 300)}號"
    phone = f"1{rng.choice('3578')}{rng.randint(0, 999999999):09d}"
    person = rng.choice(SURNAMES) + "".join(rng.sample(GIVEN, rng.choice((1, 2))))
    values = dict(
        company=company,
        account_number=f"{PREFIX}{index:06d}",
        town=town,
        address=address,
        phone=phone,
        credit_rating=rng.choices(["AAA", "AA", "A", "B", "C", ""], [10, 20, 35, 20, 5, 10])[0],
    )
    if index < len(GOVERNMENT) + len(KEY_PROJECTS):
        # The first customers are the county's key accounts (R-3.3.1 criteria).
        government = index < len(GOVERNMENT)
        name = GOVERNMENT[index] if government else KEY_PROJECTS[index - len(GOVERNMENT)]
        return Customer(
            **values, name=name, category="non_residential", voltage=rng.choice(["10kv", "high"]),
            supply_sources=2 if index % 2 == 0 else 1, contact_name=person, contact_phone=phone,
            annual_consumption_kwh=rng.randint(800_000, 6_000_000),
            is_government_body=government, is_key_project=not government,
            special_guarantee_need=True, deposit_paid=not government, is_key_account=True,
        )  # fmt: skip
    if rng.random() < 0.7:
        return Customer(
            **values, name=person, category="residential", voltage="low", supply_sources=1,
            annual_consumption_kwh=rng.randint(600, 6000),
        )  # fmt: skip
    voltage = rng.choices(["low", "10kv", "high"], [60, 30, 10])[0]
    large = voltage != "low"
    return Customer(
        **values, name=f"大足縣{town[:2]}{rng.choice(TRADES)}", category="non_residential",
        voltage=voltage, supply_sources=2 if voltage == "high" and rng.random() < 0.3 else 1,
        contact_name=person, contact_phone=phone,
        annual_consumption_kwh=rng.randint(*((200_000, 3_000_000) if large else (5_000, 150_000))),
        special_guarantee_need=large and rng.random() < 0.05,
        deposit_paid=large and rng.random() < 0.3,
    )  # fmt: skip


@transaction.atomic
def load_demo(company: Company) -> str:
    """Idempotent: customers are created once, by account number."""
    existing = set(
        Customer.objects.filter(company=company, account_number__startswith=PREFIX).values_list(
            "account_number", flat=True
        )
    )
    rng = random.Random(SEED)  # noqa: S311 - demo data, reproducible on purpose
    rows = [_customer(company, i, rng) for i in range(COUNT)]
    new = [c for c in rows if c.account_number not in existing]
    Customer.objects.bulk_create(new, batch_size=500)
    return f"{len(new)} customers created, {len(existing)} already present"
