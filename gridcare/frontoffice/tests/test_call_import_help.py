"""What the call import tells the person who prepares the file (R-2.8): the layout of the
file and a sample to start from, who answers on which extension (kept by the CSC
director on a page), and a way on from an import to the figures of its days."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.urls import reverse

from gridcare.core.models import AuditEvent
from gridcare.frontoffice.cdr import Parser
from gridcare.frontoffice.cdr_layout import COLUMNS, sample_file
from gridcare.frontoffice.models import AgentExtension, CallRecord
from gridcare.frontoffice.services.cdr_import import call_import_create, call_import_run
from gridcare.org.selectors import staff_of

pytestmark = pytest.mark.django_db


def test_the_sample_file_is_read_by_the_parser_without_a_rejected_line() -> None:
    batches = list(Parser().batches(io.BytesIO(sample_file().encode())))
    calls = [call for batch in batches for call in batch.calls]
    assert [batch.rejections for batch in batches] == [[]]
    assert len(calls) == 3
    assert len(sample_file().splitlines()[0].split('","')) == len(COLUMNS)


def test_the_import_page_describes_the_layout_and_offers_the_sample(
    client: Any, csc_director: Any
) -> None:
    client.force_login(csc_director)
    page = client.get(reverse("frontoffice:import_list")).content.decode()
    for column in ("dstchannel", "disposition", "uniqueid"):
        assert f"<code>{column}</code>" in page
    assert reverse("frontoffice:import_sample") in page
    sample = client.get(reverse("frontoffice:import_sample"))
    assert sample.status_code == 200
    assert sample["Content-Type"].startswith("text/csv")
    assert sample.content.decode() == sample_file()


def test_an_agent_may_not_download_the_sample_nor_keep_extensions(
    client: Any, csc_agent: Any
) -> None:
    client.force_login(csc_agent)
    assert client.get(reverse("frontoffice:import_sample")).status_code == 403
    assert client.get(reverse("frontoffice:extension_list")).status_code == 403


def test_a_finished_import_leads_to_the_figures_of_its_days(
    client: Any, csc_director: Any, company: Any
) -> None:
    batch = call_import_create(
        company=company, source="upload", filename="Master.csv", size=0, actor=csc_director
    )
    call_import_run(batch=batch, stream=io.BytesIO(sample_file().encode()), actor=csc_director)
    batch.refresh_from_db()
    assert (str(batch.first_call_date), str(batch.last_call_date)) == ("2026-12-01", "2026-12-01")
    client.force_login(csc_director)
    page = client.get(reverse("frontoffice:import_detail", args=[batch.pk])).content.decode()
    link = reverse("frontoffice:call_rates") + "?date_from=2026-12-01&amp;date_to=2026-12-01"
    assert link in page
    figures = client.get(
        reverse("frontoffice:call_rates"), {"date_from": "2026-12-01", "date_to": "2026-12-01"}
    )
    assert figures.status_code == 200


def test_the_director_assigns_an_extension_and_the_import_names_the_agent(
    client: Any, csc_director: Any, csc_agent: Any, company: Any
) -> None:
    client.force_login(csc_director)
    agent = staff_of(csc_agent)
    response = client.post(
        reverse("frontoffice:extension_list"), {"extension": "8001", "staff": agent.pk}
    )
    assert response.status_code == 302
    row = AgentExtension.objects.get(company=company, extension="8001")
    assert row.staff == agent
    assert AuditEvent.objects.filter(action="frontoffice.extension.assigned").count() == 1
    batch = call_import_create(
        company=company, source="upload", filename="Master.csv", size=0, actor=csc_director
    )
    call_import_run(batch=batch, stream=io.BytesIO(sample_file().encode()), actor=csc_director)
    answered = CallRecord.objects.get(company=company, answered_at__isnull=False)
    assert answered.agent == agent


@pytest.mark.parametrize(
    ("extension", "field_error"),
    [("80 01", "extension"), ("", "extension"), ("x" * 41, "extension")],
)
def test_a_bad_extension_is_refused_with_a_message_and_nothing_saved(
    client: Any, csc_director: Any, csc_agent: Any, extension: str, field_error: str
) -> None:
    client.force_login(csc_director)
    response = client.post(
        reverse("frontoffice:extension_list"),
        {"extension": extension, "staff": staff_of(csc_agent).pk},
    )
    assert response.status_code == 200
    assert response.context["form"].errors[field_error]
    assert not AgentExtension.objects.exists()


def test_an_extension_is_assigned_once_and_only_to_the_company_s_own_staff(
    client: Any, csc_director: Any, csc_agent: Any, company: Any, other_company: Any,
    make_staff: Any,
) -> None:  # fmt: skip
    client.force_login(csc_director)
    agent = staff_of(csc_agent)
    AgentExtension.objects.create(company=company, extension="8001", staff=agent)
    twice = client.post(
        reverse("frontoffice:extension_list"), {"extension": "8001", "staff": agent.pk}
    )
    assert twice.context["form"].errors["extension"]
    stranger = staff_of(make_staff("csc_agent", company=other_company))
    foreign = client.post(
        reverse("frontoffice:extension_list"), {"extension": "8002", "staff": stranger.pk}
    )
    assert foreign.context["form"].errors["staff"]
    assert AgentExtension.objects.count() == 1


def test_the_director_changes_and_removes_an_extension_with_an_audit_trail(
    client: Any, csc_director: Any, csc_agent: Any, company: Any
) -> None:
    agent = staff_of(csc_agent)
    director = staff_of(csc_director)
    row = AgentExtension.objects.create(company=company, extension="8001", staff=agent)
    client.force_login(csc_director)
    url = reverse("frontoffice:extension_edit", args=[row.pk])
    assert client.get(url).status_code == 200
    client.post(url, {"extension": "8009", "staff": director.pk})
    row.refresh_from_db()
    assert (row.extension, row.staff) == ("8009", director)
    client.post(url, {"action": "remove"})
    assert not AgentExtension.objects.filter(pk=row.pk).exists()
    actions = set(AuditEvent.objects.values_list("action", flat=True))
    assert {"frontoffice.extension.changed", "frontoffice.extension.removed"} <= actions


def test_another_company_s_extension_is_not_found(
    client: Any, csc_director: Any, other_company: Any, make_staff: Any
) -> None:
    stranger = staff_of(make_staff("csc_agent", company=other_company))
    row = AgentExtension.objects.create(company=other_company, extension="7777", staff=stranger)
    client.force_login(csc_director)
    url = reverse("frontoffice:extension_edit", args=[row.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"action": "remove"}).status_code == 404
    assert AgentExtension.objects.filter(pk=row.pk).exists()
    assert "7777" not in client.get(reverse("frontoffice:extension_list")).content.decode()
