"""The assessment ledger (R-3.9.1, R-4.2): items against a department (and, where known, a
person), each citing a clause and its evidence, scored by the points rules in force on the
item's date and reviewed by the marketing department.

Points per kind of item are data (the marketing management assessment rules, 行銷管理考核
辦法), versioned with the date they take effect like the service standards: an item keeps
the rule version it was recorded with, so a later version never rewrites it (R-4.1).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    """What an item is for; each kind has its own line in the points rules."""

    BREACH = "breach", _("Breach of a deadline")
    HALL_INSPECTION = "hall_inspection", _("Failed hall-inspection item")
    COMPLAINT = "complaint", _("Substantiated complaint")
    CONDUCT = "conduct", _("Conduct violation (Ten Prohibitions)")
    PROPOSAL = "proposal", _("Proposal by a key-account contact")


class PointRule(models.Model):
    """One version of the points for one kind of item.

    `points` empty means "as reviewed": the marketing department sets the points when it
    confirms the item (a contact's proposal, R-3.5). The version in force on a date is the
    one whose [effective_from, effective_to) holds it.
    """

    kind = models.CharField(_("kind of item"), max_length=20, choices=Kind)
    #: The company whose marketing department set these points, or none: the deployment's
    #: shared default, which a company follows until it (or its city company) sets its own
    #: (R-1.3; services.rule_in_force).
    company = models.ForeignKey(
        "org.Company",
        verbose_name=_("owned by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=1, null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    effective_from = models.DateField(_("takes effect"))
    effective_to = models.DateField(_("ends"), null=True, blank=True)
    source = models.CharField(_("source document"), max_length=200, blank=True)
    change_reason = models.TextField(_("reason for the change"), blank=True)

    class Meta:
        verbose_name = _("points rule")
        verbose_name_plural = _("points rules")
        ordering = ["kind", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "kind", "version"], name="assessments_rule_version"
            ),
            models.UniqueConstraint(
                fields=["kind", "version"],
                condition=Q(company__isnull=True),
                name="assessments_rule_version_shared",
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__gte=0),
                name="assessments_rule_points_not_negative",
            ),
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gt=F("effective_from")),
                name="assessments_rule_period_valid",
            ),
        ]

    def __str__(self) -> str:
        points = self.points if self.points is not None else _("as reviewed")
        return f"{self.get_kind_display()} v{self.version}: {points}"


class AssessmentItem(models.Model):
    """One assessment against a department, with its evidence (any record, by content type
    and id), the points the rule gave it and the points decided on review (R-4.2)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("to review")
        CONFIRMED = "confirmed", _("confirmed")
        REDUCED = "reduced", _("reduced")
        REJECTED = "rejected", _("rejected")
        APPEALED = "appealed", _("appealed")
        WITHDRAWN = "withdrawn", _("withdrawn")

    #: Allowed status changes (DESIGN.md convention 4), checked by services._move alone.
    #: A decided appeal returns the item to confirmed, reduced or rejected; `appealed_at`
    #: stays set, which is how "once only" is known.
    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.PENDING: frozenset(
            {Status.CONFIRMED, Status.REDUCED, Status.REJECTED, Status.WITHDRAWN}
        ),
        Status.CONFIRMED: frozenset({Status.APPEALED, Status.WITHDRAWN}),
        Status.REDUCED: frozenset({Status.APPEALED, Status.WITHDRAWN}),
        Status.REJECTED: frozenset({Status.WITHDRAWN}),
        Status.APPEALED: frozenset(
            {Status.CONFIRMED, Status.REDUCED, Status.REJECTED, Status.WITHDRAWN}
        ),
        # The evidence came back (a withdrawn breach breached again): reviewed afresh.
        Status.WITHDRAWN: frozenset({Status.PENDING}),
    }
    #: Statuses whose points count in a scorecard's assessed total.
    SCORED = (Status.CONFIRMED, Status.REDUCED)

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind of item"), max_length=20, choices=Kind)
    clause = models.ForeignKey(
        "rules.Clause",
        verbose_name=_("clause"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    department = models.ForeignKey(
        "org.Department",
        verbose_name=_("department"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    staff = models.ForeignKey(
        "org.Staff",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    evidence_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    evidence_id = models.BigIntegerField()
    description = models.TextField(_("description"))
    occurred_on = models.DateField(_("occurred on"))
    #: Empty while no points rule was in force on the item's date: the item waits for the
    #: marketing department, which sets its points on review.
    rule = models.ForeignKey(
        PointRule,
        verbose_name=_("points rule"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    points_proposed = models.DecimalField(
        _("points by the rules"), max_digits=6, decimal_places=1, null=True, blank=True
    )
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=1, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PENDING)
    recorded_at = models.DateTimeField(_("recorded"))
    review_reason = models.TextField(_("reason of the review"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    appeal_reason = models.TextField(_("reason of the appeal"), blank=True)
    appealed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    appealed_at = models.DateTimeField(_("appealed"), null=True, blank=True)
    appeal_decision_reason = models.TextField(_("reason of the appeal decision"), blank=True)
    appeal_decided_at = models.DateTimeField(_("appeal decided"), null=True, blank=True)
    withdrawn_reason = models.TextField(_("reason of the withdrawal"), blank=True)

    class Meta:
        verbose_name = _("assessment item")
        verbose_name_plural = _("assessment items")
        permissions = [
            ("review_assessmentitem", _("Can review assessment items (marketing, R-4.2)")),
            ("appeal_assessmentitem", _("Can appeal an item against one's own department")),
            ("view_dashboard", _("Can open the leaders' dashboard")),
        ]
        constraints = [
            # Sources are idempotent: one item of a kind per evidence record.
            models.UniqueConstraint(
                fields=["kind", "evidence_type", "evidence_id"],
                name="assessments_item_one_per_evidence",
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | Q(points__gte=0),
                name="assessments_item_points_not_negative",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["confirmed", "reduced"]) | Q(points__isnull=False),
                name="assessments_item_decided_has_points",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["reduced", "rejected"])
                | ~Q(review_reason="")
                | ~Q(appeal_decision_reason=""),
                name="assessments_item_reduce_reject_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="appealed")
                | (Q(appealed_at__isnull=False) & ~Q(appeal_reason="")),
                name="assessments_item_appeal_has_reason",
            ),
        ]
        indexes = [
            # Scorecards: one range over the company's items, grouped by department.
            models.Index(
                fields=["company", "occurred_on", "department", "status"],
                name="assessments_item_period",
            ),
            models.Index(
                fields=["company", "status"],
                name="assessments_item_open",
                condition=Q(status__in=["pending", "appealed"]),
            ),
        ]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_kind_display()} {self.occurred_on}"

    @property
    def waits_for_rule(self) -> bool:
        """No points rule was in force on the item's date: marketing sets its points."""
        return self.rule_id is None

    @property
    def evidence(self) -> models.Model | None:
        """The record the item rests on (None if it is gone)."""
        model = self.evidence_type.model_class()
        if model is None:
            return None
        return model._default_manager.filter(pk=self.evidence_id).first()

    @property
    def can_be_appealed(self) -> bool:
        return self.appealed_at is None and self.Status.APPEALED in self.TRANSITIONS.get(
            self.status, frozenset()
        )
