"""What a customer may see of their application, and nothing else (issue 4, portal).

A lookup needs the application number and a phone number on file for its customer. A
wrong pair and an unknown number give the same answer (None).
"""

from __future__ import annotations

import hmac
import unicodedata
from dataclasses import dataclass
from datetime import date, datetime

from django.utils import timezone

from gridcare.applications.models import Application
from gridcare.customers.models import Customer
from gridcare.org.models import Company
from gridcare.rules.selectors import Usage, clock_usage, clocks_of


def digits(phone: str) -> str:
    """A phone number as its ASCII digits, without a +86 / 0086 country prefix.

    Every decimal digit of any script (full-width ３, Arabic-Indic ٣ …) becomes its ASCII
    digit, so the result is always ASCII and compares as bytes; other characters, digit
    look-alikes such as superscripts included, are dropped.
    """
    only = "".join(
        str(value) for ch in phone if (value := unicodedata.decimal(ch, None)) is not None
    )
    for prefix in ("0086", "86"):
        if only.startswith(prefix) and len(only) > 11:
            return only[len(prefix) :]
    return only


def _same_phone(on_file: str, wanted: str) -> bool:
    """True when `wanted` (already `digits`) is this number on file.

    Compared as bytes in constant time: the answer's timing does not tell digits apart,
    and no input can make the comparison fail (str comparison raises on non-ASCII).
    """
    return len(wanted) >= 7 and hmac.compare_digest(digits(on_file).encode(), wanted.encode())


@dataclass(frozen=True)
class PublicStep:
    label: str
    at: datetime | None


@dataclass(frozen=True)
class PublicClock:
    title: str
    due: date
    state: str
    usage: Usage
    days_left: int


@dataclass(frozen=True)
class PublicApplication:
    company: str
    number: str
    kind: str
    status: str
    steps: list[PublicStep]
    clocks: list[PublicClock]


def _public(application: Application) -> PublicApplication:
    today = timezone.localdate()
    recorded = {s.step: s.at for s in application.steps.all()}
    statuses = list(Application.PATH) + [
        s for s in (Application.Status.WITHDRAWN, Application.Status.REJECTED) if s in recorded
    ]
    steps = [PublicStep(str(s.label), recorded.get(s)) for s in statuses]
    clocks = [
        PublicClock(
            title=c.standard.localised_title,
            due=c.due,
            state=c.effective_state(today),
            usage=clock_usage(c, today),
            days_left=(c.due - today).days,
        )
        for c in clocks_of(application)
    ]
    return PublicApplication(
        company=application.company.name,
        number=application.number,
        kind=application.get_kind_display(),
        status=application.get_status_display(),
        steps=steps,
        clocks=clocks,
    )


def application_lookup(*, number: str, phone: str) -> PublicApplication | None:
    """The application with this number whose customer has this phone on file, else None."""
    wanted = digits(phone)
    candidates = list(
        Application.objects.filter(number=number.strip().upper()).select_related(
            "customer", "company"
        )[:5]
    )
    match = None
    for application in candidates:
        for on_file in application.customer.phones:
            if _same_phone(on_file, wanted):
                match = application
    return _public(match) if match is not None else None


def _phone_matches(customer: Customer, wanted: str) -> bool:
    # Every number on file is compared, in constant time, whatever the first one gives.
    matched = False
    for on_file in customer.phones:
        if _same_phone(on_file, wanted):
            matched = True
    return matched


def key_account_by_phone(*, account_number: str, phone: str) -> Customer | None:
    """The key account with this account number and this phone on file, else None (also
    for a customer that is not a key account: the caller answers all three alike)."""
    wanted = digits(phone)
    candidates = list(Customer.objects.filter(account_number=account_number.strip())[:5])
    matches = [c for c in candidates if _phone_matches(c, wanted)]
    return next((c for c in matches if c.is_key_account), None)


def public_name() -> str:
    """The name the public pages carry: the deployment's company when it has one at the
    top (a city company above its counties, or a single county), else none."""
    tops = list(Company.objects.filter(parent__isnull=True)[:2])
    return (tops[0].short_name or tops[0].name) if len(tops) == 1 else ""
