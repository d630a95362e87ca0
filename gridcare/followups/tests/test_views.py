"""The follow-up pages (R-3.8.2): who may see and record, row scope, query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from gridcare.followups.models import FollowupCall, FollowupSettings
from gridcare.followups.services import followup_settings_update, followups_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def calls(company, supervision_officer, closed_matter):
    followup_settings_update(company=company, actor=supervision_officer, sample_percent=100)
    for _ in range(3):
        closed_matter()
    followups_queue(company=company)
    return list(FollowupCall.objects.order_by("pk"))


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("supervision_officer", 200),
        ("leader", 200),
        ("marketing_director", 200),
        ("counter_clerk", 403),
    ],
)
def test_who_sees_the_queue(client, request, calls, persona, status):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("followups:call_list")).status_code == status
    assert client.get(reverse("followups:call_history")).status_code == status


def test_the_queue_lists_each_call_in_a_bounded_number_of_queries(
    client, supervision_officer, calls, closed_matter, django_assert_max_num_queries
):
    client.force_login(supervision_officer)
    with django_assert_max_num_queries(14) as few:
        response = client.get(reverse("followups:call_list"))
    assert [c.pk for c in response.context["page"].items] == [c.pk for c in calls]
    assert response.context["day"]["queued"] == 3
    for _ in range(10):
        closed_matter()
    followups_queue(company=calls[0].company, since=timezone.now() - timedelta(days=5))
    with django_assert_max_num_queries(len(few.captured_queries)):
        response = client.get(reverse("followups:call_list"))
    assert len(response.context["page"].items) == 13


def test_the_queue_filters_by_due_and_pages_by_keyset(
    client, supervision_officer, calls, monkeypatch
):
    from gridcare.followups import views

    FollowupCall.objects.filter(pk=calls[0].pk).update(due=timezone.localdate() - timedelta(days=1))
    client.force_login(supervision_officer)
    overdue = client.get(reverse("followups:call_list"), {"due": "overdue"}).context["page"]
    assert [c.pk for c in overdue.items] == [calls[0].pk]
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    first = client.get(reverse("followups:call_list")).context["page"]
    assert [c.pk for c in first.items] == [calls[0].pk, calls[1].pk] and first.next_query
    second = client.get(reverse("followups:call_list") + "?" + first.next_query).context["page"]
    assert [c.pk for c in second.items] == [calls[2].pk] and not second.next_query


def test_another_companys_call_is_not_found(client, make_staff, other_company, calls):
    client.force_login(make_staff("supervision_officer", company=other_company))
    assert client.get(reverse("followups:call_detail", args=[calls[0].pk])).status_code == 404
    response = client.post(
        reverse("followups:call_detail", args=[calls[0].pk]),
        {"outcome": "satisfied", "attempts_seen": 0},
    )
    assert response.status_code == 404
    assert FollowupCall.objects.get(pk=calls[0].pk).state == "queued"


def test_the_officer_records_a_call_with_htmx(client, supervision_officer, calls):
    client.force_login(supervision_officer)
    response = client.post(
        reverse("followups:call_detail", args=[calls[0].pk]),
        {"outcome": "satisfied", "comment": "滿意", "attempts_seen": 0},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("followups:call_detail", args=[calls[0].pk])
    assert FollowupCall.objects.get(pk=calls[0].pk).result == "satisfied"
    page = client.get(response["HX-Redirect"])
    assert page.context["call"].state == "done" and not page.context["form"]


def test_bad_input_is_shown_on_the_field_and_changes_nothing(client, supervision_officer, calls):
    client.force_login(supervision_officer)
    response = client.post(
        reverse("followups:call_detail", args=[calls[0].pk]),
        {"outcome": "dissatisfied", "comment": "", "attempts_seen": 0},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and response.context["form"].errors["comment"]
    assert response.templates[0].name == "followups/_result.html"
    call = FollowupCall.objects.get(pk=calls[0].pk)
    assert (call.state, call.attempts) == ("queued", 0)


@pytest.mark.parametrize("persona", ["leader", "counter_clerk"])
def test_readers_and_clerks_cannot_record(client, request, calls, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        reverse("followups:call_detail", args=[calls[0].pk]),
        {"outcome": "satisfied", "attempts_seen": 0},
    )
    assert response.status_code == 403
    assert FollowupCall.objects.get(pk=calls[0].pk).state == "queued"


@pytest.mark.parametrize(
    ("persona", "status"), [("supervision_officer", 302), ("leader", 403), ("counter_clerk", 403)]
)
def test_only_supervision_changes_the_settings(client, request, company, persona, status):
    client.force_login(request.getfixturevalue(persona))
    data = {
        "sample_percent": 20,
        "every_complaint": "on",
        "sample_matters": "on",
        "seed": 9,
        "due_working_days": 3,
        "max_attempts": 3,
    }
    assert client.post(reverse("followups:settings"), data).status_code == status
    saved = FollowupSettings.objects.filter(company=company).first()
    if status == 302:
        assert (saved.sample_percent, saved.sample_applications, saved.seed) == (20, False, 9)
    else:
        assert saved is None


def test_a_bad_setting_is_refused_on_its_field(client, supervision_officer, company):
    client.force_login(supervision_officer)
    response = client.post(
        reverse("followups:settings"),
        {"sample_percent": 120, "seed": 1, "due_working_days": 3, "max_attempts": 3},
    )
    assert response.status_code == 200 and "sample_percent" in response.context["form"].errors
    assert not FollowupSettings.objects.filter(company=company).exists()


@pytest.mark.parametrize(
    ("persona", "shown"), [("supervision_officer", True), ("counter_clerk", False)]
)
def test_the_home_panel_and_menu_are_for_supervision(client, request, calls, persona, shown):
    client.force_login(request.getfixturevalue(persona))
    response = client.get("/")
    panels = {p["code"]: p for p in response.context["panels"]}
    assert ("followups_queue" in panels) is shown
    assert (reverse("followups:call_list") in response.content.decode()) is shown
    if shown:
        assert panels["followups_queue"]["queued"] == 3


def test_a_call_recorded_meanwhile_is_explained_and_kept(
    client, supervision_officer, make_staff, company, calls
):
    from gridcare.followups.services import followup_call_record

    other = make_staff("supervision_officer", company=company)
    followup_call_record(call=calls[0], outcome="satisfied", actor=other)
    client.force_login(supervision_officer)
    response = client.post(
        reverse("followups:call_detail", args=[calls[0].pk]),
        {"outcome": "dissatisfied", "comment": "不滿意", "attempts_seen": 0},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert other.staff.name in response.content.decode()
    call = FollowupCall.objects.get(pk=calls[0].pk)
    assert (call.result, call.called_by.user) == ("satisfied", other)


def test_the_history_lists_calls_made_in_a_bounded_number_of_queries(
    client, supervision_officer, calls, django_assert_max_num_queries
):
    from gridcare.followups.services import followup_call_record

    for call in calls:
        followup_call_record(
            call=call, outcome="dissatisfied", comment="慢", actor=supervision_officer
        )
    client.force_login(supervision_officer)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("followups:call_history"), {"result": "dissatisfied"})
    assert {c.pk for c in response.context["page"].items} == {c.pk for c in calls}
    assert "SX" in response.content.decode()  # the reopened matter is linked
