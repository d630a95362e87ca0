"""First-contact responsibility (R-2.5, R-2.7) and complaints (R-2.2, R-3.6.3).

A matter is any customer contact that needs follow-up, owned by the staff member who first
received it. A referral asks another department (by phone, recorded) and has its own due
date; the owner relays the answer to the customer; only then can the matter close.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from gridcare.frontoffice.models.inspections import localised


class ConductCode(models.Model):
    """A version of the Ten Service Commitments or the Ten Prohibitions (R-2.2)."""

    class Kind(models.TextChoices):
        COMMITMENTS = "commitments", _("Ten Service Commitments")
        PROHIBITIONS = "prohibitions", _("Ten Prohibitions")

    kind = models.CharField(_("list"), max_length=20, choices=Kind)
    version = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=300, blank=True)
    effective_from = models.DateField(_("takes effect"))
    effective_to = models.DateField(_("ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("conduct code")
        verbose_name_plural = _("conduct codes")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "version"], name="frontoffice_conduct_version"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gt=F("effective_from")),
                name="frontoffice_conduct_period",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class ConductItem(models.Model):
    code = models.ForeignKey(ConductCode, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    text = models.CharField(_("text"), max_length=300)
    text_zh_hans = models.CharField(max_length=300, blank=True)
    text_en = models.CharField(max_length=300, blank=True)

    class Meta:
        verbose_name = _("conduct item")
        verbose_name_plural = _("conduct items")
        ordering = ["code", "number"]
        constraints = [
            models.UniqueConstraint(fields=["code", "number"], name="frontoffice_conduct_item")
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.localised_text}"

    @property
    def localised_text(self) -> str:
        return localised(self, "text")


class Matter(models.Model):
    class Kind(models.TextChoices):
        CONSULTATION = "consultation", _("consultation")
        BUSINESS = "business", _("business request")
        OPINION = "opinion", _("opinion")
        COMPLAINT = "complaint", _("complaint")
        FAULT = "fault", _("fault report")

    class Channel(models.TextChoices):
        PHONE = "phone", _("phone")
        COUNTER = "counter", _("counter")
        WEB = "web", _("web")
        VISIT = "visit", _("visit")

    class Status(models.TextChoices):
        # With a context: other modules translate these common words their own way.
        OPEN = "open", pgettext_lazy("matter status", "open")
        REFERRED = "referred", pgettext_lazy("matter status", "referred")
        ANSWERED = "answered", pgettext_lazy("matter status", "answer received")
        RELAYED = "relayed", pgettext_lazy("matter status", "relayed to the customer")
        CLOSED = "closed", pgettext_lazy("matter status", "closed")

    # Allowed changes (DESIGN.md 4). A matter reaches "closed" only from "relayed";
    # a closed matter can be reopened (supervision watches reopened matters).
    TRANSITIONS: dict[str, set[str]] = {
        Status.OPEN: {Status.REFERRED, Status.RELAYED},
        Status.REFERRED: {Status.ANSWERED},
        Status.ANSWERED: {Status.REFERRED, Status.RELAYED},
        Status.RELAYED: {Status.REFERRED, Status.CLOSED},
        Status.CLOSED: {Status.OPEN},
    }

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=15, choices=Kind)
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    received_at = models.DateTimeField(_("received"))
    # The first contact: set once, never changed.
    received_by = models.ForeignKey(
        "org.Staff", verbose_name=_("first contact"), on_delete=models.PROTECT, related_name="+"
    )
    owner = models.ForeignKey(
        "org.Staff", verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+"
    )
    # The registered customer when known; the matter also keeps what the customer gave on
    # contact, so it stands for a caller not (yet) registered.
    customer = models.ForeignKey(
        "customers.Customer",
        verbose_name=_("customer"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    customer_account = models.CharField(_("account number"), max_length=30, blank=True)
    customer_name = models.CharField(_("customer"), max_length=100)
    customer_phone = models.CharField(_("customer phone"), max_length=30, blank=True)
    subject = models.CharField(_("subject"), max_length=200)
    description = models.TextField(_("what the customer said"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    call = models.ForeignKey(
        "frontoffice.CallRecord",
        verbose_name=_("call"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    ticket = models.ForeignKey(
        "frontoffice.Ticket",
        verbose_name=_("hall ticket"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    reopened = models.PositiveSmallIntegerField(_("times reopened"), default=0)

    class Meta:
        verbose_name = _("matter")
        verbose_name_plural = _("matters")
        ordering = ["-id"]
        permissions = [
            ("reassign_matter", _("Can change the owner of a matter (with a reason)")),
            ("answer_referral", _("Can answer a referral to their department")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="closed", closed_at__isnull=False)
                | (~Q(status="closed") & Q(closed_at__isnull=True)),
                name="frontoffice_matter_closed_at",
            )
        ]
        indexes = [
            models.Index(fields=["owner", "status"], name="frontoffice_matter_owner"),
            models.Index(fields=["company", "received_at"], name="frontoffice_matter_received"),
            # The leaders' dashboard counts the complaints received over a half year from
            # this index alone (complaints are about one matter in eight).
            models.Index(fields=["company", "kind", "received_at"], name="frontoffice_matter_kind"),
            # The nightly follow-up scan reads the matters closed over a range.
            models.Index(
                fields=["company", "closed_at"],
                name="frontoffice_matter_closed",
                condition=Q(closed_at__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.subject}"

    def get_absolute_url(self) -> str:
        return reverse("frontoffice:matter_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"SX{self.pk:06d}" if self.pk else "SX—"


class OwnerChange(models.Model):
    """A change of owner, with its reason (R-2.5: never silent)."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="owner_changes")
    from_owner = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    to_owner = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    reason = models.TextField(_("reason"))
    changed_at = models.DateTimeField(_("changed at"))
    changed_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = _("owner change")
        ordering = ["matter", "changed_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(from_owner=F("to_owner")), name="frontoffice_owner_change_differs"
            ),
            models.CheckConstraint(condition=~Q(reason=""), name="frontoffice_owner_change_reason"),
        ]

    def __str__(self) -> str:
        return f"{self.matter_id}: {self.from_owner_id} → {self.to_owner_id}"


class Referral(models.Model):
    """The owner asks another department (R-2.7): the call made is recorded, and the
    referral has its own due date (by default `referral.answer` working days, a standard).
    It is met when answered on or before that date."""

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="referrals")
    company = models.ForeignKey(
        "org.Company", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    department = models.ForeignKey(
        "org.Department", verbose_name=_("referred to"), on_delete=models.PROTECT, related_name="+"
    )
    referred_at = models.DateTimeField(_("referred at"))
    referred_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    contact_person = models.CharField(_("person phoned"), max_length=50)
    contact_phone = models.CharField(_("number called"), max_length=30, blank=True)
    request = models.TextField(_("what was asked"))
    due = models.DateField(_("answer due"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(
        "org.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    answer = models.TextField(_("answer"), blank=True)
    # The date the referral counts on in compliance figures: the answer's local
    # date, else the due date; kept on the row so that a period reads one index.
    period_date = models.DateField()

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["matter"],
                condition=Q(answered_at__isnull=True),
                name="frontoffice_one_open_referral",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="frontoffice_referral_answer_text",
            ),
        ]
        indexes = [
            models.Index(
                fields=["department", "due"],
                condition=Q(answered_at__isnull=True),
                name="frontoffice_referral_waiting",
            ),
            models.Index(fields=["company", "period_date"], name="frontoffice_referral_period"),
        ]

    def __str__(self) -> str:
        return f"{self.matter_id} → {self.department}"


class Relay(models.Model):
    """The owner passes the answer on to the customer (R-2.7), and says how."""

    class Method(models.TextChoices):
        PHONE = "phone", _("phone")
        SMS = "sms", _("text message")
        IN_PERSON = "in_person", _("in person")
        LETTER = "letter", _("letter")
        ONLINE = "online", _("online")

    matter = models.ForeignKey(Matter, on_delete=models.PROTECT, related_name="relays")
    referral = models.ForeignKey(
        Referral, null=True, blank=True, on_delete=models.PROTECT, related_name="relays"
    )
    relayed_at = models.DateTimeField(_("relayed at"))
    relayed_by = models.ForeignKey("org.Staff", on_delete=models.PROTECT, related_name="+")
    method = models.CharField(_("how"), max_length=10, choices=Method)
    note = models.TextField(_("what the customer was told"))

    class Meta:
        verbose_name = _("relay to the customer")
        ordering = ["matter", "relayed_at"]

    def __str__(self) -> str:
        return f"{self.matter_id} {self.relayed_at:%Y-%m-%d %H:%M}"


class Complaint(models.Model):
    """The complaint part of a matter of kind complaint (R-2.2, R-3.6.3): its category, and
    for a complaint about staff conduct the prohibition concerned and the staff member."""

    class Category(models.TextChoices):
        SERVICE = "service", _("service")
        BUSINESS = "business", _("business")
        OUTAGE = "outage", _("outage")
        POWER_QUALITY = "power_quality", _("power quality")
        GRID_CONSTRUCTION = "grid_construction", _("grid construction")

    class Finding(models.TextChoices):
        PENDING = "pending", _("not yet decided")
        SUBSTANTIATED = "substantiated", _("substantiated")
        UNSUBSTANTIATED = "unsubstantiated", _("not substantiated")

    matter = models.OneToOneField(
        Matter, primary_key=True, on_delete=models.PROTECT, related_name="complaint"
    )
    category = models.CharField(_("category"), max_length=20, choices=Category)
    about_conduct = models.BooleanField(_("about staff conduct"), default=False)
    prohibition = models.ForeignKey(
        ConductItem,
        verbose_name=_("prohibition concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    staff_concerned = models.ForeignKey(
        "org.Staff",
        verbose_name=_("staff member concerned"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    contacted_at = models.DateTimeField(_("customer contacted"), null=True, blank=True)
    finding = models.CharField(
        _("review finding"), max_length=20, choices=Finding, default=Finding.PENDING
    )
    finding_note = models.TextField(_("grounds of the finding"), blank=True)
    decided_by = models.ForeignKey(
        "org.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("complaint")
        verbose_name_plural = _("complaints")
        permissions = [("decide_complaint", _("Can decide whether a complaint is substantiated"))]
        constraints = [
            # a conduct complaint names the prohibition and the staff member.
            models.CheckConstraint(
                condition=Q(
                    about_conduct=True, prohibition__isnull=False, staff_concerned__isnull=False
                )
                | Q(about_conduct=False, prohibition__isnull=True),
                name="frontoffice_conduct_complaint_names",
            ),
            models.CheckConstraint(
                condition=Q(finding="pending", decided_at__isnull=True)
                | (~Q(finding="pending") & Q(decided_at__isnull=False)),
                name="frontoffice_complaint_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.matter.reference} {self.get_category_display()}"
