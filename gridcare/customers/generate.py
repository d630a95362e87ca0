"""Synthetic customers at scale for `manage.py generate --customers N` (gridcare.core.generate).

A county register's mix: mostly residential low-voltage customers, fewer non-residential
ones on low voltage, 10 kV and high voltage (a few with two supply sources), and a small
share of key accounts among the large non-residential ones (R-3.3.1). Account numbers are
``SYN`` and nine digits, numbered after any synthetic customers already there, so a second
run adds customers instead of clashing with the first. ``is_key_account`` is set directly
(no designation round is generated): the work queues read that flag (R-3.7.3).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from gridcare.core import generate as registry
from gridcare.core.generate import GenerateContext, Generated
from gridcare.customers.imports import FIELDS
from gridcare.customers.models import Category, Customer, Voltage

PREFIX = "SYN"
RESIDENTIAL_SHARE = 0.85
#: Voltage of a non-residential customer (residential customers are all low voltage).
VOLTAGES = ((Voltage.LOW, 0.60), (Voltage.KV10, 0.33), (Voltage.HIGH, 0.07))
#: Share of key accounts among non-residential customers on 10 kV and high voltage.
KEY_ACCOUNT_SHARE = 0.05
TOWNS = ("龍崗鎮", "棠香街道", "龍水鎮", "寶頂鎮", "三驅鎮", "拾萬鎮", "高坪鎮", "玉龍鎮")
SURNAMES = "王李張劉陳楊黃趙吳周徐孫馬朱胡郭何林羅鄭"
BUSINESSES = ("五金廠", "食品公司", "建材公司", "機械廠", "物流園", "酒店", "超市", "學校")
#: The register's columns in the import layout's order (one definition: customers.imports).
COLUMNS = ("company_id", *FIELDS, "is_key_account", "created_at", "updated_at")


def _first_number(context: GenerateContext) -> int:
    """After the last synthetic account number of the company (zero-padded: text order is
    number order)."""
    last = (
        Customer.objects.filter(company=context.company, account_number__startswith=PREFIX)
        .order_by("-account_number")
        .values_list("account_number", flat=True)
        .first()
    )
    return int(last[len(PREFIX) :]) + 1 if last else 1


def _rows(context: GenerateContext, first: int, size: int, tally: dict[str, int]) -> Iterator[Any]:
    rng = context.random("customers")
    now = timezone.now()
    company = context.company.pk
    voltages = [v for v, _w in VOLTAGES]
    weights = [w for _v, w in VOLTAGES]
    for number in range(first, first + size):
        town = TOWNS[rng.randrange(len(TOWNS))]
        phone = f"13{rng.randrange(10)}{rng.randrange(10_000_000, 100_000_000)}"
        surname = SURNAMES[rng.randrange(len(SURNAMES))]
        if rng.random() < RESIDENTIAL_SHARE:
            category, voltage, sources = Category.RESIDENTIAL, Voltage.LOW, 1
            name = surname + ("先生" if rng.random() < 0.5 else "女士")
            consumption = rng.randrange(600, 6_000)
            key_account = False
        else:
            category = Category.NON_RESIDENTIAL
            voltage = rng.choices(voltages, weights)[0]
            sources = 2 if voltage == Voltage.HIGH and rng.random() < 0.3 else 1
            name = town[:2] + surname + BUSINESSES[rng.randrange(len(BUSINESSES))]
            consumption = rng.randrange(20_000, 5_000_000)
            key_account = voltage != Voltage.LOW and rng.random() < KEY_ACCOUNT_SHARE
        tally[category] += 1
        tally["key accounts"] += key_account
        yield (
            company,
            f"{PREFIX}{number:09d}",
            name,
            category,
            voltage,
            sources,
            town,
            f"{town}{rng.randrange(1, 300)}號",
            phone,
            "",
            "" if category == Category.RESIDENTIAL else surname + "經理",
            "" if category == Category.RESIDENTIAL else phone,
            consumption,
            "",
            False,
            False,
            False,
            key_account,
            key_account,
            now,
            now,
        )


def generate(context: GenerateContext, size: int) -> Generated:
    """`size` customers of `context.company`."""
    tally = {Category.RESIDENTIAL: 0, Category.NON_RESIDENTIAL: 0, "key accounts": 0}
    written = context.copy(
        Customer._meta.db_table, COLUMNS, _rows(context, _first_number(context), size, tally)
    )
    return Generated(
        rows=written, details=[", ".join(f"{name} {n:,}" for name, n in tally.items())]
    )


registry.register(
    registry.Generator(
        "customers",
        generate,
        help="Customers of the register (residential, non-residential by voltage, key accounts).",
        order=10,
        tables=(Customer._meta.db_table,),
    )
)
