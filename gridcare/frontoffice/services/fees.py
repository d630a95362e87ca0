"""Charges against the fee catalogue (R-2.1). The service gives clear messages; the
database refuses a charge outside the catalogue whatever the path (migration 0003)."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.core.errors import DomainError
from gridcare.core.services import audit_log
from gridcare.frontoffice.models import Charge, FeeItem, Matter, yuan
from gridcare.frontoffice.services.common import staff_required
from gridcare.org.models import Company


def fee_item_in_force(item: FeeItem, on: date) -> bool:
    return item.effective_from <= on and (item.effective_to is None or on < item.effective_to)


@transaction.atomic
def charge_record(
    *,
    company: Company,
    fee_item: FeeItem,
    charged_on: date,
    quantity: int,
    customer_name: str,
    receipt_number: str,
    customer_account: str = "",
    matter: Matter | None = None,
    actor: Any,
) -> Charge:
    """Record a charge at the catalogue's amount (R-2.1: only what a document authorises)."""
    staff = staff_required(actor)
    if fee_item.company_id != company.pk:
        raise DomainError(_("This fee item belongs to another company."), field="fee_item")
    if not fee_item_in_force(fee_item, charged_on):
        raise DomainError(
            _("%(item)s is not in the fee catalogue on %(date)s.")
            % {"item": fee_item.name, "date": charged_on.isoformat()},
            field="fee_item",
        )
    if charged_on > timezone.localdate():
        raise DomainError(_("A charge cannot be dated in the future."), field="charged_on")
    if quantity < 1:
        raise DomainError(_("The quantity is at least 1."), field="quantity")
    if not receipt_number.strip():
        raise DomainError(_("Give the receipt number."), field="receipt_number")
    if not customer_name.strip():
        raise DomainError(_("Give the customer's name."), field="customer_name")
    if matter is not None and matter.company_id != company.pk:
        raise DomainError(_("This matter belongs to another company."), field="matter")
    if Charge.objects.filter(company=company, receipt_number=receipt_number.strip()).exists():
        raise DomainError(_("This receipt number is already recorded."), field="receipt_number")
    try:
        with transaction.atomic():
            charge = Charge.objects.create(
                company=company,
                fee_item=fee_item,
                charged_on=charged_on,
                quantity=quantity,
                amount_fen=fee_item.amount_fen * quantity,
                customer_account=customer_account.strip(),
                customer_name=customer_name.strip(),
                receipt_number=receipt_number.strip(),
                matter=matter,
                recorded_by=staff,
                recorded_at=timezone.now(),
            )
    except IntegrityError as error:
        # The database's own check (a catalogue change at the same moment, say).
        raise DomainError(_("The fee catalogue refused this charge."), field="fee_item") from error
    audit_log(
        action="frontoffice.charge.recorded",
        actor=actor,
        obj=charge,
        company=company,
        payload={
            "item": fee_item.code,
            "authority": fee_item.authority_number,
            "quantity": quantity,
            "amount": yuan(charge.amount_fen),
        },
    )
    return charge
