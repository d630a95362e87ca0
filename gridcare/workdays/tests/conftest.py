"""Fixtures of the calendar tests: an API client with a token, a 2027 arrangement."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
from rest_framework.test import APIClient

from gridcare.integrations.services import api_token_issue
from gridcare.workdays import selectors

D = date.fromisoformat

#: A 2027 arrangement shaped like a real notice (the real one is published in autumn 2026;
#: these dates are invented, on the right weekdays). 2027-01-01 is a Friday.
HOLIDAYS_2027 = [
    (D("2027-01-01"), D("2027-01-03"), "元旦"),
    (D("2027-02-06"), D("2027-02-12"), "春節"),
    (D("2027-04-03"), D("2027-04-05"), "清明節"),
    (D("2027-05-01"), D("2027-05-05"), "勞動節"),
    (D("2027-06-09"), D("2027-06-09"), "端午節"),
    (D("2027-09-15"), D("2027-09-15"), "中秋節"),
    (D("2027-10-01"), D("2027-10-07"), "國慶節"),
]
MAKEUP_2027 = [
    (D("2027-02-14"), "春節"),
    (D("2027-04-25"), "勞動節"),
    (D("2027-09-26"), "國慶節"),
    (D("2027-10-09"), "國慶節"),
]
SOURCE_2027 = "國務院辦公廳關於2027年部分節假日安排的通知"


@pytest.fixture
def entry_2027() -> dict[str, Any]:
    """Keyword arguments of calendar_year_enter for 2027 (add the actor)."""
    return {
        "year": 2027,
        "holidays": list(HOLIDAYS_2027),
        "makeup_days": list(MAKEUP_2027),
        "source": SOURCE_2027,
    }


@pytest.fixture
def api(counter_clerk: Any) -> APIClient:
    """An API client authenticated with the counter clerk's token (any user may ask)."""
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {api_token_issue(user=counter_clerk)}")
    return client


@pytest.fixture
def cold_snapshot() -> Iterator[None]:
    """Forget this process's snapshot, as a freshly started process would have none."""
    selectors._memo = None
    yield
    selectors._memo = None
