"""One FilterSet per list, shared by the pages and the API (DESIGN.md)."""

from __future__ import annotations

from datetime import date
from typing import Any

import django_filters
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gridcare.core.query import DateFilter
from gridcare.customers.models import Customer
from gridcare.customers.selectors import customer_search
from gridcare.keyaccounts import criteria
from gridcare.keyaccounts.compliance import outcome_q
from gridcare.keyaccounts.halves import half_end, half_label, half_start, parse_half
from gridcare.keyaccounts.models import (
    ContactAssignment,
    Criterion,
    KeyAccountHalfYear,
    ServiceItem,
)
from gridcare.keyaccounts.services.contacts import eligible_contacts
from gridcare.org.models import Department, Staff
from gridcare.org.selectors import company_for
from gridcare.rules.deadlines import add_months

VISIT_STATES = (
    ("visited", pgettext_lazy("visit state", "Visited")),
    ("owed", pgettext_lazy("visit state", "Not yet visited")),
    ("overdue", pgettext_lazy("visit state", "Overdue")),
    ("not_owed", pgettext_lazy("visit state", "Not owed (designated late)")),
)


def _visit_state_q(value: str, today: date, prefix: str = "") -> Q:
    """A half-year row's visit state as a condition (see selectors.half_state)."""
    owes = Q(**{f"{prefix}owes_visit": True})
    pending = owes & Q(**{f"{prefix}visited_on__isnull": True, f"{prefix}left_on__isnull": True})
    if value == "visited":
        return Q(**{f"{prefix}visited_on__isnull": False})
    if value == "not_owed":
        return Q(**{f"{prefix}owes_visit": False, f"{prefix}visited_on__isnull": True})
    past = Q(**{f"{prefix}half_start__lt": half_start(today)})
    if value == "overdue":
        return pending & past
    return pending & ~past


def _contacts(request: Any) -> Any:
    company = company_for(getattr(request, "user", None))
    return eligible_contacts(company) if company else Staff.objects.none()


class KeyAccountFilter(django_filters.FilterSet):
    """The key-account list: text, contact, town, criterion, this half year's visit."""

    q = django_filters.CharFilter(method="filter_q", label=_("Number, name, phone or address"))
    contact = django_filters.ModelChoiceFilter(
        queryset=_contacts, method="filter_contact", label=_("Contact")
    )
    town = django_filters.CharFilter(field_name="town", label=_("Town or street"))
    criterion = django_filters.ChoiceFilter(
        choices=Criterion.choices, method="filter_criterion", label=_("Criterion met")
    )
    visit = django_filters.ChoiceFilter(
        choices=VISIT_STATES[:2], method="filter_visit", label=_("Visit this half year")
    )

    class Meta:
        model = Customer
        fields: list[str] = []

    def filter_q(self, queryset: QuerySet[Customer], name: str, value: str) -> QuerySet[Customer]:
        return customer_search(queryset, value)

    def filter_contact(
        self, queryset: QuerySet[Customer], name: str, value: Staff
    ) -> QuerySet[Customer]:
        return queryset.filter(
            pk__in=ContactAssignment.objects.filter(contact=value, valid_to__isnull=True).values(
                "customer_id"
            )
        )

    def filter_criterion(
        self, queryset: QuerySet[Customer], name: str, value: str
    ) -> QuerySet[Customer]:
        company = company_for(getattr(self.request, "user", None))
        if company is None:
            return queryset.none()
        return queryset.filter(criteria.conditions(criteria.settings_for(company))[value])

    def filter_visit(
        self, queryset: QuerySet[Customer], name: str, value: str
    ) -> QuerySet[Customer]:
        today = timezone.localdate()
        rows = KeyAccountHalfYear.objects.filter(half_start=half_start(today)).filter(
            _visit_state_q(value, today)
        )
        return queryset.filter(pk__in=rows.values("customer_id"))


def half_choices(today: date, count: int = 6) -> list[tuple[str, str]]:
    """This half year and the ones before it, newest first."""
    start = half_start(today)
    return [(half_label(add_months(start, -6 * i)),) * 2 for i in range(count)]  # type: ignore[misc]


class HalfYearFilter(django_filters.FilterSet):
    """The half-year overview: which accounts were visited, which are overdue, by contact."""

    half = django_filters.ChoiceFilter(
        choices=half_choices(timezone.localdate()),
        method="filter_half",
        label=_("Half year"),
        empty_label=None,
    )
    contact = django_filters.ModelChoiceFilter(
        queryset=_contacts, field_name="contact", label=_("Contact")
    )
    state = django_filters.ChoiceFilter(
        choices=VISIT_STATES, method="filter_state", label=_("Visit")
    )

    class Meta:
        model = KeyAccountHalfYear
        fields: list[str] = []

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        self.today = timezone.localdate()
        if data is not None and hasattr(data, "copy"):
            data = data.copy()
            data.setdefault("half", half_label(self.today))
        super().__init__(data, *args, **kwargs)
        self.filters["half"].extra["choices"] = half_choices(self.today)

    @property
    def chosen_half(self) -> date:
        value = self.form.cleaned_data.get("half") if self.is_valid() else None
        return parse_half(value or "") or half_start(self.today)

    def filter_half(
        self, queryset: QuerySet[KeyAccountHalfYear], name: str, value: str
    ) -> QuerySet[KeyAccountHalfYear]:
        # The scoping selector already holds the chosen half year (see views).
        return queryset

    def filter_state(
        self, queryset: QuerySet[KeyAccountHalfYear], name: str, value: str
    ) -> QuerySet[KeyAccountHalfYear]:
        if value in ("owed", "overdue"):
            pending = Q(owes_visit=True, visited_on__isnull=True, left_on__isnull=True)
            late = self.today > half_end(self.chosen_half)
            if (value == "overdue") != late:
                return queryset.none()
            return queryset.filter(pending)
        return queryset.filter(_visit_state_q(value, self.today))


ITEM_LISTS = (
    ("open", pgettext_lazy("service item", "Open")),
    ("overdue", pgettext_lazy("service item", "Overdue")),
    ("done", pgettext_lazy("service item", "Done")),
    ("all", _("All")),
)


#: Outcomes by the compliance rule of R-3.6.2 / R-3.7.6 (see keyaccounts.compliance).
ITEM_OUTCOMES = (
    ("met", _("Completed by its due date")),
    ("breached", _("Completed late or overdue")),
    ("running", _("Open, not yet due")),
)


class ServiceItemFilter(django_filters.FilterSet):
    """The service items: open / overdue / done, kind, department; and the records behind
    a compliance figure (outcome over the period the item counts in, R-3.6.2, R-3.7.6)."""

    list = django_filters.ChoiceFilter(
        choices=ITEM_LISTS, method="filter_list", label=_("List"), empty_label=None
    )
    kind = django_filters.ChoiceFilter(choices=ServiceItem.Kind.choices, label=_("Kind"))
    department = django_filters.ModelChoiceFilter(
        queryset=lambda request: Department.objects.filter(
            company=company_for(getattr(request, "user", None))
        ),
        label=_("Responsible department"),
    )
    outcome = django_filters.ChoiceFilter(
        choices=ITEM_OUTCOMES, method="filter_outcome", label=_("Outcome")
    )
    date_from = DateFilter(field_name="period_date", lookup_expr="gte", label=_("Counts from"))
    date_to = DateFilter(field_name="period_date", lookup_expr="lte", label=_("Counts until"))

    class Meta:
        model = ServiceItem
        fields: list[str] = []

    def __init__(self, data: Any = None, *args: Any, **kwargs: Any) -> None:
        if data is not None and hasattr(data, "copy"):
            data = data.copy()
            data.setdefault("list", "open")
        super().__init__(data, *args, **kwargs)

    def filter_list(
        self, queryset: QuerySet[ServiceItem], name: str, value: str
    ) -> QuerySet[ServiceItem]:
        today = timezone.localdate()
        if value == "open":
            return queryset.filter(status__in=ServiceItem.OPEN_STATUSES)
        if value == "overdue":
            return queryset.filter(status__in=ServiceItem.OPEN_STATUSES, due__lt=today)
        if value == "done":
            return queryset.filter(status=ServiceItem.Status.DONE)
        return queryset

    def filter_outcome(
        self, queryset: QuerySet[ServiceItem], name: str, value: str
    ) -> QuerySet[ServiceItem]:
        return queryset.filter(outcome_q(value, timezone.localdate()))
