"""Audit events (DESIGN.md convention 3): written by services, searched by administrators,
never changed; on PostgreSQL the database refuses UPDATE and DELETE."""

from __future__ import annotations

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from gridcare.core.models import AuditEvent
from gridcare.core.selectors import audit_history_for
from gridcare.core.services import audit_log

pytestmark = pytest.mark.django_db


def test_audit_log_records_actor_object_company_and_payload(counter_clerk) -> None:
    staff = counter_clerk.staff
    event = audit_log(
        action="org.staff.renamed", actor=counter_clerk, obj=staff, payload={"from": "a"}
    )
    assert event.actor == counter_clerk and event.actor_label == "counter_clerk"
    assert event.company == staff.company
    assert event.object_id == str(staff.pk) and event.object_repr == str(staff)
    assert audit_history_for(staff) == [event]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
@pytest.mark.parametrize(
    "statement", ["UPDATE core_auditevent SET action = 'x'", "DELETE FROM core_auditevent"]
)
def test_postgresql_refuses_to_change_or_delete_audit_rows(counter_clerk, statement) -> None:
    audit_log(action="core.test.event", actor=counter_clerk)
    with (
        pytest.raises(DatabaseError, match="immutable"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute(statement)
    assert AuditEvent.objects.filter(action="core.test.event").count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the trigger is PostgreSQL's")
def test_postgresql_refuses_an_orm_delete_too(counter_clerk) -> None:
    event = audit_log(action="core.test.event", actor=counter_clerk)
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=event.pk).delete()


def test_the_audit_search_is_for_administrators_only(client, counter_clerk) -> None:
    client.force_login(counter_clerk)
    assert client.get(reverse("core:audit_search")).status_code == 403


def test_the_audit_search_filters_and_pages_without_counting(
    client, administrator, counter_clerk, django_assert_max_num_queries
) -> None:
    for n in range(60):
        audit_log(action=f"core.test.step{n % 3}", actor=counter_clerk, obj=counter_clerk.staff)
    client.force_login(administrator)
    with django_assert_max_num_queries(12):
        first = client.get(reverse("core:audit_search"), {"action": "core.test.step1"})
    assert first.status_code == 200
    page = first.context["page"]
    assert len(page.items) == 20
    assert all(e.action == "core.test.step1" for e in page.items)
    assert page.next_query is None
    everything = client.get(reverse("core:audit_search"), {"action": "core.test"})
    assert len(everything.context["page"].items) == 50
    second = client.get(reverse("core:audit_search") + "?" + everything.context["page"].next_query)
    assert len(second.context["page"].items) == 10
    assert not {e.pk for e in second.context["page"].items} & {
        e.pk for e in everything.context["page"].items
    }


def test_the_audit_search_shows_only_the_administrators_company(
    client, administrator, make_staff, other_company
) -> None:
    stranger = make_staff("counter_clerk", company=other_company)
    audit_log(action="core.test.theirs", actor=stranger, obj=stranger.staff)
    audit_log(action="core.test.ours", actor=administrator, obj=administrator.staff)
    client.force_login(administrator)
    actions = {e.action for e in client.get(reverse("core:audit_search")).context["page"].items}
    assert "core.test.ours" in actions and "core.test.theirs" not in actions


def test_an_invalid_date_filter_shows_an_error_not_a_crash(client, administrator) -> None:
    client.force_login(administrator)
    response = client.get(reverse("core:audit_search"), {"date_from": "2026-13-45"})
    assert response.status_code == 200
    assert response.context["page"] is None
    assert "date_from" in response.context["filter"].errors
