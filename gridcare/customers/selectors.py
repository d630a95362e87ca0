"""Reads of the customer register, scoped to the companies a user may see."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from gridcare.customers.models import Customer, CustomerImport, CustomerImportRejection
from gridcare.org.selectors import company_ids_visible


def customer_list(*, user: Any) -> QuerySet[Customer]:
    """Customers of the companies the user may see (DESIGN.md convention 2)."""
    qs = Customer.objects.all()
    visible = company_ids_visible(user)
    return qs if visible is None else qs.filter(company_id__in=visible)


def customer_search(qs: QuerySet[Customer], text: str) -> QuerySet[Customer]:
    """By account number (prefix), name, phone (prefix) or address (contains)."""
    text = text.strip()
    if not text:
        return qs
    return qs.filter(
        Q(account_number__istartswith=text)
        | Q(name__icontains=text)
        | Q(phone__startswith=text)
        | Q(phone_alt__startswith=text)
        | Q(contact_phone__startswith=text)
        | Q(address__icontains=text)
    )


def customer_by_account(*, user: Any, account_number: str) -> Customer | None:
    """The customer with this account number among those the user may see; when several
    companies hold the number, the one of the user's own company."""
    from gridcare.org.selectors import company_for

    rows = list(customer_list(user=user).filter(account_number=account_number)[:2])
    if len(rows) == 1:
        return rows[0]
    company = company_for(user)
    return next((c for c in rows if company and c.company_id == company.pk), None)


def customer_import_list(*, user: Any) -> QuerySet[CustomerImport]:
    qs = CustomerImport.objects.select_related("uploaded_by")
    visible = company_ids_visible(user)
    return qs if visible is None else qs.filter(company_id__in=visible)


def import_rejections(customer_import: CustomerImport) -> QuerySet[CustomerImportRejection]:
    return customer_import.rejections.order_by("line")
