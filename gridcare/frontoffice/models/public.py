"""What the public pages publish (R-2.3, R-2.8): tariffs, the usage notice and the
business procedures. A procedure's time limits are not stored here: they are read live
from the measures engine, so the published page can never disagree with the clocks."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Tariff(models.Model):
    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    category = models.CharField(_("category"), max_length=100)
    voltage = models.CharField(_("voltage"), max_length=40)
    price = models.DecimalField(_("price (yuan/kWh)"), max_digits=8, decimal_places=4)
    note = models.CharField(_("note"), max_length=200, blank=True)
    authority = models.CharField(_("authorising document"), max_length=200, blank=True)
    effective_from = models.DateField(_("in force from"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("tariff")
        verbose_name_plural = _("tariffs")
        ordering = ["company", "order", "id"]

    def __str__(self) -> str:
        return f"{self.category} {self.voltage} {self.price}"


class PublicNotice(models.Model):
    class Kind(models.TextChoices):
        USAGE = "usage", _("usage notice")
        OTHER = "other", _("other notice")

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("text"))
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("public notice")
        verbose_name_plural = _("public notices")
        ordering = ["company", "order", "id"]

    def __str__(self) -> str:
        return self.title


class BusinessProcedure(models.Model):
    """A business procedure as published. `time_limits` names the standards that bind
    it, e.g. [{"code": "application.plan_reply", "attrs": {"voltage": "low"}}]; the page
    shows the limit of each in force today."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=200)
    steps = models.TextField(_("steps (one a line)"))
    documents = models.TextField(_("documents to bring (one a line)"), blank=True)
    time_limits = models.JSONField(_("time limits (standards)"), default=list, blank=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        verbose_name = _("business procedure")
        verbose_name_plural = _("business procedures")
        ordering = ["company", "order", "id"]

    def __str__(self) -> str:
        return self.title

    def step_list(self) -> list[str]:
        return [line.strip() for line in self.steps.splitlines() if line.strip()]

    def document_list(self) -> list[str]:
        return [line.strip() for line in self.documents.splitlines() if line.strip()]
