"""Connection applications (業擴報裝): new connections and capacity increases (R-2.10, R-2.11,
R-3.7.3, R-3.7.5).

An application moves received → supply plan replied → (the customer's works) → completion
acceptance passed → energized → closed, or ends withdrawn or rejected. The allowed moves are
data (TRANSITIONS, DESIGN.md convention 4); each step is a row that says who recorded it and
when. The clocks live in the measures engine (gridcare.rules); the application keeps a
summary of them (`next_due`, `remind_from`, `has_breach`) so that work queues sort and
filter on one index.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: `next_due` of an application with no running clock: sorts after every real date.
NO_DUE = date(9999, 12, 31)


class Application(models.Model):
    class Kind(models.TextChoices):
        NEW_CONNECTION = "new_connection", _("New connection")
        CAPACITY_INCREASE = "capacity_increase", _("Capacity increase")

    class Status(models.TextChoices):
        RECEIVED = "received", pgettext_lazy("application status", "Received")
        PLAN_REPLIED = "plan_replied", _("Supply plan replied")
        ACCEPTANCE_PASSED = "acceptance_passed", _("Completion acceptance passed")
        ENERGIZED = "energized", _("Energized")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        REJECTED = "rejected", pgettext_lazy("an application not accepted", "Rejected")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.RECEIVED: frozenset({Status.PLAN_REPLIED, Status.WITHDRAWN, Status.REJECTED}),
        Status.PLAN_REPLIED: frozenset(
            {Status.ACCEPTANCE_PASSED, Status.WITHDRAWN, Status.REJECTED}
        ),
        Status.ACCEPTANCE_PASSED: frozenset({Status.ENERGIZED, Status.WITHDRAWN}),
        Status.ENERGIZED: frozenset({Status.CLOSED}),
        Status.CLOSED: frozenset(),
        Status.WITHDRAWN: frozenset(),
        Status.REJECTED: frozenset(),
    }
    #: The main path, in order (the customer's works lie between plan reply and acceptance).
    PATH = (
        Status.RECEIVED,
        Status.PLAN_REPLIED,
        Status.ACCEPTANCE_PASSED,
        Status.ENERGIZED,
        Status.CLOSED,
    )
    OPEN = (Status.RECEIVED, Status.PLAN_REPLIED, Status.ACCEPTANCE_PASSED)
    FINISHED = (Status.ENERGIZED, Status.CLOSED, Status.WITHDRAWN, Status.REJECTED)

    company = models.ForeignKey(
        "org.Company", verbose_name=_("company"), on_delete=models.PROTECT, related_name="+"
    )
    number = models.CharField(_("application number"), max_length=20)
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        on_delete=models.PROTECT,
        related_name="applications",
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind)
    residential_lighting = models.BooleanField(_("residential lighting"), default=False)
    status = models.CharField(_("step"), max_length=20, choices=Status, default=Status.RECEIVED)
    received_at = models.DateTimeField(_("received"))
    requested_capacity_kva = models.PositiveIntegerField(
        _("requested capacity (kVA)"), null=True, blank=True
    )
    note = models.TextField(_("note"), blank=True)
    # Copied from the customer at receipt: the limits follow what was applied for.
    voltage = models.CharField(_("voltage"), max_length=10)
    supply_sources = models.PositiveSmallIntegerField(_("supply sources"), default=1)
    town = models.CharField(_("town or street"), max_length=40, blank=True)
    # Kept in step with the customer by the keyaccounts module.
    is_key_account = models.BooleanField(_("key account"), default=False)
    responsible_department = models.ForeignKey(
        "org.Department",
        verbose_name=_("responsible department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_staff = models.ForeignKey(
        "org.Staff",
        verbose_name=_("responsible"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Summary of the clocks (see services.application_refresh_clocks).
    next_due = models.DateField(_("next due"), default=NO_DUE)
    remind_from = models.DateField(default=NO_DUE)
    has_breach = models.BooleanField(_("breached"), default=False)

    class Meta:
        verbose_name = _("connection application")
        verbose_name_plural = _("connection applications")
        ordering = ["-is_key_account", "next_due", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "number"], name="applications_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "received",
                        "plan_replied",
                        "acceptance_passed",
                        "energized",
                        "closed",
                        "withdrawn",
                        "rejected",
                    ]
                ),
                name="applications_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(supply_sources__in=[1, 2]), name="applications_sources_valid"
            ),
        ]
        indexes = [
            # Every work queue: key accounts first, then the nearest due date.
            models.Index(
                "company",
                models.F("is_key_account").desc(),
                "next_due",
                "id",
                name="applications_queue_idx",
            ),
            models.Index(
                "company",
                "status",
                models.F("is_key_account").desc(),
                "next_due",
                "id",
                name="applications_step_queue_idx",
            ),
            # The open queue, whatever the step: only open rows, so deep pages stay cheap.
            models.Index(
                "company",
                models.F("is_key_account").desc(),
                "next_due",
                "id",
                name="applications_open_queue_idx",
                condition=Q(status__in=["received", "plan_replied", "acceptance_passed"]),
            ),
            models.Index(
                "responsible_staff",
                models.F("is_key_account").desc(),
                "next_due",
                "id",
                name="applications_mine_idx",
                condition=Q(status__in=["received", "plan_replied", "acceptance_passed"]),
            ),
            models.Index(fields=["customer", "-received_at"], name="applications_customer_idx"),
        ]
        permissions = [
            ("record_step", _("Can record the steps of an application")),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    @property
    def is_finished(self) -> bool:
        return self.status in self.FINISHED

    @property
    def voltage_label(self) -> str:
        from gridcare.customers.models import Voltage

        return str(Voltage(self.voltage).label) if self.voltage in Voltage.values else self.voltage

    @property
    def has_due(self) -> bool:
        return self.next_due != NO_DUE

    def clock_attrs(self) -> dict[str, object]:
        """What the standards' `applies_to` conditions read (voltage, sources, ...)."""
        return {
            "voltage": self.voltage,
            "supply_sources": self.supply_sources,
            "residential_lighting": self.residential_lighting,
            "is_key_account": self.is_key_account,
            "kind": self.kind,
        }


class ApplicationStep(models.Model):
    """One step reached: when it happened, who recorded it and when (audited)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="steps")
    step = models.CharField(_("step"), max_length=20, choices=Application.Status)
    at = models.DateTimeField(_("when"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("application step")
        ordering = ["application", "at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["application", "step"], name="applications_step_once")
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.step} {self.at:%Y-%m-%d}"


class ApplicationCounter(models.Model):
    """The last number given per company and year (YK2025-000123)."""

    company = models.ForeignKey("org.Company", on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["company", "year"], name="applications_counter_unique")
        ]

    def __str__(self) -> str:
        return f"{self.company_id} {self.year}: {self.last}"


class EnergizationCondition(models.Model):
    """One of the three conditions after which a customer is energized (R-2.11): when it
    held and who confirmed it. 2.11's clock starts when the last of them holds."""

    class Condition(models.TextChoices):
        ACCEPTANCE_PASSED = "acceptance_passed", _("Completion acceptance passed")
        CONDITIONS_MET = "conditions_met", _("Power-on conditions hold")
        PROCEDURES_COMPLETED = "procedures_completed", _("Procedures complete")

    application = models.ForeignKey(
        Application, on_delete=models.CASCADE, related_name="conditions"
    )
    condition = models.CharField(_("condition"), max_length=24, choices=Condition)
    at = models.DateTimeField(_("holds since"))
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("confirmed by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"))

    class Meta:
        verbose_name = _("energization condition")
        verbose_name_plural = _("energization conditions")
        ordering = ["application", "at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["application", "condition"], name="applications_condition_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.application_id} {self.condition} {self.at:%Y-%m-%d %H:%M}"
