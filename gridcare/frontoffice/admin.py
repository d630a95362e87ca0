"""Reference data of the front office kept by administrators (halls, counters, agent
extensions, the fee catalogue, tariffs and the public texts, the conduct codes and the
hall checklist). Day-to-day records (calls, tickets, matters, charges) change only through
the services and the pages; here they are not listed. Halls, agent extensions and fees
are scoped to the company administrator's company (core.adminsite); the rest is for
deployment administrators."""

from django.contrib import admin

from gridcare.core.adminsite import CompanyScopedAdmin
from gridcare.frontoffice.models import (
    AgentExtension,
    BusinessProcedure,
    Checklist,
    ChecklistItem,
    ConductCode,
    ConductItem,
    Counter,
    FeeItem,
    PublicNotice,
    ServiceHall,
    Tariff,
)


class CounterInline(admin.TabularInline):
    model = Counter
    extra = 0


@admin.register(ServiceHall)
class ServiceHallAdmin(CompanyScopedAdmin):
    list_display = ["name", "company", "address", "opening_hours", "is_public"]
    list_filter = ["company"]
    inlines = [CounterInline]


@admin.register(AgentExtension)
class AgentExtensionAdmin(CompanyScopedAdmin):
    list_display = ["extension", "staff", "company"]
    list_filter = ["company"]
    search_fields = ["extension", "staff__name"]
    autocomplete_fields = ["staff"]


@admin.register(FeeItem)
class FeeItemAdmin(CompanyScopedAdmin):
    """A changed fee is a new item from its date (the old one ends the day before); the
    database refuses a change that would strand a recorded charge (R-2.1)."""

    list_display = [
        "code",
        "name",
        "amount_yuan",
        "unit",
        "authority_number",
        "effective_from",
        "effective_to",
    ]
    list_filter = ["company"]
    search_fields = ["code", "name", "authority_number"]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Tariff)
class TariffAdmin(admin.ModelAdmin):
    list_display = ["category", "voltage", "price", "effective_from", "company", "order"]
    list_filter = ["company"]


@admin.register(PublicNotice)
class PublicNoticeAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "company", "is_published", "order"]
    list_filter = ["company", "kind"]


@admin.register(BusinessProcedure)
class BusinessProcedureAdmin(admin.ModelAdmin):
    list_display = ["title", "company", "is_published", "order"]
    list_filter = ["company"]


class ConductItemInline(admin.TabularInline):
    model = ConductItem
    extra = 0


@admin.register(ConductCode)
class ConductCodeAdmin(admin.ModelAdmin):
    """R-2.2: a new text is a new version from its date; complaints keep the item they
    named."""

    list_display = ["title", "kind", "version", "effective_from", "effective_to"]
    inlines = [ConductItemInline]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class ChecklistItemInline(admin.TabularInline):
    model = ChecklistItem
    extra = 0


@admin.register(Checklist)
class ChecklistAdmin(admin.ModelAdmin):
    list_display = ["title", "version", "effective_from", "effective_to"]
    inlines = [ChecklistItemInline]

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
