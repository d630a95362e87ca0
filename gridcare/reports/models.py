"""The half-year analysis report (R-3.8.3): generated from the data, reviewed and
commented by the supervision department, then published company-wide.

`content` is the snapshot of every registered section (gridcare.reports.sections) taken
when the report was generated: once published, the report never changes, whatever
happens later to the records behind it.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from gridcare.reports.periods import Period, half_label, half_of


class AnalysisReport(models.Model):
    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        REVIEWED = "reviewed", _("reviewed")
        PUBLISHED = "published", _("published")

    #: Allowed state changes (DESIGN.md convention 4), checked by services._move alone. A
    #: reviewed report that is generated again goes back to draft: the review was of the
    #: figures it replaced.
    TRANSITIONS: dict[str, frozenset[str]] = {
        State.DRAFT: frozenset({State.REVIEWED}),
        State.REVIEWED: frozenset({State.DRAFT, State.PUBLISHED}),
        State.PUBLISHED: frozenset(),
    }

    company = models.ForeignKey(
        "org.Company", verbose_name=_("company"), on_delete=models.PROTECT, related_name="+"
    )
    half_start = models.DateField(_("half year"))
    state = models.CharField(_("state"), max_length=10, choices=State, default=State.DRAFT)
    content = models.JSONField(_("content"), default=dict)
    generated_at = models.DateTimeField(_("generated"))
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    comment = models.TextField(_("comments of the supervision department"), blank=True)
    #: Comments per section, by section code.
    section_comments = models.JSONField(_("comments per section"), default=dict, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("analysis report")
        verbose_name_plural = _("analysis reports")
        ordering = ["-half_start", "-id"]
        permissions = [("publish_analysisreport", _("Can publish a half-year analysis report"))]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "half_start"], name="reports_report_half_unique"
            ),
            # A half year starts on 1 January or 1 July.
            models.CheckConstraint(
                condition=Q(half_start__day=1, half_start__month__in=[1, 7]),
                name="reports_report_half_start",
            ),
            models.CheckConstraint(
                condition=Q(state="published", published_at__isnull=False)
                | (~Q(state="published") & Q(published_at__isnull=True)),
                name="reports_report_published_at",
            ),
        ]
        indexes = [
            # The latest published report of a company (home panel, dashboard).
            models.Index(fields=["company", "state", "half_start"], name="reports_report_latest")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("reports:detail", args=[self.pk])

    @property
    def period(self) -> Period:
        return half_of(self.half_start)

    @property
    def title(self) -> str:
        return str(_("Half-year analysis report %(half)s") % {"half": half_label(self.period)})

    @property
    def sections(self) -> list[dict[str, Any]]:
        """The stored sections, each with the supervision department's comment on it."""
        return [
            {**section, "comment": self.section_comments.get(section["code"], "")}
            for section in self.content.get("sections", [])
        ]

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED
