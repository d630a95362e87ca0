"""Pages name standards, fees, clauses and data sources in words, in the language of the
page: no standard code, fee code or requirement id in the text (R-4.3, R-2.1)."""

from __future__ import annotations

import re
from datetime import date
from html import unescape
from typing import Any

import pytest
from django.urls import reverse

from gridcare.frontoffice.models import FeeItem
from gridcare.rules.models import ServiceStandard
from gridcare.workdays.models import CalendarYear

pytestmark = pytest.mark.django_db
REQUIREMENT_ID = re.compile(r"\bR-\d")


def page_text(html: str, *, keep_code: bool = False) -> str:
    """The visible text of the page's main part; <code> elements dropped unless kept."""
    main = html.split("<main", 1)[-1]
    main = re.sub(r"<(script|style)[^>]*>.*?</\1>", " ", main, flags=re.S)
    if not keep_code:
        main = re.sub(r"<code[^>]*>.*?</code>", " ", main, flags=re.S)
    return unescape(re.sub(r"<[^>]+>", " ", main))


def fee(company: Any, code: str, name: str) -> FeeItem:
    return FeeItem.objects.create(
        company=company,
        code=code,
        name=name,
        unit="張",
        amount_fen=2000,
        authority_number="渝價〔2003〕215號",
        authority_title="服務收費標準",
        authority_date=date(2003, 9, 1),
        effective_from=date(2004, 1, 1),
    )


def assert_no_codes(text: str) -> None:
    codes = set(ServiceStandard.objects.values_list("code", flat=True))
    assert len(codes) > 10
    assert sorted(code for code in codes if code in text) == []
    assert not REQUIREMENT_ID.findall(text)


def test_standards_read_as_titles_and_applicability_in_words(
    client: Any, marketing_director: Any, counter_clerk: Any
) -> None:
    client.force_login(marketing_director)
    text = page_text(client.get(reverse("rules:standard_list")).text)
    assert_no_codes(text)
    assert "voltage=" not in text and "supply_sources" not in text
    assert "高壓、雙電源" in text
    client.force_login(counter_clerk)
    assert client.get(reverse("rules:standard_list")).status_code == 403


def test_the_compliance_matrix_names_standards_by_title(client: Any, leader: Any) -> None:
    client.force_login(leader)
    text = page_text(client.get(reverse("rules:compliance_matrix")).text)
    assert_no_codes(text)
    assert "hall.wait_minutes" not in text


def test_the_fee_catalogue_shows_names_not_codes_of_the_company_only(
    client: Any, company: Any, other_company: Any, counter_clerk: Any, field_unit: Any
) -> None:
    fee(company, "ic-card", "IC卡補卡費")
    fee(other_company, "their-fee", "外公司收費")
    client.force_login(counter_clerk)
    text = page_text(client.get(reverse("frontoffice:fee_catalogue")).text)
    assert "IC卡補卡費" in text
    assert "ic-card" not in text
    assert "外公司收費" not in text
    assert_no_codes(text)
    client.force_login(field_unit)
    assert client.get(reverse("frontoffice:fee_catalogue")).status_code == 403


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("counter_clerk", "applications:application_list"),
        ("csc_agent", "frontoffice:matter_new"),
        ("dispatcher", "field:fault_list"),
        ("prodtech", "field:inspection_list"),
        ("marketing_director", "assessments:ledger"),
    ],
)
def test_help_texts_cite_clauses_not_requirement_ids(
    client: Any, request: Any, persona: str, url: str
) -> None:
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse(url))
    assert response.status_code == 200
    assert_no_codes(page_text(response.text))


def test_the_calendar_names_its_source_in_words(client: Any, administrator: Any) -> None:
    assert CalendarYear.objects.filter(source__startswith="chinesecalendar").exists()
    client.force_login(administrator)
    text = page_text(client.get(reverse("workdays:year_list")).text)
    assert "chinesecalendar" not in text
    assert "節假日資料" in text


def test_the_customer_import_layout_labels_columns_in_chinese(
    client: Any, marketing_director: Any, csc_agent: Any
) -> None:
    client.force_login(marketing_director)
    html = client.get(reverse("customers:import_upload")).text
    text = page_text(html)
    # The keys a file may use instead of the headings appear only as code.
    assert "account_number" not in text and "non_residential" not in text
    assert "戶號" in text and "居民 / 非居民" in text
    assert "<code>account_number</code>" in html
    client.force_login(csc_agent)
    assert client.get(reverse("customers:import_upload")).status_code == 403
