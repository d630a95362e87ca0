"""Field work for key accounts and all customers: outages and their notices (R-3.7.2),
fault reports (R-3.7.3), equipment inspections, written notices and special patrols
(R-3.7.1).

A customer belongs to a feeder (FeederCustomer); the customers an outage affects are the
customers of its feeders, found from these rows when the plan is filed.
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Feeder(models.Model):
    """A 10 kV feeder or line: the unit an outage is planned on."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    code = models.CharField(_("code"), max_length=30)
    name = models.CharField(_("name"), max_length=100)
    substation = models.CharField(_("substation"), max_length=100, blank=True)
    town = models.CharField(_("town or street"), max_length=40, blank=True)
    customers = models.ManyToManyField(
        "customers.Customer", through="FeederCustomer", related_name="+"
    )

    class Meta:
        verbose_name = _("feeder")
        verbose_name_plural = _("feeders")
        ordering = ["company", "code"]
        constraints = [
            models.UniqueConstraint(fields=["company", "code"], name="field_feeder_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class FeederCustomer(models.Model):
    """A customer supplied by a feeder (a dual-source customer is on two)."""

    feeder = models.ForeignKey(Feeder, on_delete=models.CASCADE, related_name="links")
    customer = models.ForeignKey("customers.Customer", on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("customer on a feeder")
        constraints = [
            models.UniqueConstraint(fields=["feeder", "customer"], name="field_feeder_customer")
        ]
        indexes = [models.Index(fields=["customer"], name="field_feedercustomer_cust")]

    def __str__(self) -> str:
        return f"{self.feeder_id}→{self.customer_id}"


class OutagePlan(models.Model):
    """A planned (maintenance) or temporary outage (R-3.7.2). Filing it starts the
    lead-time clock of its notice to marketing (planned) or the CSC (temporary)."""

    class Kind(models.TextChoices):
        PLANNED = "planned", _("planned")
        TEMPORARY = "temporary", _("temporary")

    class Status(models.TextChoices):
        FILED = "filed", _("filed")
        DONE = "done", _("done")
        CANCELLED = "cancelled", _("cancelled")

    TRANSITIONS = {
        Status.FILED: {Status.DONE, Status.CANCELLED},
        Status.DONE: set(),
        Status.CANCELLED: set(),
    }

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=30)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    title = models.CharField(_("work"), max_length=200)
    reason = models.TextField(_("reason"), blank=True)
    town = models.CharField(_("town or street"), max_length=40, blank=True)
    feeders = models.ManyToManyField(Feeder, related_name="outages", verbose_name=_("feeders"))
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(pgettext_lazy("end of an outage", "ends"))
    filed_at = models.DateTimeField(_("filed"))
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.FILED)
    is_public = models.BooleanField(_("shown on the portal"), default=True)

    class Meta:
        verbose_name = _("outage plan")
        verbose_name_plural = _("outage plans")
        permissions = [
            ("plan_outage", _("Can plan outages and coordinate with key accounts")),
            ("view_fieldwork", _("Can see field work")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["company", "number"], name="field_outage_number"),
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="field_outage_ends_after_start"
            ),
        ]
        indexes = [models.Index(fields=["company", "starts_at"], name="field_outage_start")]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("field:outage_detail", args=[self.pk])


class AffectedCustomer(models.Model):
    """A customer an outage affects, found from its feeders when filed (R-3.7.2). For a key
    account, dispatch records the customer's own maintenance window and the agreed time."""

    outage = models.ForeignKey(OutagePlan, on_delete=models.CASCADE, related_name="affected")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")
    is_key_account = models.BooleanField(_("key account"), default=False)
    window_starts_at = models.DateTimeField(_("customer's window from"), null=True, blank=True)
    window_ends_at = models.DateTimeField(_("customer's window to"), null=True, blank=True)
    agreed_starts_at = models.DateTimeField(_("agreed start"), null=True, blank=True)
    agreed_ends_at = models.DateTimeField(_("agreed end"), null=True, blank=True)
    agreed_with = models.CharField(_("agreed with"), max_length=60, blank=True)

    class Meta:
        verbose_name = _("affected customer")
        ordering = ["-is_key_account", "customer_id"]
        constraints = [
            models.UniqueConstraint(fields=["outage", "customer"], name="field_affected_unique"),
            models.CheckConstraint(
                condition=Q(agreed_starts_at__isnull=True)
                | Q(agreed_ends_at__isnull=True)
                | Q(agreed_ends_at__gt=F("agreed_starts_at")),
                name="field_affected_agreed_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.outage_id}:{self.customer_id}"


class OutageNotice(models.Model):
    """A generated notice of an outage: one for the department (marketing or CSC), one for
    the affected customers; each is delivered to its recipients once."""

    class Audience(models.TextChoices):
        DEPARTMENT = "department", _("department")
        CUSTOMERS = "customers", _("customers")

    outage = models.ForeignKey(OutagePlan, on_delete=models.CASCADE, related_name="notices")
    audience = models.CharField(_("audience"), max_length=12, choices=Audience)
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=200)
    body = models.TextField(_("text"))
    created_at = models.DateTimeField(_("generated"))

    class Meta:
        verbose_name = _("outage notice")
        constraints = [
            models.UniqueConstraint(fields=["outage", "audience"], name="field_notice_audience")
        ]

    def __str__(self) -> str:
        return self.subject


class Delivery(models.Model):
    """One notice to one recipient through one channel. Never sent twice: the pair (notice,
    recipient) is unique and a delivery already sent is skipped by every retry."""

    class Channel(models.TextChoices):
        INTERNAL = "internal", _("in-app")
        SMS = "sms", _("SMS")
        EMAIL = "email", _("email")

    class Status(models.TextChoices):
        PENDING = "pending", pgettext_lazy("message waiting to be sent", "pending")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    notice = models.ForeignKey(OutageNotice, on_delete=models.CASCADE, related_name="deliveries")
    recipient = models.CharField(_("recipient"), max_length=120)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    last_error = models.CharField(_("last error"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        constraints = [
            models.UniqueConstraint(fields=["notice", "recipient"], name="field_delivery_once"),
            models.CheckConstraint(
                condition=~Q(status="sent") | Q(sent_at__isnull=False),
                name="field_delivery_sent_has_time",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice_id}→{self.recipient}"


class FaultReport(models.Model):
    """A fault reported by a call, at the counter or on the portal (R-3.7.3): dispatched to
    a crew, its arrival measured against the arrival limit of its area."""

    class Source(models.TextChoices):
        CALL = "call", _("call")
        COUNTER = "counter", _("counter")
        PORTAL = "portal", _("portal")

    class Area(models.TextChoices):
        URBAN = "urban", _("urban")
        RURAL = "rural", _("rural")
        REMOTE = "remote", _("remote")

    class Status(models.TextChoices):
        REPORTED = "reported", _("reported")
        DISPATCHED = "dispatched", _("dispatched")
        ARRIVED = "arrived", _("arrived")
        RESTORED = "restored", _("restored")

    TRANSITIONS = {
        Status.REPORTED: {Status.DISPATCHED},
        Status.DISPATCHED: {Status.ARRIVED},
        Status.ARRIVED: {Status.RESTORED},
        Status.RESTORED: set(),
    }

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=30)
    customer = models.ForeignKey(
        "customers.Customer", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_key_account = models.BooleanField(_("key account"), default=False)
    source = models.CharField(_("source"), max_length=10, choices=Source)
    area = models.CharField(_("area"), max_length=10, choices=Area)
    address = models.CharField(_("address"), max_length=200)
    description = models.TextField(_("fault"))
    reported_at = models.DateTimeField(_("reported"))
    arrival_code = models.CharField(max_length=40)
    arrival_limit_minutes = models.PositiveIntegerField(_("arrival limit (minutes)"))
    # reported_at + the limit, kept on the report (DESIGN.md 7) so that "not reached in
    # time" is one indexed comparison for the queue, the home panels and compliance.
    arrival_due_at = models.DateTimeField(_("arrival due"), editable=False)
    crew = models.ForeignKey(
        "org.Department",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("crew"),
    )
    dispatched_at = models.DateTimeField(_("dispatched"), null=True, blank=True)
    arrived_at = models.DateTimeField(_("arrived"), null=True, blank=True)
    restored_at = models.DateTimeField(_("restored"), null=True, blank=True)
    arrival_met = models.BooleanField(null=True)
    status = models.CharField(_("status"), max_length=12, choices=Status, default=Status.REPORTED)

    class Meta:
        verbose_name = _("fault report")
        verbose_name_plural = _("fault reports")
        permissions = [("handle_fault", _("Can dispatch faults and record arrival"))]
        constraints = [
            models.UniqueConstraint(fields=["company", "number"], name="field_fault_number"),
            models.CheckConstraint(
                condition=Q(arrived_at__isnull=True) | Q(arrived_at__gte=F("reported_at")),
                name="field_fault_arrival_after_report",
            ),
            models.CheckConstraint(
                condition=Q(restored_at__isnull=True) | Q(restored_at__gte=F("arrived_at")),
                name="field_fault_restored_after_arrival",
            ),
            models.CheckConstraint(
                condition=Q(arrival_due_at__gte=F("reported_at")),
                name="field_fault_due_after_report",
            ),
        ]
        indexes = [
            # The compliance source counts arrivals over this range alone.
            models.Index(
                fields=["company", "reported_at", "arrival_code", "arrival_met"],
                name="field_fault_period",
            ),
            # Faults not reached yet, by crew: the field unit's home panel and the queue.
            models.Index(
                fields=["crew", "arrival_due_at"],
                name="field_fault_awaiting",
                condition=Q(arrived_at__isnull=True),
            ),
            # The nightly follow-up scan reads the faults restored over a range.
            models.Index(
                fields=["company", "restored_at"],
                name="field_fault_restored",
                condition=Q(restored_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Derived, never entered: however a report is made, its due time follows from the
        # time reported and the limit kept on it.
        self.arrival_due_at = self.reported_at + timedelta(minutes=self.arrival_limit_minutes)
        super().save(*args, **kwargs)


class Inspection(models.Model):
    """An inspection of a key account's equipment (R-3.7.1): the half-yearly routine one,
    held to a clock of `field.inspection`, or a special patrol the customer asked for."""

    class Kind(models.TextChoices):
        ROUTINE = "routine", _("half-yearly inspection")
        SPECIAL = "special", _("special patrol")

    class Status(models.TextChoices):
        PLANNED = "planned", _("planned")
        DONE = "done", _("done")

    class Condition(models.TextChoices):
        GOOD = "good", _("good")
        FAIR = "fair", _("fair")
        POOR = "poor", _("poor")

    TRANSITIONS = {Status.PLANNED: {Status.DONE}, Status.DONE: set()}

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    half_start = models.DateField(_("half year"), null=True, blank=True)
    unit = models.ForeignKey(
        "org.Department", on_delete=models.PROTECT, related_name="+", verbose_name=_("unit")
    )
    scheduled_for = models.DateField(_("scheduled for"))
    requested_by = models.CharField(_("requested by"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PLANNED)
    inspected_at = models.DateTimeField(_("inspected"), null=True, blank=True)
    inspector = models.ForeignKey(
        "org.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    equipment = models.TextField(_("equipment checked"), blank=True)
    condition = models.CharField(_("condition"), max_length=10, choices=Condition, blank=True)
    advice = models.TextField(_("maintenance advice"), blank=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        permissions = [
            ("plan_inspection", _("Can plan inspections and issue written notices")),
            ("record_inspection", _("Can record inspections")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "half_start"],
                condition=Q(kind="routine"),
                name="field_inspection_one_per_half",
            ),
            models.CheckConstraint(
                condition=Q(kind="special") | Q(half_start__isnull=False),
                name="field_inspection_routine_has_half",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(inspected_at__isnull=False),
                name="field_inspection_done_has_time",
            ),
        ]
        indexes = [models.Index(fields=["company", "scheduled_for"], name="field_insp_sched")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.customer_id} {self.scheduled_for}"

    def get_absolute_url(self) -> str:
        return reverse("field:inspection_detail", args=[self.pk])


class Finding(models.Model):
    class Severity(models.TextChoices):
        MINOR = "minor", _("minor")
        MAJOR = "major", _("major")
        CRITICAL = "critical", _("critical")

    inspection = models.ForeignKey(Inspection, on_delete=models.CASCADE, related_name="findings")
    description = models.TextField(_("finding"))
    severity = models.CharField(_("severity"), max_length=10, choices=Severity)
    needs_customer_action = models.BooleanField(_("needs the customer's action"), default=False)

    class Meta:
        verbose_name = _("finding")
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return self.description[:40]


class FindingPhoto(models.Model):
    """A photo of a finding, stored under MEDIA_ROOT (outside the web root) and served
    only through a view that checks the user may see the inspection."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="photos")
    file = models.FileField(upload_to="field/photos/%Y/%m/")
    content_type = models.CharField(max_length=40)
    size = models.PositiveIntegerField()
    uploaded_at = models.DateTimeField()

    class Meta:
        verbose_name = _("photo")

    def __str__(self) -> str:
        return self.file.name or ""


class PatrolRequest(models.Model):
    """A key account asks for a special patrol (R-3.7.1, issue 7 item 4): on the portal
    (account number and the phone on file) or through its key-account contact. Production
    technology schedules it (a unit and a date: a special-patrol Inspection, recorded like
    any inspection) or declines it with a reason."""

    class Channel(models.TextChoices):
        PORTAL = "portal", _("portal")
        CONTACT = "contact", _("key-account contact")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        SCHEDULED = "scheduled", _("scheduled")
        DECLINED = "declined", _("declined")

    TRANSITIONS = {
        Status.REQUESTED: {Status.SCHEDULED, Status.DECLINED},
        Status.SCHEDULED: set(),
        Status.DECLINED: set(),
    }

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    requested_by = models.CharField(_("requested by"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    what = models.TextField(_("what to patrol"))
    wanted_from = models.DateField(_("wanted from"))
    wanted_to = models.DateField(_("wanted by"))
    requested_at = models.DateTimeField(_("requested"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.REQUESTED)
    inspection = models.OneToOneField(
        Inspection,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="patrol_request",
        verbose_name=_("patrol"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decline_reason = models.CharField(_("reason declined"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("special patrol request")
        verbose_name_plural = _("special patrol requests")
        constraints = [
            models.CheckConstraint(
                condition=Q(wanted_to__gte=F("wanted_from")), name="field_patrolreq_window"
            ),
            models.CheckConstraint(
                condition=Q(status="scheduled", inspection__isnull=False)
                | (~Q(status="scheduled") & Q(inspection__isnull=True)),
                name="field_patrolreq_scheduled_has_patrol",
            ),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(decline_reason=""),
                name="field_patrolreq_declined_has_reason",
            ),
        ]
        indexes = [
            # The production technology queue: a company's requests still to schedule.
            models.Index(
                fields=["company", "wanted_from"],
                name="field_patrolreq_open",
                condition=Q(status="requested"),
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer_id} {self.wanted_from}"


class WrittenNotice(models.Model):
    """The numbered written notice of findings that need the customer's action (R-3.7.1),
    to the key account and the departments concerned, followed to closure."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("issued")
        DELIVERED = "delivered", _("delivered")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        RECTIFIED = "rectified", _("rectified")
        CLOSED = "closed", _("closed")

    TRANSITIONS = {
        Status.ISSUED: {Status.DELIVERED},
        Status.DELIVERED: {Status.ACKNOWLEDGED},
        Status.ACKNOWLEDGED: {Status.RECTIFIED},
        Status.RECTIFIED: {Status.CLOSED},
        Status.CLOSED: set(),
    }

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number"), max_length=30)
    inspection = models.ForeignKey(
        Inspection, on_delete=models.PROTECT, related_name="written_notices"
    )
    rectify_by = models.DateField(_("rectify by"))
    issued_at = models.DateTimeField(_("issued"))
    status = models.CharField(_("status"), max_length=14, choices=Status, default=Status.ISSUED)
    delivered_at = models.DateTimeField(_("delivered"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    acknowledged_by = models.CharField(_("acknowledged by"), max_length=60, blank=True)
    rectified_at = models.DateTimeField(_("rectified"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("written notice")
        verbose_name_plural = _("written notices")
        constraints = [
            models.UniqueConstraint(fields=["company", "number"], name="field_wnotice_number")
        ]

    def __str__(self) -> str:
        return self.number
