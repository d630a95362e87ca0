"""Reads of the organisation: which companies a user acts for and may see."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from gridcare.org.models import Company, Department, Staff


def staff_of(user: Any) -> Staff | None:
    """The staff record of a user, or None (a superuser may have none)."""
    if not getattr(user, "is_authenticated", False):
        return None
    try:
        return user.staff
    except Staff.DoesNotExist:
        return None


def company_ids_visible(user: Any) -> set[int] | None:
    """Ids of the companies whose rows the user may see; None means every company.

    Superusers and staff of a city-level company see their company and all below it
    (a superuser without staff sees all); everyone else sees only their own company.
    """
    if not getattr(user, "is_authenticated", False):
        return set()
    staff = staff_of(user)
    if staff is None:
        return None if user.is_superuser else set()
    company = staff.company
    if company.level == Company.Level.CITY:
        return {company.pk, *Company.objects.filter(parent=company).values_list("pk", flat=True)}
    return {company.pk}


def company_for(user: Any) -> Company | None:
    """The company a user acts for (API.md: a superuser with no company acts for the only
    company when the deployment holds one)."""
    staff = staff_of(user)
    if staff is not None:
        return staff.company
    if getattr(user, "is_superuser", False):
        companies = list(Company.objects.all()[:2])
        if len(companies) == 1:
            return companies[0]
    return None


def may_change_rules(user: Any, owner: Company | int | None, permission: str) -> bool:
    """Whether `user` may change rules (a profile's standards, points) owned by `owner`
    (R-1.3): a deployment administrator may change any; the staff of the owning company
    may, with the permission; rules shared by the deployment (`owner` None) are changed
    by its administrators only, never by one company on behalf of the others."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    staff = staff_of(user)
    if owner is None or staff is None:
        return False
    owner_id = owner if isinstance(owner, int) else owner.pk
    return staff.company_id == owner_id and bool(user.has_perm(permission))


def staff_list(*, user: Any) -> QuerySet[Staff]:
    qs = Staff.objects.select_related("user", "company", "department", "position")
    visible = company_ids_visible(user)
    return qs if visible is None else qs.filter(company_id__in=visible)


def department_list(*, user: Any) -> QuerySet[Department]:
    qs = Department.objects.select_related("company")
    visible = company_ids_visible(user)
    return qs if visible is None else qs.filter(company_id__in=visible)
