"""Importing the phone system's call records (API.md "Call records from the phone system",
R-2.8): by the API and by an upload in the UI (a background task with a progress bar).
Runs on SQLite (batched inserts) and PostgreSQL (COPY, and INSERT … ON CONFLICT for runs
that repeat recorded calls)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.urls import reverse
from rest_framework.test import APIClient

from gridcare.frontoffice.cdr import Parser
from gridcare.frontoffice.models import AgentExtension, CallImport, CallRecord
from gridcare.frontoffice.services import cdr_import
from gridcare.frontoffice.tests.conftest import at, cdr
from gridcare.org.models import Company
from gridcare.org.selectors import staff_of
from gridcare.rules.models import RuleProfile, ServiceStandard
from gridcare.rules.services import profile_assign, standard_revise

pytestmark = pytest.mark.django_db
IMPORT = "/api/v1/calls/import/"

GOOD = [
    cdr("2025-03-03 09:00:00", "2025-03-03 09:00:03", end="2025-03-03 09:02:00", uniqueid="1.1"),
    cdr("2025-03-03 09:05:00", disposition="NO ANSWER", duration="20", billsec="0", uniqueid="1.2"),
    cdr("2025-03-03 09:06:00", disposition="BUSY", billsec="0", uniqueid="1.3"),
    cdr("2025-03-03 09:07:00", "2025-03-03 09:07:30", end="2025-03-03 09:09:00", uniqueid="1.4"),
]


@pytest.fixture
def api(csc_director: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(csc_director)
    return client


def post(api: APIClient, upload: Any, *lines: str, **options: Any) -> Any:
    return api.post(IMPORT, {"file": upload(*lines, **options)}, format="multipart")


def test_the_api_imports_answered_unanswered_and_busy_calls(api: APIClient, upload: Any) -> None:
    response = post(api, upload, *GOOD)
    assert response.status_code == 200
    assert response.json() == {"imported": 4, "duplicates": 0, "rejected": []}
    by_start = {c.started_at: c for c in CallRecord.objects.all()}
    answered = by_start[at("2025-03-03 09:00:00")]
    assert (answered.rings, answered.outcome, answered.ring_ms) == (1, "met", 3000)
    assert answered.answered_at == at("2025-03-03 09:00:03")  # CDR times are local
    late = by_start[at("2025-03-03 09:07:00")]
    assert (late.rings, late.outcome) == (7, "breached")
    assert by_start[at("2025-03-03 09:05:00")].outcome == "unanswered"
    assert by_start[at("2025-03-03 09:06:00")].disposition == "busy"


def test_importing_the_same_file_twice_imports_nothing_the_second_time(
    api: APIClient, upload: Any
) -> None:
    post(api, upload, *GOOD)
    again = post(api, upload, *GOOD)
    assert again.json() == {"imported": 0, "duplicates": 4, "rejected": []}
    assert CallRecord.objects.count() == 4


def test_a_file_repeating_earlier_calls_imports_only_the_new_ones(
    api: APIClient, upload: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asterisk appends to Master.csv, so an export repeats the calls of the one before.
    In runs of one line, the new calls go straight in and the runs of old ones are merged
    (PostgreSQL: the COPY of such a run fails whole and the run is sent again)."""
    monkeypatch.setattr(cdr_import, "COPY_LINES", 1)
    monkeypatch.setitem(Parser.batches.__kwdefaults__, "size", 1)
    first = post(api, upload, GOOD[1], GOOD[3]).json()
    assert first == {"imported": 2, "duplicates": 0, "rejected": []}
    again = post(api, upload, *GOOD).json()
    assert again == {"imported": 2, "duplicates": 2, "rejected": []}
    earlier, latest = CallImport.objects.order_by("pk").values_list("pk", flat=True)
    rows = CallRecord.objects.order_by("started_at").values_list("line_number", "batch_id")
    assert list(rows) == [(1, latest), (1, earlier), (3, latest), (2, earlier)]


def test_a_line_repeated_in_one_file_is_a_duplicate(api: APIClient, upload: Any) -> None:
    body = post(api, upload, GOOD[0], GOOD[0], GOOD[1]).json()
    assert (body["imported"], body["duplicates"]) == (2, 1)


def test_every_rejected_line_is_listed_and_the_good_ones_imported(
    api: APIClient, upload: Any
) -> None:
    body = post(
        api,
        upload,
        GOOD[0],
        '"","138","95598"\n',  # wrong column count
        cdr("2025-02-30 09:00:00", uniqueid="x1"),  # bad date
        cdr("2025-03-03 09:00:10", "2025-03-03 09:00:00", end="2025-03-03 09:01:00", uniqueid="x2"),
        GOOD[1],
    ).json()
    assert body["imported"] == 2 and body["duplicates"] == 0
    assert [r["line"] for r in body["rejected"]] == [2, 3, 4]
    assert all(r["error"] for r in body["rejected"])
    batch = CallImport.objects.get()
    assert (batch.lines, batch.imported, batch.rejected) == (5, 2, 3)
    assert list(batch.rejections.values_list("code", flat=True)) == [
        "columns",
        "start",
        "answer_before_start",
    ]


def test_a_file_with_a_byte_order_mark_and_crlf_line_ends(api: APIClient, upload: Any) -> None:
    body = post(api, upload, *GOOD, prefix=b"\xef\xbb\xbf", crlf=True).json()
    assert body == {"imported": 4, "duplicates": 0, "rejected": []}
    # The same calls in a plain file are the same calls.
    assert post(api, upload, *GOOD).json()["duplicates"] == 4


def test_without_uniqueid_the_key_is_the_lines_fields(api: APIClient, upload: Any) -> None:
    lines = [cdr("2025-03-03 09:00:00", uniqueid=None), cdr("2025-03-03 09:01:00", uniqueid=None)]
    assert post(api, upload, *lines).json()["imported"] == 2
    assert post(api, upload, *lines, crlf=True).json()["duplicates"] == 2


@pytest.mark.parametrize(
    ("answer", "rings", "outcome"),
    [("2025-03-03 09:00:24.9", 5, "met"), ("2025-03-03 09:00:25.0", 6, "breached")],
)
def test_the_ring_boundary_is_25_seconds(
    api: APIClient, upload: Any, answer: str, rings: int, outcome: str
) -> None:
    """R-2.8: floor(24.9 / 5) + 1 = 5 rings (met); floor(25.0 / 5) + 1 = 6 (breached)."""
    post(api, upload, cdr("2025-03-03 09:00:00", answer, end="2025-03-03 09:05:00"))
    call = CallRecord.objects.get()
    assert (call.rings, call.outcome) == (rings, outcome)


def four_rings_from_april(actor: Any) -> ServiceStandard:
    """The ring rule revised from 2025-04-01: answered within 3 rings of 4 s. Returns the
    version it ends (5 rings of 5 s)."""
    standard = ServiceStandard.objects.get(
        code="call.answer_rings", profile__company=actor.staff.company
    )
    standard_revise(
        standard=standard,
        amount=3,
        effective_from=date(2025, 4, 1),
        reason="四聲內接聽",
        parameters={"ring_period_seconds": 4},
        actor=actor,
    )
    return standard


def test_period_and_limit_come_from_the_standard_in_force_on_the_calls_date(
    api: APIClient, upload: Any, marketing_director: Any, own_measures: Any
) -> None:
    """The ring rule is data (R-2.8, R-4.1): a new version measures calls from its date on
    and leaves earlier calls as they were measured."""
    standard = four_rings_from_april(marketing_director)
    post(
        api,
        upload,
        cdr("2025-03-31 09:00:00", "2025-03-31 09:00:12", end="2025-03-31 09:01:00", uniqueid="a"),
        cdr("2025-04-01 09:00:00", "2025-04-01 09:00:12", end="2025-04-01 09:01:00", uniqueid="b"),
    )
    march, april = CallRecord.objects.order_by("started_at")
    assert (march.rings, march.outcome) == (3, "met")  # 5 s period, limit 5
    assert (april.rings, april.outcome) == (4, "breached")  # 4 s period, limit 3
    assert march.standard_id == standard.pk and april.standard_id != standard.pk


def test_the_rule_of_every_day_is_the_one_in_force_that_day(
    company: Any, marketing_director: Any, administrator: Any, own_measures: Any
) -> None:
    """The import looks the ring rule up once per stretch between the days it can change
    (a version revised, the company moved to another profile and back), not once a day:
    on every day of the span, before the first change and after the last, it gives what a
    lookup of that single day gives."""
    four_rings_from_april(marketing_director)
    other = RuleProfile.objects.create(code="other", name="其他", effective_from=date(2025, 1, 1))
    ServiceStandard.objects.create(
        profile=other,
        clause=other.clauses.create(number="2.8", title="接聽", text="…"),
        code="call.answer_rings",
        title="接聽",
        measure="count",
        amount=6,
        unit="rings",
        parameters={"ring_period_seconds": 6},
        effective_from=date(2025, 5, 10),
        effective_to=date(2025, 5, 20),
        module="frontoffice",
    )
    default = own_measures
    for day, profile in ((date(2025, 5, 1), other), (date(2025, 6, 1), default)):
        profile_assign(company=company, profile=profile, effective_from=day, actor=administrator)
    measures = cdr_import.Measures(company.pk)
    first = min(default.effective_from, date(2025, 1, 1)) - timedelta(days=3)
    days = [first + timedelta(days=n) for n in range((date(2025, 7, 1) - first).days)]
    seen = {measures[day.isoformat()] for day in days}
    assert None in seen and len(seen) == 4  # none yet; two versions; the other profile's
    for day in days:
        assert measures[day.isoformat()] == cdr_import.ring_measure(company=company, on=day), day


def test_the_agent_is_found_by_extension(api: APIClient, upload: Any, csc_agent: Any) -> None:
    agent = staff_of(csc_agent)
    AgentExtension.objects.create(company=agent.company, extension="8009", staff=agent)
    post(api, upload, cdr("2025-03-03 09:00:00", "2025-03-03 09:00:02", extension="8009"))
    call = CallRecord.objects.get()
    assert call.agent == agent and call.agent_extension == "8009"


def test_answered_calls_are_measured_and_unanswered_counted_apart(
    api: APIClient, upload: Any
) -> None:
    post(api, upload, *GOOD)
    with time_machine.travel(at("2025-03-31 12:00"), tick=False):
        body = api.get("/api/v1/compliance/", {"from": "2025-03-01", "to": "2025-03-31"}).json()
    rings = next(r for r in body["standards"] if r["code"] == "call.answer_rings")
    assert (rings["met"], rings["breached"], rings["total"], rings["rate"]) == (1, 1, 2, 0.5)


def test_without_a_file_the_api_answers_400_and_imports_nothing(api: APIClient) -> None:
    response = api.post(IMPORT, {}, format="multipart")
    assert response.status_code == 400 and "file" in response.json()
    assert not CallImport.objects.exists()


def test_the_import_needs_credentials_and_the_permission(upload: Any, counter_clerk: Any) -> None:
    assert APIClient().post(IMPORT, {"file": upload(*GOOD)}).status_code == 401
    clerk = APIClient()
    clerk.force_authenticate(counter_clerk)
    assert clerk.post(IMPORT, {"file": upload(*GOOD)}, format="multipart").status_code == 403
    assert not CallRecord.objects.exists()


def test_the_call_list_endpoint(
    api: APIClient, upload: Any, counter_clerk: Any, django_assert_max_num_queries: Any
) -> None:
    post(api, upload, *GOOD)
    with django_assert_max_num_queries(6):
        body = api.get("/api/v1/calls/", {"outcome": "met"}).json()
    assert [c["rings"] for c in body["results"]] == [1]
    clerk = APIClient()
    clerk.force_authenticate(counter_clerk)
    assert clerk.get("/api/v1/calls/").status_code == 403


def test_an_upload_in_the_ui_imports_in_the_background_with_progress(
    client: Any, csc_director: Any, upload: Any, settings: Any, tmp_path: Any
) -> None:
    settings.MEDIA_ROOT = tmp_path
    client.force_login(csc_director)
    response = client.post(reverse("frontoffice:import_list"), {"file": upload(*GOOD, '"bad"\n')})
    batch = CallImport.objects.get()
    assert response.status_code == 302 and response.url.endswith(f"/calls/imports/{batch.pk}/")
    # Tests run tasks at once (HUEY immediate): the import is already done.
    assert (batch.status, batch.imported, batch.rejected, batch.percent) == ("done", 4, 1, 100)
    page = client.get(reverse("frontoffice:import_detail", args=[batch.pk]))
    assert page.status_code == 200
    assert page.context["rejections"][0][0] == 5
    progress = client.get(
        reverse("frontoffice:import_detail", args=[batch.pk]),
        {"part": "progress"},
        HTTP_HX_REQUEST="true",
    )
    assert b"hx-trigger" not in progress.content  # done: the bar stops polling


def test_a_running_import_shows_a_polling_progress_bar(client: Any, csc_director: Any) -> None:
    batch = CallImport.objects.create(
        company=staff_of(csc_director).company,
        source="upload",
        filename="Master.csv",
        size=1000,
        bytes_read=250,
        uploaded_at=at("2025-03-03 09:00"),
        status=CallImport.Status.RUNNING,
    )
    client.force_login(csc_director)
    page = client.get(reverse("frontoffice:import_detail", args=[batch.pk]))
    assert b'hx-trigger="every 1s"' in page.content and b"gc-w-5" in page.content


def test_the_import_page_is_refused_to_a_clerk(
    client: Any, counter_clerk: Any, upload: Any
) -> None:
    client.force_login(counter_clerk)
    assert client.get(reverse("frontoffice:import_list")).status_code == 403
    assert (
        client.post(reverse("frontoffice:import_list"), {"file": upload(*GOOD)}).status_code == 403
    )
    assert not CallImport.objects.exists()


def test_the_import_leaves_the_connections_time_zone_as_it_found_it(
    api: APIClient, upload: Any
) -> None:
    """On PostgreSQL the server reads the file's local times in the deployment's zone,
    during each COPY only: after an import, new calls and recorded ones (the merge), the
    connection reads and writes in UTC again, even inside an enclosing transaction (as
    here: every test runs in one)."""
    if connection.vendor != "postgresql":
        pytest.skip("the time zone of a PostgreSQL session")
    post(api, upload, *GOOD[:2])
    post(api, upload, *GOOD)
    with connection.cursor() as cursor:
        cursor.execute("SHOW TimeZone")
        assert cursor.fetchone()[0] == "UTC"
    assert CallRecord.objects.count() == 4
    assert CallRecord.objects.get(started_at=at("2025-03-03 09:07:00")).answered_at == at(
        "2025-03-03 09:07:30"
    )


def test_a_call_on_a_day_no_ring_rule_covers_is_recorded_unmeasured(
    api: APIClient, upload: Any, company: Any
) -> None:
    """Before the measures take effect there is no rule to count rings by: the answered
    call of a company already live then is stored with its ring time, neither met nor
    breached."""
    Company.objects.filter(pk=company.pk).update(go_live=date(2000, 1, 1))
    day = RuleProfile.objects.get(is_default=True).effective_from - timedelta(days=1)
    response = post(
        api, upload, cdr(f"{day} 09:00:00", f"{day} 09:00:40", end=f"{day} 09:02:00", uniqueid="u")
    )
    assert response.json()["imported"] == 1
    call = CallRecord.objects.get()
    assert (call.outcome, call.ring_ms, call.rings, call.standard_id) == (
        "unmeasured",
        40_000,
        None,
        None,
    )
    assert call.answered_at == at(f"{day} 09:00:40")


def test_calls_before_the_company_went_live_or_in_the_future_are_rejected(
    api: APIClient, upload: Any, company: Any
) -> None:
    """A call of 1900 or 2099 is a typing or clock mistake: rejected with its reason, never
    counted (and the 2099 call never counted as met)."""
    Company.objects.filter(pk=company.pk).update(go_live=date(2024, 1, 1))
    with time_machine.travel(at("2025-03-04 12:00")):
        body = post(
            api,
            upload,
            GOOD[0],
            cdr(
                "1900-01-01 09:00:00",
                "1900-01-01 09:00:03",
                end="1900-01-01 09:01:00",
                uniqueid="o",
            ),
            cdr(
                "2099-03-03 09:00:00",
                "2099-03-03 09:00:03",
                end="2099-03-03 09:01:00",
                uniqueid="f",
            ),
            cdr("2023-12-31 23:59:00", uniqueid="d"),
        ).json()
    assert body["imported"] == 1
    batch = CallImport.objects.get()
    assert list(batch.rejections.values_list("code", flat=True)) == [
        "before_go_live",
        "future",
        "before_go_live",
    ]
    assert CallRecord.objects.filter(started_at__year__in=[1900, 2099, 2023]).count() == 0
