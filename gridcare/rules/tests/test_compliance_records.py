"""Each figure of the compliance matrix opens the records behind it (R-1.1): on the demo
company, for every standard with a figure, the page its link opens lists as many records
as the figure says, whichever module counts them (clocks, calls, hall tickets, referrals,
fault reports, key-account items)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from gridcare.core.demo import loaders
from gridcare.core.pagination import PAGE_SIZE
from gridcare.frontoffice.demo import common as frontoffice_demo
from gridcare.org.demo import load_demo_organisation
from gridcare.org.models import Company
from gridcare.rules.compliance import compliance_by_standard
from gridcare.rules.forms import default_period

pytestmark = pytest.mark.django_db

#: The loaders of the records the matrix counts without clocks, and what they build on.
SOURCES = {"rules", "customers", "frontoffice", "keyaccounts", "field"}


@pytest.fixture
def demo(monkeypatch: pytest.MonkeyPatch) -> Company:
    """The demo company with a month of front-office history instead of a year."""
    monkeypatch.setattr(frontoffice_demo, "DAYS", 30)
    company = load_demo_organisation().company
    for loader in loaders():
        if loader.name in SOURCES:
            loader.load(company)
    return company


def _listed(client: Any, url: str) -> int:
    """How many records the page behind a figure lists: the total it states, else its
    pages counted."""
    response = client.get(url)
    assert response.status_code == 200, url
    if "total" in response.context:
        shown = len(response.context["records"])
        assert shown == min(response.context["total"], PAGE_SIZE), url
        return int(response.context["total"])
    count = 0
    while True:
        page = response.context["page"]
        count += len(page.items)
        if not page.next_query:
            return count
        response = client.get(f"{urlsplit(url).path}?{page.next_query}")


def test_every_figure_opens_as_many_records_as_it_counts(
    demo: Company, make_staff: Callable[..., Any], client: Any
) -> None:
    client.force_login(make_staff("marketing_director", company=demo, username="figures"))
    period = default_period()
    rows = compliance_by_standard(
        company=demo, date_from=period["date_from"], date_to=period["date_to"]
    )
    checked = {}
    for row in rows:
        for state in ("met", "breached", "running"):
            figure = getattr(row.counts, state)
            if figure:
                checked[(row.code, state)] = (figure, _listed(client, row.links[state]))
    # Every source that is not a clock took part.
    codes = {code for code, _ in checked}
    assert {"call.answer_rings", "hall.wait_minutes", "referral.answer"} <= codes
    assert {"keyaccount.need", "fault.arrival_urban"} & codes
    wrong = {key: counts for key, counts in checked.items() if counts[0] != counts[1]}
    assert not wrong, wrong


def test_the_records_of_a_figure_are_read_with_their_list_permission(
    demo: Company,
    other_company: Company,
    make_staff: Callable[..., Any],
    client: Any,
    django_assert_max_num_queries: Any,
) -> None:
    """Calls are read by those who may read the call list, of their own company only; a
    clerk is refused, and the matrix shows the clerk the figure without a link."""
    url = f"{reverse('rules:compliance_records')}?code=call.answer_rings"
    client.force_login(make_staff("counter_clerk", company=demo))
    assert client.get(url).status_code == 403
    matrix = client.get(reverse("rules:compliance_matrix")).content.decode()
    assert "code=call.answer_rings" not in matrix
    client.force_login(make_staff("marketing_director", company=demo))
    for code in (
        "call.answer_rings",
        "hall.wait_minutes",
        "referral.answer",
        "fault.arrival_urban",
    ):
        # One page of records costs the same few queries whatever the volume.
        with django_assert_max_num_queries(15):
            answer = client.get(f"{reverse('rules:compliance_records')}?code={code}")
        assert answer.status_code == 200 and answer.context["records"], code
    client.force_login(make_staff("csc_agent", company=demo))
    response = client.get(url)
    assert response.status_code == 200 and response.context["total"] > 0
    matrix = client.get(reverse("rules:compliance_matrix")).content.decode()
    assert "code=call.answer_rings" in matrix
    client.force_login(make_staff("csc_agent", company=other_company))
    assert client.get(url).context["total"] == 0


@pytest.mark.parametrize(
    "query",
    [
        "code=nonsense",
        "code=call.answer_rings&state=bogus",
        "code=call.answer_rings&state=exempted",
    ],
)
def test_an_unknown_code_or_state_is_not_found(
    query: str, marketing_director: Any, client: Any
) -> None:
    client.force_login(marketing_director)
    assert client.get(f"{reverse('rules:compliance_records')}?{query}").status_code == 404


def test_a_bad_period_says_so(marketing_director: Any, client: Any) -> None:
    client.force_login(marketing_director)
    response = client.get(
        f"{reverse('rules:compliance_records')}?code=call.answer_rings&date_from=2026-13-40"
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert "records" not in response.context
