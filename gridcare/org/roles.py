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

#: Key accounts (issue 6): marketing drafts the list and proposes contact changes, the
#: company's leadership approves both; contacts record the service of their own accounts;
#: supervision reads every account (R-3.3, R-3.4, R-3.8.1).
KEYACCOUNTS_READ_ALL = ("keyaccounts.view_designation", "keyaccounts.view_all_keyaccounts")
KEYACCOUNTS_MARKETING = (
    *KEYACCOUNTS_READ_ALL,
    "keyaccounts.draft_round",
    "keyaccounts.propose_contact_change",
    "keyaccounts.record_service",
    "keyaccounts.change_designationsettings",
)
KEYACCOUNTS_LEADERSHIP = (
    *KEYACCOUNTS_READ_ALL,
    "keyaccounts.approve_round",
    "keyaccounts.approve_contact_change",
)
KEYACCOUNTS_CONTACT = ("keyaccounts.view_designation", "keyaccounts.record_service")

#: Assessment (issue 8): marketing reviews the ledger, leadership and supervision read it
#: and the leaders' dashboard; a department's head appeals its own items (R-3.9.1, R-4.2).
ASSESSMENTS_READ = ("assessments.view_assessmentitem", "assessments.view_dashboard")
ASSESSMENTS_REVIEW = (*ASSESSMENTS_READ, "assessments.review_assessmentitem")
ASSESSMENTS_APPEAL = ("assessments.appeal_assessmentitem",)

#: Front office (issue 5): clerks run the hall queue and record matters and charges; CSC
#: agents answer the phone and call back; the CSC director also imports the phone system's
#: records, reassigns matters and decides complaints; marketing and supervision inspect the
#: halls; the departments answer referrals (R-2.1 … R-2.9).
FRONTOFFICE_READ = (
    "frontoffice.view_callrecord",
    "frontoffice.view_ticket",
    "frontoffice.view_matter",
    "frontoffice.view_hallinspection",
    "frontoffice.view_charge",
    "frontoffice.view_feeitem",
)
FRONTOFFICE_CLERK = (
    "frontoffice.view_ticket",
    "frontoffice.add_ticket",
    "frontoffice.serve_ticket",
    "frontoffice.view_matter",
    "frontoffice.add_matter",
    "frontoffice.view_charge",
    "frontoffice.add_charge",
    "frontoffice.view_feeitem",
)
FRONTOFFICE_AGENT = (
    "frontoffice.view_callrecord",
    "frontoffice.add_callrecord",
    "frontoffice.record_callback",
    "frontoffice.view_matter",
    "frontoffice.add_matter",
)
FRONTOFFICE_JUDGE = (
    *FRONTOFFICE_READ,
    "frontoffice.decide_complaint",
    "frontoffice.propose_assessment",
    "frontoffice.reassign_matter",
)
FRONTOFFICE_DIRECTOR = (
    *FRONTOFFICE_AGENT,
    *FRONTOFFICE_JUDGE,
    "frontoffice.import_callrecord",
    "frontoffice.answer_referral",
    # The director keeps which agent answers on which extension (figures per agent).
    "frontoffice.view_agentextension",
    "frontoffice.add_agentextension",
    "frontoffice.change_agentextension",
    "frontoffice.delete_agentextension",
)
FRONTOFFICE_INSPECTOR = (*FRONTOFFICE_JUDGE, "frontoffice.add_hallinspection")
FRONTOFFICE_DEPARTMENT = ("frontoffice.answer_referral",)
FRONTOFFICE_ADMIN = (
    "frontoffice.view_callrecord",
    "frontoffice.import_callrecord",
    "frontoffice.view_servicehall",
    "frontoffice.add_servicehall",
    "frontoffice.change_servicehall",
    "frontoffice.view_agentextension",
    "frontoffice.add_agentextension",
    "frontoffice.change_agentextension",
    "frontoffice.delete_agentextension",
    "frontoffice.view_feeitem",
    "frontoffice.add_feeitem",
    "frontoffice.change_feeitem",
)

#: Surveys, follow-up calls and the half-year report (issue 8, R-3.8.1–3.8.3): the
#: supervision department runs them; leaders and marketing read them.
SUPERVISION_DESK = (
    "surveys.view_questionnaire",
    "surveys.add_questionnaire",
    "surveys.change_questionnaire",
    "surveys.view_surveyround",
    "surveys.add_surveyround",
    "surveys.record_response",
    "followups.view_followupcall",
    "followups.record_followupcall",
    "followups.change_followupsettings",
    "reports.view_analysisreport",
    "reports.add_analysisreport",
    "reports.publish_analysisreport",
)
SUPERVISION_READ = (
    "surveys.view_questionnaire",
    "surveys.view_surveyround",
    "followups.view_followupcall",
    "reports.view_analysisreport",
)

ROLES: tuple[Role, ...] = (
    Role(
        "counter_clerk",
        _("Counter clerk"),
        (
            "rules.pause_clock",
            "rules.request_exemption",
            *FRONT_LINE_APPLICATIONS,
            *FRONTOFFICE_CLERK,
            *ASSESSMENTS_APPEAL,
        ),
    ),
    Role(
        "csc_agent",
        _("CSC agent"),
        (
            "rules.pause_clock",
            "rules.request_exemption",
            *FRONT_LINE_APPLICATIONS,
            *FRONTOFFICE_AGENT,
            "field.view_outageplan",
        ),
    ),
    Role(
        "csc_director",
        _("CSC director"),
        (
            "rules.pause_clock",
            "rules.request_exemption",
            "rules.decide_clockexemption",
            *FRONT_LINE_APPLICATIONS,
            *FRONTOFFICE_DIRECTOR,
            *ASSESSMENTS_APPEAL,
            "field.view_outageplan",
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
            *KEYACCOUNTS_MARKETING,
            *ASSESSMENTS_REVIEW,
            *ASSESSMENTS_APPEAL,
            *FRONTOFFICE_INSPECTOR,
            *FRONTOFFICE_DEPARTMENT,
            "frontoffice.add_feeitem",
            "frontoffice.change_feeitem",
            "field.view_fieldwork",
            *SUPERVISION_READ,
        ),
    ),
    Role(
        "leadership",
        _("Company leadership"),
        (
            "rules.view_servicestandard",
            "rules.decide_clockexemption",
            *READ_APPLICATIONS,
            *KEYACCOUNTS_LEADERSHIP,
            *FRONTOFFICE_READ,
            *ASSESSMENTS_READ,
            *SUPERVISION_READ,
        ),
    ),
    Role(
        "keyaccount_contact",
        _("Key-account contact"),
        (*READ_APPLICATIONS, *KEYACCOUNTS_CONTACT),
    ),
    Role(
        "production_technology",
        _("Production technology department"),
        (
            "field.view_fieldwork",
            "field.plan_inspection",
            *ASSESSMENTS_APPEAL,
            *FRONTOFFICE_DEPARTMENT,
        ),
    ),
    Role(
        "field_unit",
        _("Field unit member"),
        (
            "field.view_fieldwork",
            "field.record_inspection",
            "field.handle_fault",
            *FRONTOFFICE_DEPARTMENT,
            *ASSESSMENTS_APPEAL,
        ),
    ),
    Role(
        "dispatch_planner",
        _("Dispatch planner"),
        (
            "field.view_fieldwork",
            "field.plan_outage",
            "field.handle_fault",
            *FRONTOFFICE_DEPARTMENT,
            *ASSESSMENTS_APPEAL,
        ),
    ),
    Role(
        "supervision",
        _("Supervision officer"),
        (
            *READ_APPLICATIONS,
            *KEYACCOUNTS_READ_ALL,
            "field.view_fieldwork",
            *ASSESSMENTS_READ,
            *FRONTOFFICE_INSPECTOR,
            *ASSESSMENTS_APPEAL,
            *SUPERVISION_DESK,
        ),
    ),
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
            "rules.view_sweeprun",
            "workdays.view_calendaryear",
            "workdays.add_calendaryear",
            *FRONTOFFICE_ADMIN,
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
