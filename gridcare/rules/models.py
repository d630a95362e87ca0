"""The measures as data: clauses, rule profiles, versioned service standards, and the
clocks that hold every record to them.

A company follows one rule profile at a time (ProfileAssignment). A profile has clauses and
service standards; a standard is versioned and carries the date it takes effect, so a change
never rewrites a clock already started (R-4.1): a clock keeps the version it was started
with.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


def _localised(obj: Any, field: str) -> str:
    """The zh-Hant, zh-Hans or English text of a field, by the active language."""
    language = (get_language() or "zh-hant").lower()
    suffix = "en" if language.startswith("en") else "zh_hans" if language == "zh-hans" else ""
    value = getattr(obj, f"{field}_{suffix}", "") if suffix else ""
    return value or getattr(obj, field)


class RuleProfile(models.Model):
    """A named set of clauses and standards, e.g. the company's measures (R-4.3).

    A profile belongs to the company whose marketing department changes it, or to the
    level above the companies that share it (R-1.3): a city company, or the deployment
    (no company; changed by a deployment administrator only). See selectors.may_change.
    """

    code = models.SlugField(_("code"), max_length=60, unique=True)
    company = models.ForeignKey(
        "org.Company",
        verbose_name=_("owned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="rule_profiles",
        help_text=_("Empty: shared by the deployment, changed by its administrators only."),
    )
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(_("English name"), max_length=160, blank=True)
    effective_from = models.DateField(_("takes effect"))
    source = models.TextField(_("source document"), blank=True)
    is_default = models.BooleanField(
        _("default"),
        default=False,
        help_text=_("Followed by every company that has no assignment of its own."),
    )

    class Meta:
        verbose_name = _("rule profile")
        verbose_name_plural = _("rule profiles")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"], condition=Q(is_default=True), name="rules_one_default"
            )
        ]

    def __str__(self) -> str:
        return _localised(self, "name")


class ProfileAssignment(models.Model):
    """From `effective_from` on, `company` follows `profile` (until a later assignment)."""

    company = models.ForeignKey(
        "org.Company", on_delete=models.PROTECT, related_name="profile_assignments"
    )
    profile = models.ForeignKey(RuleProfile, on_delete=models.PROTECT, related_name="+")
    effective_from = models.DateField(_("takes effect"))

    class Meta:
        verbose_name = _("rule profile assignment")
        ordering = ["company", "-effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "effective_from"], name="rules_assignment_one_per_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.company} → {self.profile} ({self.effective_from})"


class Clause(models.Model):
    """A clause of a profile's source text. Clauses that cannot be measured still appear in
    the compliance matrix with how the system supports them (`support`)."""

    profile = models.ForeignKey(RuleProfile, on_delete=models.CASCADE, related_name="clauses")
    number = models.CharField(_("clause"), max_length=20)
    sort_key = models.CharField(max_length=40, editable=False)
    title = models.CharField(_("title"), max_length=200)
    title_zh_hans = models.CharField(_("title (Simplified Chinese)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    text = models.TextField(pgettext_lazy("text of a clause", "text"))
    support = models.TextField(_("how the system supports it"), blank=True)
    support_zh_hans = models.TextField(blank=True)
    support_en = models.TextField(blank=True)

    class Meta:
        verbose_name = _("clause")
        verbose_name_plural = _("clauses")
        ordering = ["profile", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["profile", "number"], name="rules_clause_unique")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.localised_title}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        self.sort_key = self.sort_key_for(self.number)
        super().save(*args, **kwargs)

    @property
    def localised_title(self) -> str:
        return _localised(self, "title")

    @property
    def localised_support(self) -> str:
        return _localised(self, "support")

    @staticmethod
    def sort_key_for(number: str) -> str:
        """'2.10' sorts after '2.9': each part zero-padded."""
        return ".".join(part.zfill(3) for part in number.split("."))


class ServiceStandard(models.Model):
    """One version of one limit, for the subjects it applies to.

    A code (`application.plan_reply`) can have several variants that differ in what they
    apply to (`applies_to`, e.g. {"voltage": "10kv"}); each variant is versioned on its own.
    The version in force on a date is the one whose [effective_from, effective_to) holds it.
    """

    class Measure(models.TextChoices):
        DEADLINE = "deadline", _("Deadline after an event")
        DURATION = "duration", _("Duration of a transaction")
        COUNT = "count", _("Count (e.g. rings)")
        FREQUENCY = "frequency", _("At least once per period")
        LEAD_TIME = "lead_time", _("Notice given at least so long before")
        TARGET = "target", _("Target (a setting)")

    class Source(models.TextChoices):
        """Where a limit comes from (R-DEF): written in a clause of the standard's own
        profile, chosen by the product where the clause leaves it open, or another document."""

        CLAUSE = "clause", _("a clause of its profile")
        PRODUCT_DEFAULT = "product_default", _("a product default")
        OTHER_DOCUMENT = "other_document", _("another document")

    class Unit(models.TextChoices):
        RINGS = "rings", _("rings")
        MINUTES = "minutes", _("minutes")
        DAYS = "days", _("calendar days")
        WORKING_DAYS = "working_days", _("working days")
        MONTHS = "months", _("months")
        HALF_YEARS = "half_years", _("half years")

    profile = models.ForeignKey(RuleProfile, on_delete=models.PROTECT, related_name="standards")
    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, related_name="standards")
    code = models.CharField(_("code"), max_length=60)
    variant = models.CharField(
        _("variant"),
        max_length=60,
        default="",
        blank=True,
        help_text=_("Distinguishes limits of one code for different subjects, e.g. 'high-2'."),
    )
    title = models.CharField(_("title"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    measure = models.CharField(_("what is measured"), max_length=20, choices=Measure)
    amount = models.PositiveIntegerField(_("limit"))
    unit = models.CharField(_("unit"), max_length=20, choices=Unit)
    applies_to = models.JSONField(
        _("applies to"),
        default=dict,
        blank=True,
        help_text=_('Conditions on the subject, e.g. {"voltage": "high", "supply_sources": 2}.'),
    )
    parameters = models.JSONField(
        _("parameters"),
        default=dict,
        blank=True,
        help_text=_('Further settings, e.g. {"ring_period_seconds": 5, "remind_share": 0.8}.'),
    )
    module = models.CharField(_("enforced by"), max_length=40, blank=True)
    source_kind = models.CharField(
        _("source of the limit"), max_length=20, choices=Source, default=Source.CLAUSE
    )
    source_reference = models.CharField(
        _("source reference"),
        max_length=300,
        blank=True,
        help_text=_("The clause quoted, or the document a product default is taken from."),
    )
    interpretation = models.TextField(_("interpretation"), blank=True)
    interpretation_zh_hans = models.TextField(_("interpretation (Simplified Chinese)"), blank=True)
    interpretation_en = models.TextField(_("interpretation (English)"), blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    effective_from = models.DateField(_("takes effect"))
    effective_to = models.DateField(_("ends"), null=True, blank=True)
    change_reason = models.TextField(_("reason for the change"), blank=True)

    class Meta:
        verbose_name = _("service standard")
        verbose_name_plural = _("service standards")
        ordering = ["profile", "code", "variant", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "code", "variant", "version"], name="rules_standard_version"
            ),
            models.CheckConstraint(condition=Q(amount__gt=0), name="rules_standard_amount_pos"),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gt=F("effective_from")),
                name="rules_standard_period_valid",
            ),
        ]

    def __str__(self) -> str:
        variant = f" [{self.variant}]" if self.variant else ""
        return f"{self.code}{variant} v{self.version}: {self.amount} {self.get_unit_display()}"

    @property
    def localised_title(self) -> str:
        return _localised(self, "title")

    @property
    def applicability(self) -> str:
        """What it applies to, in words ("高壓, 雙電源")."""
        from gridcare.rules.wording import applicability

        return applicability(self.applies_to)

    @property
    def localised_interpretation(self) -> str:
        return _localised(self, "interpretation")

    def applies(self, attrs: dict[str, Any]) -> bool:
        return all(attrs.get(key) == value for key, value in self.applies_to.items())


class Clock(models.Model):
    """A record held to a deadline standard: started by one event, stopped by another.

    `due` is stored with the calendar version it was computed with; `provisional` says it
    reached into a year whose holiday arrangement was not known (R-CAL-3). `period_date` is
    the date the clock counts on in compliance figures (its stop date, else its due date),
    kept on the row so that period queries read one index.
    """

    class State(models.TextChoices):
        RUNNING = "running", _("running")
        MET = "met", _("met")
        BREACHED = "breached", _("breached")
        EXEMPTED = "exempted", _("exempted")

    # No single-column indexes where a composite one starts with the column (rules_clock_period,
    # rules_clock_one_per_subject): a calendar change rewrites a million rows, and every
    # index is written again for each of them.
    company = models.ForeignKey(
        "org.Company", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    standard = models.ForeignKey(ServiceStandard, on_delete=models.PROTECT, related_name="clocks")
    subject_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", db_index=False
    )
    subject_id = models.BigIntegerField()
    # Copied from the standard version so that set-based recomputation needs no join.
    amount = models.PositiveIntegerField()
    unit = models.CharField(max_length=20, choices=ServiceStandard.Unit)
    started_at = models.DateTimeField(_("started"))
    start_date = models.DateField(_("start date"))
    paused_days = models.PositiveIntegerField(_("days paused"), default=0)
    paused_since = models.DateTimeField(_("paused since"), null=True, blank=True)
    due = models.DateField(_("due"))
    remind_on = models.DateField(_("reminder date"))
    provisional = models.BooleanField(_("provisional"), default=False)
    calendar_version = models.CharField(max_length=40, blank=True)
    stopped_at = models.DateTimeField(_("stopped"), null=True, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.RUNNING)
    period_date = models.DateField()
    responsible_department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    responsible_staff = models.ForeignKey(
        "org.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    is_key_account = models.BooleanField(_("key account"), default=False)
    reminded_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("clock")
        verbose_name_plural = _("clocks")
        permissions = [
            ("pause_clock", _("Can stop and restart a clock for a customer-caused delay")),
            ("request_exemption", _("Can ask for an exemption (special circumstances)")),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["subject_type", "subject_id", "standard"],
                name="rules_clock_one_per_subject",
            ),
            models.CheckConstraint(
                condition=~Q(state="met") | Q(stopped_at__isnull=False),
                name="rules_clock_met_has_stop",
            ),
            models.CheckConstraint(condition=Q(due__gte=F("start_date")), name="rules_clock_due"),
            # A clock not stopped counts on its due date (the definition of period_date).
            models.CheckConstraint(
                condition=Q(stopped_at__isnull=False) | Q(period_date=F("due")),
                name="rules_clock_running_period",
            ),
        ]
        indexes = [
            # Compliance over a period reads this index alone (index-only on PostgreSQL).
            models.Index(
                fields=["company", "period_date", "standard", "state"], name="rules_clock_period"
            ),
            models.Index(
                fields=["state", "due"],
                name="rules_clock_running_due",
                condition=Q(state="running"),
            ),
            models.Index(
                fields=["start_date"], name="rules_clock_provisional", condition=Q(provisional=True)
            ),
        ]

    def __str__(self) -> str:
        return f"{self.standard.code} {self.start_date}→{self.due} ({self.get_state_display()})"

    def effective_state(self, today: date) -> str:
        """The state as API.md defines it: a running clock past its due date with no stop
        event is breached, even before the periodic sweep has marked it."""
        if self.state == self.State.RUNNING and self.paused_since is None and self.due < today:
            return self.State.BREACHED
        return self.state


class ClockPause(models.Model):
    """A customer-caused stop of the clock, with its reason (see services.clock_pause)."""

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="pauses")
    paused_at = models.DateTimeField()
    resumed_at = models.DateTimeField(null=True, blank=True)
    days = models.PositiveIntegerField(default=0)
    reason = models.TextField(_("reason"))

    class Meta:
        verbose_name = _("clock pause")
        ordering = ["clock", "paused_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["clock"], condition=Q(resumed_at__isnull=True), name="rules_one_open_pause"
            )
        ]

    def __str__(self) -> str:
        return f"{self.clock_id} {self.paused_at:%Y-%m-%d}"


class ClockExemption(models.Model):
    """ "Special circumstances excepted" (R-2.10): requested with a reason, decided by an
    approver. An approved exemption shows the clock as exempted, never as met."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        APPROVED = "approved", _("approved")
        REJECTED = "rejected", _("rejected")
        REVOKED = "revoked", _("revoked")

    clock = models.ForeignKey(Clock, on_delete=models.CASCADE, related_name="exemptions")
    reason = models.TextField(_("reason"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status, default=Status.PENDING)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(blank=True)

    class Meta:
        verbose_name = _("exemption")
        verbose_name_plural = _("exemptions")
        permissions = [("decide_clockexemption", _("Can approve or reject exemptions"))]
        constraints = [
            models.UniqueConstraint(
                fields=["clock"],
                condition=Q(status__in=["pending", "approved"]),
                name="rules_one_live_exemption",
            )
        ]

    def __str__(self) -> str:
        return f"{self.clock_id} {self.get_status_display()}"


class Breach(models.Model):
    """A clock that breached, against the responsible department and person, citing the
    clause (R-3.9.1): what the assessment ledger scores. Withdrawn, never deleted, when a
    correction (a back-dated stop, a calendar correction, an exemption) clears it."""

    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        WITHDRAWN = "withdrawn", _("withdrawn")

    clock = models.OneToOneField(Clock, on_delete=models.PROTECT, related_name="breach")
    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    clause = models.ForeignKey(Clause, on_delete=models.PROTECT, related_name="+")
    department = models.ForeignKey(
        "org.Department", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    staff = models.ForeignKey(
        "org.Staff", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    occurred_on = models.DateField(_("breached on"))
    recorded_at = models.DateTimeField()
    status = models.CharField(max_length=10, choices=Status, default=Status.ACTIVE)
    withdrawn_reason = models.TextField(blank=True)

    class Meta:
        verbose_name = _("breach")
        verbose_name_plural = _("breaches")
        indexes = [models.Index(fields=["company", "occurred_on"], name="rules_breach_period")]

    def __str__(self) -> str:
        return f"{self.clause.number} {self.occurred_on}"


class SweepRun(models.Model):
    """One run of the clock sweep: what it handled and which clocks it could not, so that
    a clock that fails is seen by an administrator instead of stopping the sweep."""

    started_at = models.DateTimeField(_("started"))
    finished_at = models.DateTimeField(_("finished"))
    breached = models.PositiveIntegerField(_("breached"), default=0)
    reminded = models.PositiveIntegerField(_("reminders sent"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    #: [{"clock": id, "company": id, "stage": "breach" | "reminder", "error": text}], the
    #: first FAILURES_KEPT of the run, each error cut to ERROR_LENGTH characters.
    failures = models.JSONField(default=list, blank=True)

    FAILURES_KEPT = 100
    ERROR_LENGTH = 300

    class Meta:
        verbose_name = _("clock sweep")
        verbose_name_plural = _("clock sweeps")
        ordering = ["-started_at"]
        indexes = [models.Index(fields=["-started_at"], name="rules_sweep_latest")]

    def __str__(self) -> str:
        return f"{self.started_at:%Y-%m-%d %H:%M} {self.breached}/{self.reminded}/{self.failed}"
