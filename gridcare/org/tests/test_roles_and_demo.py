"""Roles, menus per role, row scoping of the organisation, and the demo company."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from gridcare.org.demo import DEMO_PASSWORD, LOGINS
from gridcare.org.models import Company, Staff
from gridcare.org.roles import ROLES
from gridcare.org.selectors import company_for, company_ids_visible

pytestmark = pytest.mark.django_db


def menu_urls(client: Client) -> set[str]:
    return {item["url"] for item in client.get(reverse("home")).context["nav_menu"]}


def test_every_role_exists_as_a_group_after_migrate() -> None:
    assert {r.code for r in ROLES} <= set(Group.objects.values_list("name", flat=True))
    admin_perms = set(
        Group.objects.get(name="administrator").permissions.values_list("codename", flat=True)
    )
    assert {"view_auditevent", "end_user_sessions"} <= admin_perms


@pytest.mark.parametrize(
    ("persona", "sees_admin_pages"),
    [
        ("counter_clerk", False),
        ("csc_agent", False),
        ("marketing_director", False),
        ("supervision_officer", False),
        ("administrator", True),
    ],
)
def test_menus_show_each_role_only_what_it_may_use(
    client, make_staff, company, persona, sees_admin_pages
) -> None:
    user = make_staff(persona, company=company)
    client.force_login(user)
    urls = menu_urls(client)
    assert reverse("home") in urls
    assert (reverse("core:audit_search") in urls) is sees_admin_pages
    assert (reverse("org:staff_list") in urls) is sees_admin_pages
    # The server refuses what the menu hides.
    expected = 200 if sees_admin_pages else 403
    assert client.get(reverse("core:audit_search")).status_code == expected
    assert client.get(reverse("org:staff_list")).status_code == expected


def test_the_staff_list_is_scoped_to_the_company(
    client, administrator, make_staff, other_company, django_assert_max_num_queries
) -> None:
    make_staff("counter_clerk", company=other_company, username="stranger")
    for _ in range(5):
        make_staff("csc_agent", company=administrator.staff.company)
    client.force_login(administrator)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("org:staff_list"))
    names = {s.user.username for s in response.context["page"].items}
    assert "stranger" not in names and "administrator" in names
    searched = client.get(reverse("org:staff_list"), {"q": "administrator"})
    assert [s.user.username for s in searched.context["page"].items] == ["administrator"]


def test_city_level_staff_see_every_county_below_them(make_staff, company, other_company) -> None:
    city = Company.objects.create(code="cq", name="重慶市電力公司", level=Company.Level.CITY)
    company.parent = city
    company.save()
    city_user = make_staff("leader", company=city)
    county_user = make_staff("leader", company=company)
    assert company_ids_visible(city_user) == {city.pk, company.pk}
    assert company_ids_visible(county_user) == {company.pk}


def test_a_superuser_without_staff_acts_for_the_only_company(superuser, company) -> None:
    assert company_for(superuser) == company
    Company.objects.create(code="second", name="第二公司")
    assert company_for(superuser) is None
    assert company_ids_visible(superuser) is None


def test_the_demo_loads_once_and_every_printed_login_reaches_its_home_page(capsys) -> None:
    """One test, because the whole demo is the slowest thing the suite loads: the second
    run changes nothing, and each login it prints signs in and sees its home page."""
    call_command("demo")
    first = capsys.readouterr().out
    counts = (Company.objects.count(), Staff.objects.count())
    call_command("demo")
    second = capsys.readouterr().out
    assert counts == (Company.objects.count(), Staff.objects.count())
    assert 35 <= counts[1] <= 60
    assert "Created" in first and "Already present" in second
    for login in LOGINS:
        assert login.username in second
    assert DEMO_PASSWORD in second
    for login in LOGINS:
        client = Client()
        response = client.post(
            reverse("login"), {"username": login.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, login.username
        home = client.get(reverse("home"))
        assert home.status_code == 200
        assert "優質、方便、規範、真誠" in home.content.decode()


def test_records_outside_the_companys_window_are_listed_for_its_administrator(
    client, administrator, make_staff, other_company, company
) -> None:
    """A row typed before times were checked (here written straight to the table) is
    listed, never dropped; another company's administrator does not see it."""
    from datetime import datetime
    from zoneinfo import ZoneInfo

    from django.urls import reverse

    from gridcare.frontoffice.models import Matter

    Matter.objects.create(
        company=company,
        kind="consultation",
        channel="counter",
        subject="一九〇〇年的事項",
        description="…",
        received_at=datetime(1900, 1, 1, 10, tzinfo=ZoneInfo("Asia/Shanghai")),
        received_by=administrator.staff,
        owner=administrator.staff,
    )
    client.force_login(administrator)
    page = client.get(reverse("org:out_of_window")).content.decode()
    assert "一九〇〇年的事項" in page or "1900" in page
    client.force_login(make_staff("administrator", company=other_company))
    page = client.get(reverse("org:out_of_window")).content.decode()
    assert "一九〇〇年的事項" not in page and "1900" not in page
