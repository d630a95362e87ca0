"""Which agent answers on which phone extension: the call import names the agent of each
answered call by the extension of its answering channel (R-2.8, figures per agent). The
CSC director keeps this list; a change applies to the calls imported after it."""

from __future__ import annotations

import re
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError
from gridcare.core.services import audit_log
from gridcare.frontoffice.models import AgentExtension
from gridcare.org.models import Company, Staff

# What the phone system writes as an extension: digits, letters, '-', '_' or '.'.
_EXTENSION = re.compile(r"[0-9A-Za-z_.\-]{1,40}")


def _checked(company: Company, extension: str, staff: Staff, *, pk: int | None) -> str:
    extension = extension.strip()
    if not _EXTENSION.fullmatch(extension):
        raise DomainError(
            _("An extension is 1 to 40 digits or letters (as the phone system writes it)."),
            field="extension",
        )
    if staff.company_id != company.pk:
        raise DomainError(_("This member of staff belongs to another company."), field="staff")
    taken = AgentExtension.objects.filter(company=company, extension=extension)
    if pk is not None:
        taken = taken.exclude(pk=pk)
    if taken.exists():
        raise DomainError(_("This extension is already assigned."), field="extension")
    return extension


@transaction.atomic
def agent_extension_add(
    *, company: Company, extension: str, staff: Staff, actor: Any
) -> AgentExtension:
    extension = _checked(company, extension, staff, pk=None)
    row = AgentExtension.objects.create(company=company, extension=extension, staff=staff)
    audit_log(
        action="frontoffice.extension.assigned",
        actor=actor,
        obj=row,
        company=company,
        payload={"extension": extension, "staff": staff.name},
    )
    return row


@transaction.atomic
def agent_extension_change(
    *, row: AgentExtension, extension: str, staff: Staff, actor: Any
) -> AgentExtension:
    row = AgentExtension.objects.select_for_update().get(pk=row.pk)
    extension = _checked(row.company, extension, staff, pk=row.pk)
    previous = {"previous_extension": row.extension, "previous_staff": row.staff.name}
    row.extension, row.staff = extension, staff
    row.save(update_fields=["extension", "staff"])
    audit_log(
        action="frontoffice.extension.changed",
        actor=actor,
        obj=row,
        company=row.company,
        payload={**previous, "extension": extension, "staff": staff.name},
    )
    return row


@transaction.atomic
def agent_extension_remove(*, row: AgentExtension, actor: Any) -> None:
    audit_log(
        action="frontoffice.extension.removed",
        actor=actor,
        obj=row,
        company=row.company,
        payload={"extension": row.extension, "staff": row.staff.name},
    )
    row.delete()
