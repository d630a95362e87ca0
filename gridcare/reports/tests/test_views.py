"""The report's pages (R-3.8.3): supervision generates, reviews and publishes; every member
of staff reads the published report of their company (home panel, list, page, PDF,
Excel); drafts stay with supervision; another company's report is not found; hostile text
is escaped in the page and the PDF and neutralised in Excel."""

from __future__ import annotations

import io
import shutil
import subprocess
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from gridcare.dashboard.selectors import latest_report
from gridcare.reports.models import AnalysisReport
from gridcare.reports.services import report_generate
from gridcare.reports.tests.conftest import FORMULA, H1, HOSTILE

pytestmark = pytest.mark.django_db


def test_supervision_generates_a_report_from_the_list(
    client: Any, supervision_officer: Any, data: Any
) -> None:
    client.force_login(supervision_officer)
    response = client.post(reverse("reports:generate"), {"half_start": "2026-01-01"})
    report = AnalysisReport.objects.get()
    assert response.status_code == 302 and response["Location"] == report.get_absolute_url()
    assert report.state == AnalysisReport.State.DRAFT


def test_a_half_year_not_offered_is_refused_with_nothing_made(
    client: Any, supervision_officer: Any
) -> None:
    client.force_login(supervision_officer)
    response = client.post(reverse("reports:generate"), {"half_start": "2026-07-01"}, follow=True)
    assert response.status_code == 200
    assert not AnalysisReport.objects.exists()
    assert list(response.context["messages"])


@pytest.mark.parametrize("persona", ["counter_clerk", "leader"])
def test_others_cannot_generate(client: Any, request: Any, persona: str) -> None:
    client.force_login(request.getfixturevalue(persona))
    response = client.post(reverse("reports:generate"), {"half_start": "2026-01-01"})
    assert response.status_code == 403
    assert not AnalysisReport.objects.exists()


def test_review_and_publish_through_the_pages(
    client: Any, supervision_officer: Any, company: Any
) -> None:
    report = report_generate(company=company, half_start=H1, actor=supervision_officer)
    client.force_login(supervision_officer)
    bad = client.post(reverse("reports:review", args=[report.pk]), {"comment": ""})
    assert bad.status_code == 200 and bad.context["review_form"].errors["comment"]
    report.refresh_from_db()
    assert report.state == AnalysisReport.State.DRAFT
    client.post(
        reverse("reports:review", args=[report.pk]),
        {"comment": "總體平穩", "section_complaints": "服務類偏多"},
    )
    client.post(reverse("reports:publish", args=[report.pk]))
    report.refresh_from_db()
    assert report.state == AnalysisReport.State.PUBLISHED
    assert report.section_comments == {"complaints": "服務類偏多"}
    again = client.post(reverse("reports:regenerate", args=[report.pk]), follow=True)
    assert list(again.context["messages"])  # refused, with a message
    report.refresh_from_db()
    assert report.state == AnalysisReport.State.PUBLISHED


def test_the_counter_clerk_reads_the_published_report_but_not_a_draft(
    client: Any,
    counter_clerk: Any,
    published: AnalysisReport,
    supervision_officer: Any,
    company: Any,
) -> None:
    client.force_login(counter_clerk)
    assert client.get(published.get_absolute_url()).status_code == 200
    assert client.get(reverse("reports:pdf", args=[published.pk])).status_code == 200
    home = client.get(reverse("home"))
    assert published.get_absolute_url().encode() in home.content
    assert client.post(reverse("reports:publish", args=[published.pk])).status_code == 403
    draft = report_generate(
        company=company, half_start=H1.replace(year=2025), actor=supervision_officer
    )
    assert client.get(draft.get_absolute_url()).status_code == 404
    listed = client.get(reverse("reports:list"))
    assert [r.pk for r in listed.context["page"].items] == [published.pk]


def test_the_supervision_officer_sees_drafts_and_the_actions(
    client: Any, supervision_officer: Any, company: Any
) -> None:
    draft = report_generate(company=company, half_start=H1, actor=supervision_officer)
    client.force_login(supervision_officer)
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200
    assert reverse("reports:review", args=[draft.pk]).encode() in page.content
    assert reverse("reports:regenerate", args=[draft.pk]).encode() in page.content


def test_another_companys_report_is_not_found(
    client: Any, make_staff: Any, other_company: Any, published: AnalysisReport
) -> None:
    outsider = make_staff("supervision_officer", company=other_company)
    client.force_login(outsider)
    for name in ("reports:detail", "reports:pdf", "reports:xlsx"):
        assert client.get(reverse(name, args=[published.pk])).status_code == 404
    assert client.post(reverse("reports:publish", args=[published.pk])).status_code == 404
    assert list(client.get(reverse("reports:list")).context["page"].items) == []


def test_hostile_names_are_escaped_in_the_page(
    client: Any, leader: Any, published: AnalysisReport
) -> None:
    client.force_login(leader)
    html = client.get(published.get_absolute_url()).content.decode()
    assert HOSTILE not in html
    assert "&lt;script&gt;alert(" in html
    # The chart data islands (json_script) escape < > & too.
    assert "\\u003Cscript\\u003E" in html
    assert "<script>" not in html.replace("<script src=", "").replace('<script id="gc-report-', "")


def test_the_pdf_renders_with_the_hostile_name_as_text(
    client: Any, leader: Any, published: AnalysisReport
) -> None:
    client.force_login(leader)
    response = client.get(reverse("reports:pdf", args=[published.pk]))
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    if shutil.which("pdftotext") is None:
        pytest.skip("poppler-utils (pdftotext) is not installed")
    text = subprocess.run(
        ["pdftotext", "-", "-"], input=response.content, capture_output=True, check=True
    ).stdout.decode()
    assert HOSTILE in text  # drawn as text, not read as reportlab markup
    assert "投訴" in text


def test_the_excel_copy_neutralises_formula_looking_text(
    client: Any, leader: Any, published: AnalysisReport
) -> None:
    client.force_login(leader)
    response = client.get(reverse("reports:xlsx", args=[published.pk]))
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.content))
    values = [
        cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row
    ]
    assert "'" + FORMULA in values
    assert FORMULA not in values
    assert HOSTILE in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)
    assert len(workbook.worksheets) == 1 + len(published.content["sections"])


def test_the_list_reads_a_fixed_number_of_queries(
    client: Any,
    supervision_officer: Any,
    company: Any,
    django_assert_max_num_queries: Any,
) -> None:
    for year in range(2020, 2026):
        for month in (1, 7):
            report_generate(
                company=company,
                half_start=H1.replace(year=year, month=month),
                actor=supervision_officer,
            )
    client.force_login(supervision_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("reports:list"))
    assert len(response.context["page"].items) == 12


def test_the_dashboard_and_home_show_the_latest_published_report(
    client: Any, csc_agent: Any, published: AnalysisReport, company: Any
) -> None:
    latest = latest_report(company=company)
    assert latest is not None and latest["url"] == published.get_absolute_url()
    client.force_login(csc_agent)
    home = client.get(reverse("home"))
    assert published.title.encode() in home.content


def test_home_says_when_nothing_is_published(client: Any, csc_agent: Any) -> None:
    client.force_login(csc_agent)
    home = client.get(reverse("home"))
    panel = next(p for p in home.context["panels"] if p["code"] == "reports_latest")
    assert panel["report"] is None
