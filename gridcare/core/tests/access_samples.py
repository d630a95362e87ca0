"""Sample records for the authorization matrix (issue 9 item 2, DESIGN.md convention 9).

One record of each kind that a parameterized URL names, made in the personas' company
through the modules' services where a service exists (so the records are in the states
the pages expect), so that a refusal in the matrix is the permission check answering and
not a trivial "no such record". `build_world()` also makes one user per role (the
personas of gridcare/conftest.py, plus a key-account contact who holds no other role) and
a second company with a few rows of its own for the row-scope tests.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from gridcare.conftest import PERSONAS
from gridcare.integrations.services import api_token_issue
from gridcare.org.models import Company, Department, Position, Staff

TZ = ZoneInfo("Asia/Shanghai")

#: Role code → the persona that plays it. The CSC director, marketing director and leader
#: personas are key-account contacts as well (gridcare/conftest.py); the key-account
#: contact persona holds that role alone, as a CSC deputy director (an eligible position,
#
ROLE_PERSONAS: dict[str, str] = {
    "counter_clerk": "counter_clerk",
    "csc_agent": "csc_agent",
    "csc_director": "csc_director",
    "marketing": "marketing_director",
    "leadership": "leader",
    "keyaccount_contact": "keyaccount_contact",
    "production_technology": "prodtech",
    "field_unit": "field_unit",
    "dispatch_planner": "dispatcher",
    "supervision": "supervision_officer",
    "administrator": "administrator",
}
STAFF_ROLES = tuple(ROLE_PERSONAS)
#: An anonymous visitor of the public pages and the portal.
CUSTOMER = "customer"
ALL_ROLES = (*STAFF_ROLES, CUSTOMER)

_EXTRA_PERSONAS = {"keyaccount_contact": ("csc", "deputy_director", ("keyaccount_contact",))}

# The smallest valid PNG: photos are served from disk, so the file must exist.
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6300010000000500010d0a2db40000000049454e44ae426082"
)


@dataclass
class World:
    company: Company
    other_company: Company
    users: dict[str, Any]
    #: The same roles in the other company (row scope).
    foreign_users: dict[str, Any]
    samples: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Role → its API token, and → the key of a session signed in once for the module
    #: (`foreign_*`: the other company's user of the role).
    tokens: dict[str, str] = field(default_factory=dict)
    sessions: dict[str, str] = field(default_factory=dict)
    foreign_sessions: dict[str, str] = field(default_factory=dict)
    foreign_tokens: dict[str, str] = field(default_factory=dict)
    #: Row scope: a text that identifies each kind's row in the personas' company (`own`)
    #: and in the other company (`foreign`).
    own: dict[str, str] = field(default_factory=dict)
    foreign: dict[str, str] = field(default_factory=dict)
    #: Records that later samples build on (the customer, the key account).
    records: dict[str, Any] = field(default_factory=dict)


def local(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=TZ)


def make_user(persona: str, company: Company, username: str) -> Any:
    """The same staff record and roles as the conftest's make_staff()."""
    kind, position_kind, roles = {**PERSONAS, **_EXTRA_PERSONAS}[persona]
    department, _ = Department.objects.get_or_create(
        company=company, code=kind, defaults={"name": kind, "kind": kind}
    )
    position, _ = Position.objects.get_or_create(
        code=position_kind, defaults={"name": position_kind, "kind": position_kind}
    )
    # No password: the tests sign in with force_login, and hashing one costs a second.
    user = get_user_model().objects.create_user(username=username)
    user.groups.set(Group.objects.filter(name__in=roles))
    Staff.objects.create(
        user=user,
        company=company,
        department=department,
        position=position,
        employee_number=f"E{user.pk:05d}",
        name=f"{persona} {company.code}",
    )
    return user


def _company(code: str, name: str) -> Company:
    company, _ = Company.objects.get_or_create(code=code, defaults={"name": name})
    return company


def build_world() -> World:
    company = _company("dazu", "大足供電公司")
    other = _company("tongliang", "銅梁供電公司")
    users = {role: make_user(p, company, p) for role, p in ROLE_PERSONAS.items()}
    foreign_users = {role: make_user(p, other, f"foreign_{p}") for role, p in ROLE_PERSONAS.items()}
    world = World(company=company, other_company=other, users=users, foreign_users=foreign_users)
    _org(world)
    _rules(world)
    _customers(world)
    _frontoffice(world)
    _assessments(world)
    _keyaccounts(world)
    _field(world)
    _later_modules(world)
    _foreign(world)
    return world


@pytest.fixture(scope="module", name="world")
def world_fixture(
    django_db_setup: Any,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[World]:
    """The samples, once for the module, inside a transaction rolled back at its end;
    each test's own `db` transaction nests inside it as a savepoint."""
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        built = build_world()
        for role in STAFF_ROLES:
            built.tokens[role] = api_token_issue(user=built.users[role])
            built.sessions[role] = _session(built.users[role])
            built.foreign_sessions[role] = _session(built.foreign_users[role])
            built.foreign_tokens[role] = api_token_issue(user=built.foreign_users[role])
        yield built
        transaction.set_rollback(True)


def _session(user: Any) -> str:
    client = Client()
    client.force_login(user)
    return client.cookies[settings.SESSION_COOKIE_NAME].value


def _dept(company: Company, kind: str) -> Department:
    return Department.objects.get_or_create(
        company=company, code=kind, defaults={"name": kind, "kind": kind}
    )[0]


def _org(world: World) -> None:
    from gridcare.workdays.models import CalendarYear

    colleague = make_user("csc_agent", world.company, "colleague")
    world.samples["colleague"] = {"user_id": colleague.pk}
    year = CalendarYear.objects.order_by("-year").first()
    assert year is not None, "the calendar years are seeded by a workdays migration"
    world.samples["calendar_year"] = {"year": year.year}
    world.samples["calendar_day"] = {"date": "2026-11-27"}


def _rules(world: World) -> None:
    from gridcare.core.models import Notification
    from gridcare.rules.models import ClockExemption, RuleProfile, ServiceStandard
    from gridcare.rules.services import clock_start, profile_adopt

    # The company owns its measures, as the demo company does: its marketing department
    # revises them, another company's is refused.
    shared = RuleProfile.objects.get(is_default=True)
    own = profile_adopt(
        company=world.company, profile=shared, effective_from=shared.effective_from, actor=None
    )
    standard = ServiceStandard.objects.filter(profile=own, code="application.plan_reply").first()
    assert standard is not None, "the measures are seeded by the rules migrations"
    world.samples["standard"] = {"pk": standard.pk}
    # The company's own profile: its marketing may post (already its own: a message);
    # another company's marketing may not adopt it (404).
    world.samples["profile"] = {"pk": own.pk}
    digest = Notification.objects.create(
        recipient=world.users["counter_clerk"],
        title="每日摘要",
        kind="digest",
        key="access-matrix-digest",
        created_at=timezone.now(),
    )
    world.samples["digest"] = {"pk": digest.pk}
    subject = Group.objects.create(name="access-matrix-clock-subject")
    clock = clock_start(
        subject=subject,
        code="application.plan_reply",
        company=world.company,
        started_at=local("2026-11-23 10:00"),
        attrs={"voltage": "low"},
        department=_dept(world.company, "csc"),
    )
    assert clock is not None
    world.samples["clock"] = {"pk": clock.pk}
    exemption = ClockExemption.objects.create(
        clock=clock,
        reason="客戶要求延後",
        requested_by=world.users["csc_agent"],
        requested_at=local("2026-11-24 10:00"),
    )
    world.samples["exemption"] = {"pk": exemption.pk}


def _customer(company: Company, number: str, name: str, **extra: Any) -> Any:
    from gridcare.customers.models import Customer

    values = {
        "company": company,
        "account_number": number,
        "name": name,
        "category": "non_residential",
        "voltage": "10kv",
        "supply_sources": 1,
        "town": "龍崗街道",
        "address": "五星大道1號",
        "phone": "13800001111",
    }
    values.update(extra)
    return Customer.objects.create(**values)


def _customers(world: World) -> None:
    from gridcare.applications.services import application_receive
    from gridcare.customers.models import CustomerImport

    clerk = world.users["counter_clerk"]
    customer = _customer(world.company, "0100000001", "大足機械廠")
    world.samples["customer"] = {"pk": customer.pk}
    world.samples["customer_account"] = {"account_number": customer.account_number}
    batch = CustomerImport.objects.create(
        company=world.company,
        uploaded_by=world.users["marketing"],
        uploaded_at=timezone.now(),
        file_name="customers.csv",
        path="customers/none.csv",
    )
    world.samples["customer_import"] = {"pk": batch.pk}
    world.samples["import_template"] = {"fmt": "csv"}
    application = application_receive(
        company=world.company,
        customer=customer,
        received_at=local("2026-11-23 10:00"),
        actor=clerk,
        department=clerk.staff.department,
        staff=clerk.staff,
        kind="new_connection",
    )
    world.samples["application"] = {"pk": application.pk}
    world.records["customer"] = customer
    world.own["application"] = customer.name


def _frontoffice(world: World) -> None:
    from gridcare.frontoffice.models import (
        AgentExtension,
        CallImport,
        Checklist,
        Counter,
        InspectionPhoto,
        ServiceHall,
    )
    from gridcare.frontoffice.services.calls import call_record_manual
    from gridcare.frontoffice.services.inspections import ItemScore, inspection_record
    from gridcare.frontoffice.services.matters import matter_open, matter_refer

    clerk, agent = world.users["counter_clerk"], world.users["csc_agent"]
    hall = ServiceHall.objects.create(
        company=world.company,
        department=clerk.staff.department,
        name="龍崗供電門市",
        address="大足縣龍崗鎮棠香街123號",
        opening_hours="週一至週五 08:30–17:30",
    )
    counter = Counter.objects.create(hall=hall, number=1, name="1號窗口")
    world.samples["hall"] = {"hall_id": hall.pk}
    world.samples["counter"] = {"hall_id": hall.pk, "counter_id": counter.pk}
    world.samples["counter_action"] = {**world.samples["counter"], "action": "call"}
    world.samples["company_code"] = {"code": world.company.code}

    call = call_record_manual(
        company=world.company,
        caller="13800138000",
        started_at=timezone.now() - timedelta(hours=1),
        answered=False,
        ring_seconds=30,
        agent=None,
        actor=agent,
    )
    world.samples["call"] = {"pk": call.pk}
    batch = CallImport.objects.create(
        company=world.company,
        source="upload",
        filename="Master.csv",
        uploaded_at=timezone.now(),
    )
    world.samples["call_import"] = {"pk": batch.pk}
    extension = AgentExtension.objects.create(
        company=world.company, extension="8001", staff=agent.staff
    )
    world.samples["agent_extension"] = {"pk": extension.pk}

    checklist = Checklist.objects.order_by("-version").first()
    assert checklist is not None, "the hall checklist is seeded by a migration"
    inspection = inspection_record(
        hall=hall,
        scores=[
            ItemScore(
                item=item, points=0 if i == 0 else item.points, note="櫃檯不整潔" if i == 0 else ""
            )
            for i, item in enumerate(checklist.items.order_by("number"))
        ],
        actor=world.users["supervision"],
    )
    world.samples["hall_inspection"] = {"pk": inspection.pk}
    world.samples["inspection_result"] = {"pk": inspection.results.order_by("pk")[0].pk}
    photo = InspectionPhoto(inspection=inspection, uploaded_by=world.users["supervision"])
    photo.uploaded_at = timezone.now()
    photo.image.save("hall.png", ContentFile(PNG), save=True)
    world.samples["hall_photo"] = {"pk": photo.pk}

    matter = matter_open(
        company=world.company,
        kind="complaint",
        channel="counter",
        subject="電費諮詢",
        description="客戶詢問電費",
        customer_name="張先生",
        customer_phone="13900001111",
        category="service",
        actor=clerk,
    )
    world.samples["matter"] = {"pk": matter.pk}
    referral = matter_refer(
        matter=matter,
        department=world.users["production_technology"].staff.department,
        contact_person="李工",
        request="請核實線路情況",
        due=timezone.localdate() + timedelta(days=5),
        actor=clerk,
    )
    world.samples["referral"] = {"pk": referral.pk}


def _assessments(world: World) -> None:
    from gridcare.assessments.services import assessment_item_record
    from gridcare.rules.models import Clause

    evidence = Group.objects.create(name="access-matrix-evidence")
    item = assessment_item_record(
        company=world.company,
        kind="breach",
        clause=Clause.objects.filter(number="2.10").first(),
        department=_dept(world.company, "csc"),
        staff=None,
        evidence_object=evidence,
        description="答覆逾期",
        occurred_on=date(2026, 11, 2),
        actor=None,
    )
    world.samples["assessment_item"] = {"pk": item.pk}
    world.samples["point_rule"] = {"kind": "breach"}


def _keyaccounts(world: World) -> None:
    from gridcare.keyaccounts.models import RoundEntry
    from gridcare.keyaccounts.services.contacts import contact_change_propose
    from gridcare.keyaccounts.services.designation import keyaccount_list_adjust
    from gridcare.keyaccounts.services.feed import calendar_feed_issue
    from gridcare.keyaccounts.services.items import (
        clauses_for_proposals,
        proposal_create,
        service_item_create,
    )
    from gridcare.keyaccounts.services.rounds import designation_round_open

    contact, leader = world.users["keyaccount_contact"], world.users["leadership"]
    marketing = world.users["marketing"]
    account = _customer(world.company, "0500000001", "大足鋼鐵廠", is_government_body=True)
    keyaccount_list_adjust(
        customer=account, add=True, reason="測試", actor=leader, contact=contact.staff
    )
    world.samples["account"] = {"pk": account.pk}
    account.refresh_from_db()
    world.records["account"] = account
    item = service_item_create(
        customer=account,
        kind="need",
        title="增容需求",
        department=_dept(world.company, "marketing"),
        due=timezone.localdate() + timedelta(days=10),
        actor=contact,
    )
    world.samples["service_item"] = {"pk": item.pk}
    proposal = proposal_create(
        department=_dept(world.company, "csc"),
        clause=clauses_for_proposals(world.company.pk)[0],
        reason="未按時答覆",
        actor=contact,
        customer=account,
    )
    world.samples["ka_proposal"] = {"pk": proposal.pk}
    change = contact_change_propose(
        customer=account,
        new_contact=world.users["csc_director"].staff,
        reason="人事調整",
        actor=marketing,
    )
    world.samples["contact_change"] = {"pk": change.pk}
    round = designation_round_open(company=world.company, actor=marketing)
    entry = RoundEntry.objects.filter(round=round).order_by("pk").first()
    world.samples["round"] = {"pk": round.pk}
    world.samples["round_entry"] = {"pk": round.pk, "entry_pk": entry.pk if entry else 0}
    world.samples["feed_token"] = {"token": calendar_feed_issue(user=contact)}


def _field(world: World) -> None:
    from gridcare.field.models import (
        AffectedCustomer,
        Finding,
        FindingPhoto,
        OutagePlan,
        WrittenNotice,
    )
    from gridcare.field.services.faults import fault_report_create
    from gridcare.field.services.inspections import inspection_plan_half_year
    from gridcare.field.services.patrols import patrol_request_create

    customer = world.records["customer"]
    now = timezone.now()
    plan = OutagePlan.objects.create(
        company=world.company,
        number="TD-00001",
        kind="planned",
        title="龍崗線檢修",
        town="龍崗街道",
        starts_at=now + timedelta(days=10),
        ends_at=now + timedelta(days=10, hours=4),
        filed_at=now,
    )
    affected = AffectedCustomer.objects.create(outage=plan, customer=customer)
    world.samples["outage"] = {"pk": plan.pk}
    world.samples["outage_affected"] = {"pk": plan.pk, "affected_pk": affected.pk}
    world.samples["town"] = {"town": "龍崗街道"}
    fault = fault_report_create(
        company=world.company,
        source="call",
        area="urban",
        address="龍崗街道1號",
        description="停電",
        customer=customer,
        actor=world.users["dispatch_planner"],
    )
    world.samples["fault"] = {"pk": fault.pk}
    inspection = inspection_plan_half_year(
        customer=world.records["account"],
        half=date(2026, 7, 1),
        unit=world.users["field_unit"].staff.department,
        scheduled_for=date(2026, 12, 15),
        actor=world.users["production_technology"],
    )
    world.samples["field_inspection"] = {"pk": inspection.pk}
    finding = Finding.objects.create(
        inspection=inspection, description="絕緣老化", severity="major"
    )
    photo = FindingPhoto(finding=finding, content_type="image/png", size=len(PNG), uploaded_at=now)
    photo.file.save("finding.png", ContentFile(PNG), save=True)
    world.samples["field_photo"] = {"pk": photo.pk}
    notice = WrittenNotice.objects.create(
        company=world.company,
        number="TZ-00001",
        inspection=inspection,
        rectify_by=timezone.localdate() + timedelta(days=30),
        issued_at=now,
    )
    world.samples["written_notice"] = {"pk": notice.pk}
    patrol = patrol_request_create(
        customer=world.records["account"],
        channel="portal",
        requested_by="廠長",
        what="變壓器巡視",
        wanted_from=timezone.localdate() + timedelta(days=3),
        wanted_to=timezone.localdate() + timedelta(days=10),
        actor=None,
    )
    world.samples["patrol_request"] = {"pk": patrol.pk}
    world.samples["ka_patrol"] = {"customer_pk": world.records["account"].pk}


def _later_modules(world: World) -> None:
    """Surveys, follow-up calls and the half-year report (R-3.8.1–3.8.3): a questionnaire
    with a question, a round open for the key account with one response recorded, a queued
    follow-up call, a published report and a draft one."""
    from gridcare.followups.models import FollowupCall
    from gridcare.followups.services import followup_settings_update, followups_queue
    from gridcare.frontoffice.models import Matter
    from gridcare.reports.services import report_generate, report_publish, report_review
    from gridcare.surveys.services import (
        question_add,
        questionnaire_create,
        survey_response_record,
        survey_round_open,
    )

    officer = world.users["supervision"]
    questionnaire = questionnaire_create(company=world.company, title="大客戶滿意度", actor=officer)
    question = question_add(
        questionnaire=questionnaire,
        kind="scale",
        text="供電可靠性",
        required=True,
        options=[],
        actor=officer,
    )
    world.samples["questionnaire"] = {"pk": questionnaire.pk}
    world.samples["question"] = {"pk": questionnaire.pk, "question_pk": question.pk}
    opened = survey_round_open(company=world.company, questionnaire=questionnaire, actor=officer)
    invitation_pk, token = next(iter(opened.tokens.items()))
    world.samples["survey_round"] = {"pk": opened.round.pk}
    world.samples["survey_invitation"] = {"pk": opened.round.pk, "invitation_pk": invitation_pk}
    world.samples["survey_token"] = {"token": token}
    invitation = opened.round.invitations.get(pk=invitation_pk)
    response = survey_response_record(
        invitation=invitation,
        answers={question.pk: 5},
        channel="phone",
        received_at=timezone.now(),
        actor=officer,
    )
    world.samples["survey_response"] = {"pk": response.pk}

    followup_settings_update(company=world.company, actor=officer, sample_percent=100)
    clerk = world.users["counter_clerk"].staff
    closed_at = timezone.now() - timedelta(days=1)
    Matter.objects.create(
        company=world.company,
        kind=Matter.Kind.CONSULTATION,
        channel=Matter.Channel.COUNTER,
        received_at=closed_at - timedelta(hours=3),
        received_by=clerk,
        owner=clerk,
        customer_name="王女士",
        customer_phone="13900002222",
        subject="電費諮詢",
        description="…",
        status=Matter.Status.CLOSED,
        closed_at=closed_at,
    )
    followups_queue(company=world.company)
    call = FollowupCall.objects.filter(company=world.company).order_by("pk").first()
    assert call is not None, "a closed matter sampled at 100 % is queued"
    world.samples["followup_call"] = {"pk": call.pk}

    published = report_generate(company=world.company, half_start=date(2026, 1, 1), actor=officer)
    report_review(report=published, comment="整體良好", section_comments={}, actor=officer)
    report_publish(report=published, actor=officer)
    world.samples["report_published"] = {"pk": published.pk}
    draft = report_generate(company=world.company, half_start=date(2025, 7, 1), actor=officer)
    world.samples["report_draft"] = {"pk": draft.pk}


def _foreign(world: World) -> None:
    """One row of every listed kind in the other company, each with a text that appears
    nowhere in the personas' company (R-1 row scope; issue 9 item 3)."""
    from gridcare.applications.services import application_receive
    from gridcare.assessments.services import assessment_item_record
    from gridcare.field.models import OutagePlan
    from gridcare.field.services.faults import fault_report_create
    from gridcare.field.services.inspections import inspection_plan_half_year
    from gridcare.frontoffice.models import AgentExtension, CallImport, ServiceHall
    from gridcare.frontoffice.services.calls import call_record_manual
    from gridcare.frontoffice.services.matters import matter_open
    from gridcare.keyaccounts.services.designation import keyaccount_list_adjust
    from gridcare.keyaccounts.services.items import service_item_create
    from gridcare.rules.models import Clause

    other = world.other_company
    clerk, leader = world.foreign_users["counter_clerk"], world.foreign_users["leadership"]
    prodtech = world.foreign_users["production_technology"]
    unit = world.foreign_users["field_unit"]
    world.foreign["staff"] = clerk.staff.name
    world.own["staff"] = world.users["counter_clerk"].staff.name

    customer = _customer(other, "0199999999", "銅梁外司機械廠甲", phone="13999990001")
    world.foreign["customer"] = customer.name
    world.own["customer"] = "大足機械廠"
    application = application_receive(
        company=other,
        customer=customer,
        received_at=local("2026-11-23 11:00"),
        actor=clerk,
        department=clerk.staff.department,
        staff=clerk.staff,
        kind="new_connection",
    )
    # Numbers restart in every company (YK2026-000001 in both): the customer tells them apart.
    assert application.customer_id == customer.pk
    world.foreign["application"] = customer.name

    matter_open(
        company=other,
        kind="consultation",
        channel="counter",
        subject="外司事項乙",
        description="…",
        customer_name="銅梁外司客戶乙",
        actor=clerk,
    )
    world.foreign["matter"], world.own["matter"] = "銅梁外司客戶乙", "張先生"
    call_record_manual(
        company=other,
        caller="13999990002",
        started_at=timezone.now() - timedelta(hours=1),
        answered=False,
        ring_seconds=30,
        agent=None,
        actor=clerk,
    )
    world.foreign["call"], world.own["call"] = "13999990002", "13800138000"
    CallImport.objects.create(
        company=other, source="upload", filename="tongliang-cdr.csv", uploaded_at=timezone.now()
    )
    world.foreign["call_import"], world.own["call_import"] = "tongliang-cdr.csv", "Master.csv"
    AgentExtension.objects.create(company=other, extension="7770", staff=clerk.staff)
    world.foreign["agent_extension"], world.own["agent_extension"] = "7770", "8001"
    ServiceHall.objects.create(
        company=other,
        department=clerk.staff.department,
        name="銅梁外司門市",
        address="銅梁縣",
        opening_hours="週一至週五",
    )
    world.foreign["hall"], world.own["hall"] = "銅梁外司門市", "龍崗供電門市"

    evidence = Group.objects.create(name="access-matrix-foreign-evidence")
    assessment_item_record(
        company=other,
        kind="breach",
        clause=Clause.objects.filter(number="2.10").first(),
        department=_dept(other, "csc"),
        staff=None,
        evidence_object=evidence,
        description="外司考核項丁",
        occurred_on=date(2026, 11, 2),
        actor=None,
    )
    world.foreign["assessment_item"], world.own["assessment_item"] = "外司考核項丁", "答覆逾期"

    account = _customer(other, "0599999999", "銅梁外司大客戶戊", is_government_body=True)
    keyaccount_list_adjust(
        customer=account, add=True, reason="測試", actor=leader, contact=leader.staff
    )
    world.foreign["account"], world.own["account"] = account.name, "大足鋼鐵廠"
    service_item_create(
        customer=account,
        kind="need",
        title="外司需求己",
        department=_dept(other, "marketing"),
        due=timezone.localdate() + timedelta(days=10),
        actor=leader,
    )
    world.foreign["service_item"], world.own["service_item"] = "外司需求己", "增容需求"

    now = timezone.now()
    OutagePlan.objects.create(
        company=other,
        number="TD-99999",
        kind="planned",
        title="銅梁外司檢修庚",
        town="巴川街道",
        starts_at=now + timedelta(days=10),
        ends_at=now + timedelta(days=10, hours=4),
        filed_at=now,
    )
    world.foreign["outage"], world.own["outage"] = "銅梁外司檢修庚", "龍崗線檢修"
    fault_report_create(
        company=other,
        source="call",
        area="urban",
        address="銅梁外司地址丙",
        description="停電",
        actor=unit,
    )
    world.foreign["fault"], world.own["fault"] = "銅梁外司地址丙", "龍崗街道1號"
    account.refresh_from_db()
    inspection_plan_half_year(
        customer=account,
        half=date(2026, 7, 1),
        unit=unit.staff.department,
        scheduled_for=date(2026, 12, 15),
        actor=prodtech,
    )
    world.foreign["field_inspection"] = account.name
    world.own["field_inspection"] = "大足鋼鐵廠"
    _foreign_later_modules(world)


def _foreign_later_modules(world: World) -> None:
    from gridcare.followups.services import followup_settings_update, followups_queue
    from gridcare.frontoffice.models import Matter
    from gridcare.surveys.services import questionnaire_create

    other, officer = world.other_company, world.foreign_users["supervision"]
    questionnaire_create(company=other, title="銅梁外司問卷辛", actor=officer)
    world.foreign["questionnaire"], world.own["questionnaire"] = "銅梁外司問卷辛", "大客戶滿意度"
    followup_settings_update(company=other, actor=officer, sample_percent=100)
    clerk = world.foreign_users["counter_clerk"].staff
    closed_at = timezone.now() - timedelta(days=1)
    Matter.objects.create(
        company=other,
        kind=Matter.Kind.CONSULTATION,
        channel=Matter.Channel.COUNTER,
        received_at=closed_at - timedelta(hours=3),
        received_by=clerk,
        owner=clerk,
        customer_name="銅梁外司回訪客戶壬",
        customer_phone="13999990003",
        subject="電費諮詢",
        description="…",
        status=Matter.Status.CLOSED,
        closed_at=closed_at,
    )
    followups_queue(company=other)
    world.foreign["followup_call"], world.own["followup_call"] = "銅梁外司回訪客戶壬", "王女士"
