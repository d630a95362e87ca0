"""Row scope across companies (issue 9 item 3; DESIGN.md convention 9): a user of one
supply company sees none of another company's rows, through every list page, its search,
its export and the list endpoints of the API, and cannot open or act on another company's
record by its id.

Each list case names a list, a role allowed to read it, and the kind of row it lists: the
personas' own row of that kind must be on the page (so the page really lists that kind),
and the other company's row must not be.
"""

from __future__ import annotations

from io import BytesIO
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from gridcare.core.tests.access_rules import ANY_STAFF, PUBLIC, RULES
from gridcare.core.tests.access_samples import (
    World,
    world_fixture,  # noqa: F401 (the `world` fixture)
)

#: (URL name, role that reads it, kind of row, query string, API endpoint?)
LISTS: list[tuple[str, str, str, str, bool]] = [
    ("org:staff_list", "administrator", "staff", "", False),
    ("customers:customer_list", "marketing", "customer", "", False),
    ("customers:customer_list", "marketing", "customer", "q=機械廠", False),
    ("applications:application_list", "marketing", "application", "", False),
    ("applications:application_export", "marketing", "application", "", False),
    ("frontoffice:call_list", "csc_director", "call", "", False),
    ("frontoffice:callback_list", "csc_agent", "call", "", False),
    ("frontoffice:import_list", "csc_director", "call_import", "", False),
    ("frontoffice:extension_list", "csc_director", "agent_extension", "", False),
    ("frontoffice:hall_list", "marketing", "hall", "", False),
    ("frontoffice:inspection_list", "marketing", "hall", "", False),
    ("frontoffice:matter_list", "csc_director", "matter", "", False),
    ("assessments:ledger", "marketing", "assessment_item", "", False),
    ("keyaccounts:account_list", "marketing", "account", "", False),
    ("keyaccounts:item_list", "marketing", "service_item", "", False),
    ("field:outage_list", "dispatch_planner", "outage", "", False),
    ("field:fault_list", "dispatch_planner", "fault", "", False),
    ("field:inspection_list", "production_technology", "field_inspection", "", False),
    ("surveys:questionnaire_list", "supervision", "questionnaire", "", False),
    ("followups:call_list", "supervision", "followup_call", "", False),
    ("api-customer-list", "marketing", "customer", "", True),
    ("api-application-list", "marketing", "application", "", True),
    ("api-calls", "csc_director", "call", "", True),
    ("api-assessment-item-list", "marketing", "assessment_item", "", True),
    ("api-keyaccount-list", "marketing", "account", "", True),
]


def _text(response: Any) -> str:
    """The page, the JSON, or every cell of an exported workbook, as one text."""
    if response.headers.get("Content-Type", "").startswith(
        "application/vnd.openxmlformats-officedocument.spreadsheetml"
    ):
        content = b"".join(response.streaming_content) if response.streaming else response.content
        book = load_workbook(BytesIO(content), read_only=True)
        return "\n".join(
            str(cell)
            for sheet in book.worksheets
            for row in sheet.iter_rows(values_only=True)
            for cell in row
            if cell is not None
        )
    return response.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "role", "kind", "query", "api"),
    LISTS,
    ids=[f"{name}{'?' + query if query else ''}-{kind}" for name, _, kind, query, _ in LISTS],
)
def test_a_list_shows_no_row_of_another_company(
    world: World, name: str, role: str, kind: str, query: str, api: bool
) -> None:
    if api:
        client = Client(HTTP_AUTHORIZATION=f"Token {world.tokens[role]}")
    else:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
    url = reverse(name) + (f"?{query}" if query else "")
    response = client.get(url)
    assert response.status_code == 200, (name, response.status_code)
    text = _text(response)
    own, foreign = world.own[kind], world.foreign[kind]
    assert own in text, f"{name} does not list the company's own {kind} {own!r}"
    assert foreign not in text, f"{name} shows the other company's {kind} {foreign!r}"


#: Samples that are not rows of a company: the shared calendar, a file format, a date, and
#: a kind of assessment item (whose points each company revises for itself: see
#: gridcare/rules/tests/test_rules_per_company.py). A standard and a profile are the
#: company's own (R-1.3): another company's marketing is refused them.
NOT_COMPANY_ROWS = {"calendar_day", "calendar_year", "import_template", "point_rule"}


def _record_urls() -> list[Any]:
    cases = []
    for name, rule in sorted(RULES.items()):
        if not rule.sample or rule.sample in NOT_COMPANY_ROWS or rule.allowed == PUBLIC:
            continue
        role = "counter_clerk" if rule.allowed == ANY_STAFF else sorted(rule.allowed)[0]
        cases.append(pytest.param(name, role, id=f"{name}-{role}"))
    return cases


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "role"), _record_urls())
def test_another_companys_record_is_not_found(world: World, name: str, role: str) -> None:
    """The same role in the other company gets 404 (or 403) for this company's record."""
    rule = RULES[name]
    if rule.api:
        client = Client(HTTP_AUTHORIZATION=f"Token {world.foreign_tokens[role]}")
    else:
        client = Client()
        client.cookies[settings.SESSION_COOKIE_NAME] = world.foreign_sessions[role]
    url = reverse(name, kwargs=world.samples[rule.sample])
    response = client.post(url, dict(rule.data)) if rule.method == "POST" else client.get(url)
    assert response.status_code in (403, 404), (name, role, response.status_code)
