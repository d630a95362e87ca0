"""Follow-up calls (R-3.8.2: the supervision department "monitors by follow-up calls and
complaints").

After a matter, a connection application or a fault report is closed, a sample of them is
queued for a follow-up call. Who is sampled is data (`FollowupSettings`, one row per
company): a share decided by a deterministic hash of (seed, kind, record), so the same data
and seed always give the same sample, and every complaint. A call is queued once per record
(a named unique constraint per kind), then reached (satisfied or dissatisfied) or given up
as unreachable after the maximum number of attempts.
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class FollowupSettings(models.Model):
    """How follow-up calls are sampled and scheduled (R-3.8.2), one row per company. A
    company without a row uses the defaults below; every change is audited with the old
    and new values, so a past sample can always be explained."""

    company = models.OneToOneField(
        "org.Company", on_delete=models.PROTECT, related_name="followup_settings"
    )
    sample_percent = models.PositiveSmallIntegerField(
        _("share sampled (%)"), default=10, validators=[MaxValueValidator(100)]
    )
    every_complaint = models.BooleanField(_("call back every complaint"), default=True)
    sample_matters = models.BooleanField(_("sample closed matters"), default=True)
    sample_applications = models.BooleanField(_("sample closed applications"), default=True)
    sample_faults = models.BooleanField(_("sample restored faults"), default=True)
    seed = models.PositiveIntegerField(_("sampling seed"), default=1)
    due_working_days = models.PositiveSmallIntegerField(
        _("call within (working days)"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(30)],
    )
    max_attempts = models.PositiveSmallIntegerField(
        _("attempts before unreachable"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    updated_at = models.DateTimeField(_("updated"), null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("follow-up settings")
        verbose_name_plural = _("follow-up settings")
        constraints = [
            models.CheckConstraint(
                condition=Q(sample_percent__lte=100), name="followups_settings_percent"
            ),
            models.CheckConstraint(
                condition=Q(due_working_days__gte=1, due_working_days__lte=30),
                name="followups_settings_due_days",
            ),
            models.CheckConstraint(
                condition=Q(max_attempts__gte=1, max_attempts__lte=10),
                name="followups_settings_attempts",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.company}: {self.sample_percent}%"


class FollowupScan(models.Model):
    """Up to when the closed records of a company were scanned (the daily task's mark)."""

    company = models.OneToOneField("org.Company", on_delete=models.CASCADE, related_name="+")
    scanned_until = models.DateTimeField()

    class Meta:
        verbose_name = _("follow-up scan")

    def __str__(self) -> str:
        return f"{self.company_id}: {self.scanned_until:%Y-%m-%d %H:%M}"


class FollowupCall(models.Model):
    class Kind(models.TextChoices):
        MATTER = "matter", _("matter")
        APPLICATION = "application", _("connection application")
        FAULT = "fault", _("fault report")

    class State(models.TextChoices):
        QUEUED = "queued", _("to call")
        DONE = "done", _("reached")
        UNREACHABLE = "unreachable", _("unreachable")

    class Result(models.TextChoices):
        SATISFIED = "satisfied", _("satisfied")
        DISSATISFIED = "dissatisfied", _("dissatisfied")

    class Reason(models.TextChoices):
        SAMPLE = "sample", _("sample")
        COMPLAINT = "complaint", _("every complaint")

    # Allowed changes (DESIGN.md 4): an unanswered attempt leaves the call queued until
    # the last allowed attempt, which makes it unreachable.
    TRANSITIONS: dict[str, set[str]] = {
        State.QUEUED: {State.QUEUED, State.DONE, State.UNREACHABLE},
        State.DONE: set(),
        State.UNREACHABLE: set(),
    }

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=12, choices=Kind)
    matter = models.ForeignKey(
        "frontoffice.Matter", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    application = models.ForeignKey(
        "applications.Application",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    fault = models.ForeignKey(
        "field.FaultReport", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reason = models.CharField(_("why queued"), max_length=10, choices=Reason)
    # Copied when queued: the report reads satisfaction by department from this table alone.
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    customer_name = models.CharField(_("customer"), max_length=100)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    closed_at = models.DateTimeField(pgettext_lazy("follow-up", "closed"))
    queued_at = models.DateTimeField(pgettext_lazy("follow-up", "queued"))
    due = models.DateField(_("call by"))
    state = models.CharField(_("state"), max_length=12, choices=State, default=State.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    result = models.CharField(_("result"), max_length=12, choices=Result, blank=True)
    comment = models.TextField(_("what the customer said"), blank=True)
    called_by = models.ForeignKey(
        "org.Staff",
        verbose_name=_("called by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    called_at = models.DateTimeField(pgettext_lazy("follow-up", "called"), null=True, blank=True)
    # The matter a dissatisfied answer reopened (kind matter) or opened (the others).
    followup_matter = models.ForeignKey(
        "frontoffice.Matter",
        verbose_name=_("matter reopened or opened"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("follow-up call")
        verbose_name_plural = _("follow-up calls")
        ordering = ["-id"]
        permissions = [("record_followupcall", _("Can record the result of a follow-up call"))]
        constraints = [
            # One call per closed record: a second scan queues nothing new.
            models.UniqueConstraint(fields=["matter"], name="followups_call_matter_once"),
            models.UniqueConstraint(fields=["application"], name="followups_call_application_once"),
            models.UniqueConstraint(fields=["fault"], name="followups_call_fault_once"),
            models.CheckConstraint(
                condition=Q(
                    kind="matter",
                    matter__isnull=False,
                    application__isnull=True,
                    fault__isnull=True,
                )
                | Q(
                    kind="application",
                    matter__isnull=True,
                    application__isnull=False,
                    fault__isnull=True,
                )
                | Q(
                    kind="fault", matter__isnull=True, application__isnull=True, fault__isnull=False
                ),
                name="followups_call_one_record",
            ),
            models.CheckConstraint(
                condition=Q(state="done", called_at__isnull=False) & ~Q(result="")
                | ~Q(state="done") & Q(result=""),
                name="followups_call_result_when_done",
            ),
            models.CheckConstraint(
                condition=~Q(result="dissatisfied") | ~Q(comment=""),
                name="followups_call_dissatisfied_comment",
            ),
        ]
        indexes = [
            models.Index(
                fields=["company", "due", "id"],
                condition=Q(state="queued"),
                name="followups_call_queue",
            ),
            models.Index(fields=["company", "queued_at"], name="followups_call_queued"),
            models.Index(fields=["company", "called_at"], name="followups_call_called"),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.customer_name}"

    def get_absolute_url(self) -> str:
        return reverse("followups:call_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        return f"HF{self.pk:06d}" if self.pk else "HF—"

    @property
    def record(self) -> models.Model:
        """The closed matter, application or fault report this call is about."""
        record = {"matter": self.matter, "application": self.application, "fault": self.fault}
        return record[self.kind]  # type: ignore[return-value]

    @property
    def record_url(self) -> str:
        if self.kind == self.Kind.MATTER:
            return reverse("frontoffice:matter_detail", args=[self.matter_id])
        if self.kind == self.Kind.APPLICATION:
            return reverse("applications:application_detail", args=[self.application_id])
        return reverse("field:fault_detail", args=[self.fault_id])
