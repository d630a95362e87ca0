"""Roles are groups with permissions; this table is their single definition.

Each role names the permissions it grants as `app_label.codename`. `sync_roles` runs after
every migrate (once every app's permissions exist), so a module that adds a permission
adds it here and the next migrate grants it. Permissions of apps not installed yet are
skipped, not errors.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Role:
    code: str
    label: Promise
    permissions: tuple[str, ...]


#: Customers and connection applications (issue 4): counter clerks and CSC agents receive
#: applications and record their steps; marketing and the readers see every one.
READ_APPLICATIONS = ("customers.view_customer", "applications.view_application")
FRONT_LINE_APPLICATIONS = (
    *READ_APPLICATIONS,
    "customers.add_customer",
    "customers.change_customer",
    "applications.add_application",
    "applications.record_step",
)

ROLES: tuple[Role, ...] = (
    Role(
        "counter_clerk",
        _("Counter clerk"),
        ("rules.pause_clock", "rules.request_exemption", *FRONT_LINE_APPLICATIONS),
    ),
    Role(
        "csc_agent",
        _("CSC agent"),
        ("rules.pause_clock", "rules.request_exemption", *FRONT_LINE_APPLICATIONS),
    ),
    Role(
        "csc_director",
        _("CSC director"),
        (
            "rules.pause_clock",
            "rules.request_exemption",
            "rules.decide_clockexemption",
            *FRONT_LINE_APPLICATIONS,
        ),
    ),
    Role(
        "marketing",
        _("Marketing department"),
        (
            "rules.view_servicestandard",
            "rules.change_servicestandard",
            "rules.decide_clockexemption",
            *READ_APPLICATIONS,
            "customers.add_customer",
            "customers.change_customer",
            "customers.import_customers",
        ),
    ),
    Role(
        "leadership",
        _("Company leadership"),
        ("rules.view_servicestandard", "rules.decide_clockexemption", *READ_APPLICATIONS),
    ),
    Role("keyaccount_contact", _("Key-account contact"), READ_APPLICATIONS),
    Role("production_technology", _("Production technology department"), ()),
    Role("field_unit", _("Field unit member"), ()),
    Role("dispatch_planner", _("Dispatch planner"), ()),
    Role("supervision", _("Supervision officer"), READ_APPLICATIONS),
    Role(
        "administrator",
        _("Administrator"),
        (
            "core.view_auditevent",
            "org.end_user_sessions",
            "org.view_staff",
            "org.add_staff",
            "org.change_staff",
            "org.view_department",
            "org.add_department",
            "org.change_department",
            "org.view_company",
            "org.view_position",
            "auth.view_user",
            "auth.add_user",
            "auth.change_user",
            "auth.view_group",
            "rules.view_servicestandard",
            "workdays.view_calendaryear",
            "workdays.add_calendaryear",
            "workdays.change_calendaryear",
        ),
    ),
)

ROLE_BY_CODE = {role.code: role for role in ROLES}


def sync_roles(**_kwargs: Any) -> None:
    """Create each role's group and set its permissions to exactly those declared."""
    from django.contrib.auth.models import Group, Permission

    wanted = {p for role in ROLES for p in role.permissions}
    by_name = {
        f"{p.content_type.app_label}.{p.codename}": p
        for p in Permission.objects.select_related("content_type")
        if f"{p.content_type.app_label}.{p.codename}" in wanted
    }
    for role in ROLES:
        group, _created = Group.objects.get_or_create(name=role.code)
        group.permissions.set([by_name[p] for p in role.permissions if p in by_name])


def role_codes(user: Any) -> set[str]:
    """The role codes of a user (cached on the user object for the request)."""
    if not getattr(user, "is_authenticated", False):
        return set()
    cached = getattr(user, "_gridcare_roles", None)
    if cached is None:
        cached = set(user.groups.values_list("name", flat=True))
        user._gridcare_roles = cached
    return cached
