"""The key-account pages: an allowed and a refused user for each (DESIGN.md 9), a bounded
number of queries on every list, bad input answered without change."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from gridcare.customers.models import Customer
from gridcare.keyaccounts import pagination
from gridcare.keyaccounts.models import (
    AssessmentProposal,
    ContactAssignment,
    ContactChange,
    Designation,
    DesignationRound,
    Interaction,
    RoundEntry,
    ServiceItem,
)
from gridcare.keyaccounts.services.items import service_item_create
from gridcare.keyaccounts.services.rounds import (
    designation_entry_update,
    designation_round_approve,
    designation_round_open,
    designation_round_submit,
)
from gridcare.keyaccounts.services.visits import visit_half_years_open
from gridcare.keyaccounts.tests.conftest import local
from gridcare.rules.models import Clause

pytestmark = pytest.mark.django_db

NOW = "2025-03-01 10:00"


@pytest.fixture
def two_contacts(make_customer, csc_director, leader, marketing_director, approve_list):
    """12 accounts served by the CSC director, 3 by the deputy GM for marketing."""
    mine = [make_customer(is_government_body=True) for _ in range(12)]
    theirs = [make_customer(is_key_project=True) for _ in range(3)]
    with time_machine.travel(local("2024-12-16 10:00"), tick=False):
        round = designation_round_open(company=mine[0].company, actor=marketing_director)
        for entry in RoundEntry.objects.filter(round=round):
            contact = csc_director if entry.customer in mine else leader
            designation_entry_update(
                entry=entry,
                included=True,
                reason="",
                contact=contact.staff,
                actor=marketing_director,
            )
        designation_round_submit(round=round, actor=marketing_director)
        designation_round_approve(round=round, actor=leader)
    with time_machine.travel(local("2025-01-01 01:00"), tick=False):
        visit_half_years_open()
    return mine, theirs


def _get(client: Client, user, url: str, **params):
    client.force_login(user)
    with time_machine.travel(local(NOW), tick=False):
        return client.get(url, params)


# --- the list and the row scope ----------------------------------------------------------


def test_a_contact_sees_only_their_own_accounts(client, two_contacts, csc_director) -> None:
    mine, theirs = two_contacts
    response = _get(client, csc_director, reverse("keyaccounts:account_list"))
    assert response.status_code == 200
    shown = {c.pk for c in response.context["page"].items}
    assert shown == {c.pk for c in mine}
    detail = reverse("keyaccounts:account_detail", args=[theirs[0].pk])
    assert _get(client, csc_director, detail).status_code == 404


def test_marketing_sees_every_account_in_bounded_queries(
    client, two_contacts, make_customer, marketing_director, django_assert_max_num_queries
) -> None:
    make_customer(name="從未列入的客戶")  # never designated: not on the list
    client.force_login(marketing_director)
    with time_machine.travel(local(NOW), tick=False), django_assert_max_num_queries(20):
        response = client.get(reverse("keyaccounts:account_list"))
    assert response.status_code == 200
    assert len(response.context["page"].items) == 15
    assert {c.ka_half_state for c in response.context["page"].items} == {"owed"}


def test_the_list_runs_in_name_order_across_keyset_pages_in_bounded_queries(
    client, two_contacts, marketing_director, monkeypatch, django_assert_max_num_queries
) -> None:
    """Issue 6 item 9: sorted by name, then account number; each page continues after
    the last account of the one before, filters kept, the same queries every page."""
    mine, theirs = two_contacts
    # Ties on the name are broken by the account number. (ASCII endings: the same order
    # under SQLite's binary and PostgreSQL's locale collation.)
    names = ["大客戶ZB", "大客戶ZA", "大客戶ZA", "大客戶ZC", "大客戶ZA"]
    for n, (customer, name) in enumerate(zip(mine[:5], names, strict=True)):
        # Account numbers falling as ids rise: the number, not the id, breaks the tie.
        Customer.objects.filter(pk=customer.pk).update(name=name, account_number=f"0599{9 - n}")
    expected = [
        c.pk
        for c in sorted(
            Customer.objects.filter(pk__in=[c.pk for c in mine + theirs]),
            key=lambda c: (c.name, c.account_number),
        )
    ]
    monkeypatch.setattr(pagination, "PAGE_SIZE", 4)
    client.force_login(marketing_director)
    seen: list[int] = []
    query = ""
    with time_machine.travel(local(NOW), tick=False):
        for _page in range(5):
            with django_assert_max_num_queries(20):
                response = client.get(f"{reverse('keyaccounts:account_list')}?{query}")
            page = response.context["page"]
            seen += [c.pk for c in page.items]
            if page.next_query is None:
                break
            query = page.next_query
        assert seen == expected
        # A filter stays on the next page's address, and its pages continue in order.
        first = client.get(reverse("keyaccounts:account_list"), {"q": "大客戶Z"})
        assert "q=" in first.context["page"].next_query
        url = f"{reverse('keyaccounts:account_list')}?{first.context['page'].next_query}"
        second = client.get(url)
    factories = {c.pk for c in Customer.objects.filter(name__startswith="大客戶Z")}
    assert len(factories) == 5
    in_order = [c.pk for c in first.context["page"].items + second.context["page"].items]
    assert in_order == [pk for pk in expected if pk in factories]


def test_the_list_filters_by_contact_and_criterion(
    client, two_contacts, marketing_director, leader
) -> None:
    _mine, theirs = two_contacts
    url = reverse("keyaccounts:account_list")
    by_contact = _get(client, marketing_director, url, contact=leader.staff.pk)
    assert {c.pk for c in by_contact.context["page"].items} == {c.pk for c in theirs}
    by_criterion = _get(client, marketing_director, url, criterion="key_project")
    assert {c.pk for c in by_criterion.context["page"].items} == {c.pk for c in theirs}


@pytest.mark.parametrize(
    "name",
    ["account_list", "item_list", "desk", "proposal_list"],
)
def test_a_counter_clerk_sees_no_key_account_page(client, two_contacts, counter_clerk, name):
    assert _get(client, counter_clerk, reverse(f"keyaccounts:{name}")).status_code == 403


@pytest.mark.parametrize(
    "name",
    [
        "round_list",
        "contact_changes",
        "interim_new",
        "adjust_add",
        "settings",
        "list_history",
        "half_year_overview",
        "stability",
    ],
)
def test_a_clerk_and_a_plain_contact_see_none_of_the_approvals(
    client, two_contacts, counter_clerk, csc_director, name
) -> None:
    url = reverse(f"keyaccounts:{name}")
    assert _get(client, counter_clerk, url).status_code == 403
    assert _get(client, csc_director, url).status_code == 403


@pytest.mark.parametrize(
    ("persona", "name"),
    [
        ("marketing_director", "round_list"),
        ("marketing_director", "contact_changes"),
        ("marketing_director", "interim_new"),
        ("marketing_director", "settings"),
        ("marketing_director", "list_history"),
        ("marketing_director", "half_year_overview"),
        ("marketing_director", "stability"),
        ("leader", "round_list"),
        ("leader", "contact_changes"),
        ("leader", "adjust_add"),
        ("leader", "half_year_overview"),
        ("supervision_officer", "half_year_overview"),
        ("supervision_officer", "account_list"),
    ],
)
def test_marketing_leadership_and_supervision_open_their_pages(
    client, two_contacts, request, persona, name
) -> None:
    user = request.getfixturevalue(persona)
    assert _get(client, user, reverse(f"keyaccounts:{name}")).status_code == 200


def test_the_half_year_overview_counts_by_contact_in_bounded_queries(
    client, two_contacts, marketing_director, csc_director, leader, django_assert_max_num_queries
) -> None:
    mine, _ = two_contacts
    client.force_login(csc_director)
    with time_machine.travel(local("2025-02-01 10:00"), tick=False):
        client.post(
            reverse("keyaccounts:interaction_create", args=[mine[0].pk]),
            {"kind": "visit", "at": "2025-02-01T09:00", "summary": "走訪"},
        )
    client.force_login(marketing_director)
    with time_machine.travel(local("2025-07-02 10:00"), tick=False):
        with django_assert_max_num_queries(20):
            response = client.get(reverse("keyaccounts:half_year_overview"), {"half": "2025H1"})
        overdue = client.get(
            reverse("keyaccounts:half_year_overview"), {"half": "2025H1", "state": "overdue"}
        )
    assert response.status_code == 200
    summary = {s.contact_id: s for s in response.context["summary"]}
    assert (summary[csc_director.staff.pk].owed, summary[csc_director.staff.pk].visited) == (12, 1)
    assert summary[csc_director.staff.pk].overdue == 11
    assert summary[leader.staff.pk].overdue == 3
    assert len(overdue.context["page"].items) == 14


# --- recording the service -----------------------------------------------------------------


def test_a_contact_records_a_visit_with_a_need(client, two_contacts, csc_director) -> None:
    mine, _ = two_contacts
    client.force_login(csc_director)
    with time_machine.travel(local(NOW), tick=False):
        response = client.post(
            reverse("keyaccounts:interaction_create", args=[mine[0].pk]),
            {
                "kind": "visit",
                "at": "2025-03-01T09:30",
                "participants": "張廠長",
                "summary": "了解擴產計畫",
                "need_title": "申請第二回路",
                "need_department": csc_director.staff.department.pk,
                "need_due": "2025-04-15",
            },
        )
    assert response.status_code == 302
    visit = Interaction.objects.get()
    assert (visit.kind, visit.contact, visit.participants) == (
        "visit",
        csc_director.staff,
        "張廠長",
    )
    assert ServiceItem.objects.get().interaction == visit


def test_a_visit_with_bad_input_changes_nothing(client, two_contacts, csc_director) -> None:
    mine, _ = two_contacts
    client.force_login(csc_director)
    with time_machine.travel(local(NOW), tick=False):
        missing = client.post(
            reverse("keyaccounts:interaction_create", args=[mine[0].pk]),
            {"kind": "visit", "at": "2025-03-01T09:30", "summary": "x", "need_title": "缺部門"},
            follow=True,
        )
        future = client.post(
            reverse("keyaccounts:interaction_create", args=[mine[0].pk]),
            {"kind": "visit", "at": "2026-03-01T09:30", "summary": "走訪"},
            follow=True,
        )
    assert not Interaction.objects.exists()
    assert not ServiceItem.objects.exists()
    assert [m.level_tag for m in missing.context["messages"]] == ["error", "error"]
    assert [m.level_tag for m in future.context["messages"]] == ["error"]


def test_a_contact_cannot_record_on_someone_elses_account(
    client, two_contacts, csc_director, supervision_officer
) -> None:
    _, theirs = two_contacts
    client.force_login(csc_director)
    url = reverse("keyaccounts:interaction_create", args=[theirs[0].pk])
    data = {"kind": "visit", "at": "2025-03-01T09:30", "summary": "走訪"}
    with time_machine.travel(local(NOW), tick=False):
        assert client.post(url, data).status_code == 404
        client.force_login(supervision_officer)  # sees all, records nothing
        assert client.post(url, data).status_code == 403
    assert not Interaction.objects.exists()


def test_the_account_page_shows_everything_about_it(
    client, two_contacts, csc_director, marketing_director
) -> None:
    mine, _ = two_contacts
    url = reverse("keyaccounts:account_detail", args=[mine[0].pk])
    response = _get(client, csc_director, url)
    assert response.status_code == 200
    assert response.context["may_record"] is True
    assert response.context["current_half"].owes_visit
    body = response.content.decode()
    assert "3.6.1" in body
    assert _get(client, marketing_director, url).context["may_record"] is True


def test_service_items_are_created_and_progressed_from_their_pages(
    client, two_contacts, csc_director, django_assert_max_num_queries
) -> None:
    mine, _ = two_contacts
    client.force_login(csc_director)
    with time_machine.travel(local(NOW), tick=False):
        form = client.get(reverse("keyaccounts:item_create", args=[mine[0].pk]))
        assert form.status_code == 200
        bad = client.post(
            reverse("keyaccounts:item_create", args=[mine[0].pk]),
            {"kind": "need", "title": "無部門", "due": "2025-04-01"},
        )
        assert bad.status_code == 200 and "department" in bad.context["form"].errors
        response = client.post(
            reverse("keyaccounts:item_create", args=[mine[0].pk]),
            {
                "kind": "need",
                "title": "電壓偏低",
                "department": csc_director.staff.department.pk,
                "due": "2025-03-20",
            },
        )
        item = ServiceItem.objects.get()
        assert response["Location"] == reverse("keyaccounts:item_detail", args=[item.pk])
        client.post(
            reverse("keyaccounts:item_detail", args=[item.pk]),
            {"note": "已調整分接頭", "status": "done"},
        )
        for n in range(30):
            service_item_create(
                customer=mine[n % 12], kind="consultation", title=f"諮詢{n}", actor=csc_director
            )
        with django_assert_max_num_queries(16):
            listing = client.get(reverse("keyaccounts:item_list"), {"list": "all"})
    item.refresh_from_db()
    assert item.status == "done"
    assert len(listing.context["page"].items) == 31


# --- rounds, approvals and contact changes ---------------------------------------------


def test_marketing_runs_a_round_to_approval_through_the_pages(
    client, make_customer, marketing_director, leader, csc_director
) -> None:
    government = make_customer(is_government_body=True)
    special = make_customer(name="縣重點工程")
    client.force_login(marketing_director)
    with time_machine.travel(local("2025-01-06 09:00"), tick=False):
        response = client.post(reverse("keyaccounts:round_list"))
        round = DesignationRound.objects.get()
        assert response["Location"] == reverse("keyaccounts:round_detail", args=[round.pk])
        entry = round.entries.get()
        row = client.post(
            reverse("keyaccounts:entry_update", args=[round.pk, entry.pk]),
            {"included": "on", "reason": "", "contact": csc_director.staff.pk},
            HTTP_HX_REQUEST="true",
        )
        assert row.status_code == 200
        assert f'id="gc-entry-{entry.pk}"' in row.content.decode()
        refused = client.post(
            reverse("keyaccounts:entry_add", args=[round.pk]),
            {"account_number": special.account_number, "reason": ""},
            follow=True,
        )
        assert [m.level_tag for m in refused.context["messages"]][-1] == "error"
        client.post(
            reverse("keyaccounts:entry_add", args=[round.pk]),
            {
                "account_number": special.account_number,
                "reason": "縣政府要求保電",
                "contact": csc_director.staff.pk,
            },
        )
        client.post(reverse("keyaccounts:round_submit", args=[round.pk]), {"note": "請審批"})
        # Marketing cannot approve.
        assert client.post(reverse("keyaccounts:round_approve", args=[round.pk])).status_code == 403
    client.force_login(leader)
    with time_machine.travel(local("2025-01-10 10:00"), tick=False):
        detail = client.get(reverse("keyaccounts:round_detail", args=[round.pk]))
        assert detail.context["may_approve"] is True
        client.post(reverse("keyaccounts:round_approve", args=[round.pk]), {"note": "同意"})
    round.refresh_from_db()
    assert round.status == "approved"
    assert set(Designation.objects.values_list("customer_id", flat=True)) == {
        government.pk,
        special.pk,
    }


def test_leadership_records_an_earlier_decision_date(
    client, government, marketing_director, leader, csc_director
) -> None:
    client.force_login(marketing_director)
    with time_machine.travel(local("2025-01-06 09:00"), tick=False):
        client.post(reverse("keyaccounts:round_list"))
        round = DesignationRound.objects.get()
        client.post(
            reverse("keyaccounts:entry_update", args=[round.pk, round.entries.get().pk]),
            {"included": "on", "contact": csc_director.staff.pk},
        )
        client.post(reverse("keyaccounts:round_submit", args=[round.pk]))
    client.force_login(leader)
    with time_machine.travel(local("2025-01-10 10:00"), tick=False):
        client.post(
            reverse("keyaccounts:round_approve", args=[round.pk]),
            {"approved_at": "2025-01-08T15:00"},
        )
    round.refresh_from_db()
    assert round.approved_on == date(2025, 1, 8)


def test_a_contact_change_goes_through_the_pages(
    client, two_contacts, marketing_director, leader, csc_director, csc_deputy
) -> None:
    mine, _ = two_contacts
    url = reverse("keyaccounts:contact_change_new", args=[mine[0].pk])
    client.force_login(csc_director)
    assert client.get(url).status_code == 403
    client.force_login(marketing_director)
    with time_machine.travel(local(NOW), tick=False):
        form = client.get(url)
        choices = {s.pk for s in form.context["form"].fields["new_contact"].queryset}
        assert csc_deputy.staff.pk in choices
        assert marketing_director.staff.pk in choices
        client.post(url, {"new_contact": csc_deputy.staff.pk, "reason": "分擔工作量"})
    change = ContactChange.objects.get()
    client.force_login(leader)
    with time_machine.travel(local(NOW), tick=False):
        page = client.get(reverse("keyaccounts:contact_changes"))
        assert page.context["pending"] == [change]
        client.post(
            reverse("keyaccounts:contact_change_decide", args=[change.pk]), {"decision": "approve"}
        )
    assert ContactAssignment.objects.get(customer=mine[0], valid_to=None).contact == (
        csc_deputy.staff
    )


def test_the_company_adds_and_removes_accounts_through_the_pages(
    client, two_contacts, make_customer, leader, marketing_director, csc_director
) -> None:
    mine, _ = two_contacts
    newcomer = make_customer(name="縣污水處理廠")
    client.force_login(marketing_director)
    with time_machine.travel(local(NOW), tick=False):
        assert (
            client.post(
                reverse("keyaccounts:account_remove", args=[mine[0].pk]), {"reason": "x"}
            ).status_code
            == 403
        )
    client.force_login(leader)
    with time_machine.travel(local(NOW), tick=False):
        client.post(
            reverse("keyaccounts:adjust_add"),
            {
                "account_number": newcomer.account_number,
                "reason": "縣政府函",
                "contact": csc_director.staff.pk,
            },
        )
        client.post(reverse("keyaccounts:account_remove", args=[mine[0].pk]), {"reason": "停產"})
        history = client.get(reverse("keyaccounts:list_history"), {"on": "2025-02-01"})
    newcomer.refresh_from_db()
    mine[0].refresh_from_db()
    assert (newcomer.is_key_account, mine[0].is_key_account) == (True, False)
    assert mine[0].pk in {d.customer_id for d in history.context["page"].items}
    assert newcomer.pk not in {d.customer_id for d in history.context["page"].items}


def test_a_contact_proposes_an_assessment_through_the_pages(
    client, two_contacts, csc_director, company
) -> None:
    mine, _ = two_contacts
    clause = Clause.objects.get(number="3.6.2")
    client.force_login(csc_director)
    with time_machine.travel(local(NOW), tick=False):
        url = reverse("keyaccounts:proposal_new") + f"?customer={mine[0].pk}"
        assert client.get(url).status_code == 200
        client.post(
            url,
            {
                "department": csc_director.staff.department.pk,
                "clause": clause.pk,
                "reason": "需求逾期未辦",
            },
        )
    proposal = AssessmentProposal.objects.get()
    assert (proposal.customer, proposal.proposed_by) == (mine[0], csc_director)


def test_home_shows_each_roles_key_account_panel(
    client, two_contacts, csc_director, marketing_director, leader
) -> None:
    codes = {
        user.username: {p["code"] for p in _get(client, user, reverse("home")).context["panels"]}
        for user in (csc_director, marketing_director, leader)
    }
    assert "keyaccounts_desk" in codes["csc_director"]
    assert "keyaccounts_round" not in codes["csc_director"]
    assert {"keyaccounts_round", "keyaccounts_desk"} <= codes["marketing_director"]
    assert "keyaccounts_round" in codes["leader"]


def test_the_compliance_matrix_shows_the_key_account_clauses_live(
    client, two_contacts, marketing_director
) -> None:
    """Every 3.x clause of this module shows live figures: 3.6.1 by the visit clocks,
    3.3.2 by the round clock."""
    response = _get(
        client,
        marketing_director,
        reverse("rules:compliance_matrix"),
        date_from="2024-12-01",
        date_to="2026-12-31",
    )
    rows = {s.code: s for clause in response.context["rows"] for s in clause.standards}
    assert rows["keyaccount.visit"].measured
    assert rows["keyaccount.visit"].counts.running == 15
    assert rows["keyaccount.designation_round"].counts.running == 1


@pytest.mark.parametrize(
    ("persona", "name", "args"),
    [
        ("marketing_director", "round_list", ()),
        ("marketing_director", "round_detail", ("round",)),
        ("marketing_director", "list_history", ()),
        ("leader", "contact_changes", ()),
        ("marketing_director", "proposal_list", ()),
        ("csc_director", "desk", ()),
    ],
)
def test_every_list_page_answers_in_bounded_queries(
    client, two_contacts, request, persona, name, args, django_assert_max_num_queries
) -> None:
    """15 accounts on each list; a query per row would exceed the bound."""
    user = request.getfixturevalue(persona)
    if args:
        args = (DesignationRound.objects.get().pk,)
    client.force_login(user)
    with time_machine.travel(local(NOW), tick=False), django_assert_max_num_queries(24):
        response = client.get(reverse(f"keyaccounts:{name}", args=args))
    assert response.status_code == 200
