"""Hall inspections against a checklist kept as data (R-2.3, R-2.4), and assessment
proposals made from a failed item or a substantiated complaint (R-3.9.1).

The checklist is versioned like every rule (R-4.1): an inspection keeps the version it was
scored against, and a new version never changes a past score.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _


def localised(obj: object, field: str) -> str:
    language = (get_language() or "zh-hant").lower()
    suffix = "en" if language.startswith("en") else "zh_hans" if language == "zh-hans" else ""
    value = getattr(obj, f"{field}_{suffix}", "") if suffix else ""
    return value or getattr(obj, field)


class Checklist(models.Model):
    version = models.PositiveIntegerField(_("version"), unique=True)
    title = models.CharField(_("title"), max_length=200)
    source = models.CharField(_("source"), max_length=300, blank=True)
    effective_from = models.DateField(_("takes effect"))
    effective_to = models.DateField(_("ends"), null=True, blank=True)

    class Meta:
        verbose_name = _("hall checklist")
        verbose_name_plural = _("hall checklists")
        ordering = ["-version"]
        constraints = [
            models.CheckConstraint(
                condition=Q(effective_to__isnull=True) | Q(effective_to__gt=F("effective_from")),
                name="frontoffice_checklist_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"


class ChecklistItem(models.Model):
    class Target(models.TextChoices):
        HALL = "hall", _("the hall")
        STAFF = "staff", _("a member of staff")

    checklist = models.ForeignKey(Checklist, on_delete=models.CASCADE, related_name="items")
    number = models.PositiveSmallIntegerField(_("number"))
    code = models.SlugField(_("code"), max_length=40)
    clause = models.CharField(_("clause"), max_length=20)
    target = models.CharField(_("concerns"), max_length=10, choices=Target)
    text = models.CharField(_("item"), max_length=200)
    text_zh_hans = models.CharField(max_length=200, blank=True)
    text_en = models.CharField(max_length=200, blank=True)
    points = models.PositiveSmallIntegerField(_("full points"))

    class Meta:
        verbose_name = _("checklist item")
        verbose_name_plural = _("checklist items")
        ordering = ["checklist", "number"]
        constraints = [
            models.UniqueConstraint(fields=["checklist", "number"], name="frontoffice_item_number"),
            models.UniqueConstraint(fields=["checklist", "code"], name="frontoffice_item_code"),
            models.CheckConstraint(condition=Q(points__gt=0), name="frontoffice_item_points"),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.localised_text}"

    @property
    def localised_text(self) -> str:
        return localised(self, "text")


class HallInspection(models.Model):
    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    hall = models.ForeignKey(
        "frontoffice.ServiceHall",
        verbose_name=_("hall"),
        on_delete=models.PROTECT,
        related_name="inspections",
    )
    checklist = models.ForeignKey(Checklist, on_delete=models.PROTECT, related_name="+")
    inspected_at = models.DateTimeField(_("inspected at"))
    inspector = models.ForeignKey(
        "org.Staff", verbose_name=_("inspector"), on_delete=models.PROTECT, related_name="+"
    )
    score = models.PositiveIntegerField(_("score"))
    max_score = models.PositiveIntegerField(_("out of"))
    failed_items = models.PositiveSmallIntegerField(_("failed items"))
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("hall inspection")
        verbose_name_plural = _("hall inspections")
        ordering = ["-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(score__lte=F("max_score")), name="frontoffice_inspection_score"
            )
        ]
        indexes = [
            models.Index(fields=["company", "inspected_at"], name="frontoffice_inspection_at")
        ]

    def __str__(self) -> str:
        return f"{self.hall} {self.inspected_at:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("frontoffice:inspection_detail", args=[self.pk])

    @property
    def percent(self) -> int:
        return round(100 * self.score / self.max_score) if self.max_score else 0


class InspectionResult(models.Model):
    """One checklist item as scored: failed when it lost any point."""

    inspection = models.ForeignKey(HallInspection, on_delete=models.CASCADE, related_name="results")
    item = models.ForeignKey(ChecklistItem, on_delete=models.PROTECT, related_name="+")
    points = models.PositiveSmallIntegerField(_("points scored"))
    passed = models.BooleanField(_("passed"))
    staff = models.ForeignKey(
        "org.Staff",
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = models.CharField(_("finding"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("inspection result")
        ordering = ["inspection", "item__number"]
        constraints = [
            models.UniqueConstraint(fields=["inspection", "item"], name="frontoffice_result_once")
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id} {self.item_id} {self.points}"


def photo_path(instance: InspectionPhoto, filename: str) -> str:
    return f"frontoffice/inspections/{instance.inspection_id}/{filename}"


class InspectionPhoto(models.Model):
    inspection = models.ForeignKey(HallInspection, on_delete=models.CASCADE, related_name="photos")
    result = models.ForeignKey(
        InspectionResult, null=True, blank=True, on_delete=models.CASCADE, related_name="photos"
    )
    image = models.FileField(_("photo"), upload_to=photo_path)
    uploaded_at = models.DateTimeField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("inspection photo")
        ordering = ["inspection", "id"]

    def __str__(self) -> str:
        return self.image.name or ""


class AssessmentProposal(models.Model):
    """A breach found by the front office, proposed as an assessment item against a
    department or a person (R-3.9.1). The assessments module reviews it (R-4.2)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("assessment status", "proposed")
        ACCEPTED = "accepted", pgettext_lazy("assessment status", "accepted")
        REJECTED = "rejected", pgettext_lazy("assessment status", "rejected")

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    clause = models.CharField(_("clause"), max_length=20)
    inspection_result = models.OneToOneField(
        InspectionResult,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessment",
    )
    complaint = models.OneToOneField(
        "frontoffice.Complaint",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assessment",
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
        verbose_name=_("staff member"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reason = models.TextField(_("reason"))
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    proposed_at = models.DateTimeField(_("proposed at"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.PROPOSED)

    class Meta:
        verbose_name = _("assessment proposal")
        verbose_name_plural = _("assessment proposals")
        ordering = ["-id"]
        permissions = [("propose_assessment", _("Can propose an assessment item"))]
        constraints = [
            models.CheckConstraint(
                condition=Q(inspection_result__isnull=False, complaint__isnull=True)
                | Q(inspection_result__isnull=True, complaint__isnull=False),
                name="frontoffice_assessment_one_source",
            ),
            models.CheckConstraint(
                condition=Q(department__isnull=False) | Q(staff__isnull=False),
                name="frontoffice_assessment_has_target",
            ),
        ]
        indexes = [models.Index(fields=["company", "status"], name="frontoffice_assessment_open")]

    def __str__(self) -> str:
        return f"{self.clause} {self.reason[:60]}"

    def get_absolute_url(self) -> str:
        """The record the proposal rests on (the ledger links its evidence here)."""
        if self.inspection_result is not None:
            return reverse(
                "frontoffice:inspection_detail", args=[self.inspection_result.inspection_id]
            )
        return reverse("frontoffice:matter_detail", args=[self.complaint_id])
