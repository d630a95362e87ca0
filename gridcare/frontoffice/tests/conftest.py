"""Fixtures of the front-office tests: a hall with counters, call-record lines."""

from __future__ import annotations

from collections import Counter as Tally
from collections.abc import Callable
from datetime import datetime
from html.parser import HTMLParser
from typing import Any
from zoneinfo import ZoneInfo

import pytest

from gridcare.frontoffice.models import Counter, ServiceHall
from gridcare.org.models import Company, Department

SHANGHAI = ZoneInfo("Asia/Shanghai")


def at(text: str) -> datetime:
    """A local (Asia/Shanghai) time."""
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def duplicate_ids(html: str) -> list[str]:
    """The element ids a page holds more than once: a label names the first element of
    its id, so a duplicate leaves a field without its label (or with another's)."""
    ids: Tally[str] = Tally()

    class Ids(HTMLParser):
        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            ids.update(value for name, value in attrs if name == "id" and value)

    Ids().feed(html)
    return sorted(name for name, n in ids.items() if n > 1)


def cdr(
    start: str,
    answer: str = "",
    *,
    end: str | None = None,
    disposition: str | None = None,
    uniqueid: str | None = "",
    src: str = "13800138000",
    extension: str = "8001",
    duration: str = "60",
    billsec: str = "40",
) -> str:
    """One Master.csv line as Asterisk's cdr_csv writes it (quoted strings, bare numbers).
    `uniqueid=None` leaves out the two optional columns (16 columns)."""
    disposition = disposition or ("ANSWERED" if answer else "NO ANSWER")
    end = end or answer or start
    fields = [
        '""',
        f'"{src}"',
        '"95598"',
        '"from-pstn"',
        f'"""客戶"" <{src}>"',
        '"SIP/trunk-0001"',
        f'"SIP/{extension}-0002"',
        '"Queue"',
        '"service,t,,,300"',
        f'"{start}"',
        f'"{answer}"',
        f'"{end}"',
        duration,
        billsec,
        f'"{disposition}"',
        '"DOCUMENTATION"',
    ]
    if uniqueid is not None:
        fields += [f'"{uniqueid}"', '""']
    return ",".join(fields) + "\n"


@pytest.fixture
def hall(company: Company) -> ServiceHall:
    department, _ = Department.objects.get_or_create(
        company=company,
        code="service_hall",
        defaults={"name": "龍崗供電門市", "kind": "service_hall"},
    )
    hall = ServiceHall.objects.create(
        company=company,
        department=department,
        name="龍崗供電門市",
        address="大足縣龍崗鎮棠香街123號",
        opening_hours="週一至週五 08:30–17:30",
    )
    Counter.objects.create(hall=hall, number=1, name="1號窗口", serves=Counter.Serves.BOTH)
    Counter.objects.create(hall=hall, number=2, name="2號窗口", serves=Counter.Serves.PAYMENT)
    return hall


@pytest.fixture
def upload() -> Callable[..., Any]:
    from django.core.files.uploadedfile import SimpleUploadedFile

    def make(*lines: str, name: str = "Master.csv", prefix: bytes = b"", crlf: bool = False) -> Any:
        text = "".join(lines)
        if crlf:
            text = text.replace("\n", "\r\n")
        return SimpleUploadedFile(name, prefix + text.encode(), content_type="text/csv")

    return make
