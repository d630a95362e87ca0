"""Supply companies, their departments, positions and staff.

A deployment can hold several county companies under one city company (R-1.3); every
domain record belongs to one company, and a user sees only their company's rows unless
their company is at city level.
"""

from __future__ import annotations

from datetime import date

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Company(models.Model):
    class Level(models.TextChoices):
        CITY = "city", _("City company")
        COUNTY = "county", _("County company")

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=120)
    short_name = models.CharField(_("short name"), max_length=40, blank=True)
    level = models.CharField(_("level"), max_length=10, choices=Level, default=Level.COUNTY)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent company"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    service_phone = models.CharField(_("service phone"), max_length=30, blank=True)
    service_policy = models.CharField(
        _("service policy"), max_length=100, default="優質、方便、規範、真誠"
    )
    # Records, events and calls are accepted from this day to today (core.instants): a
    # receipt dated 1900 or 2099 is a typing mistake, not history to be measured.
    go_live = models.DateField(
        _("in service since"),
        default=date(2020, 1, 1),
        help_text=_("The first day whose records, events and calls the system accepts."),
    )

    class Meta:
        verbose_name = _("supply company")
        verbose_name_plural = _("supply companies")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.short_name or self.name


class Department(models.Model):
    class Kind(models.TextChoices):
        LEADERSHIP = "leadership", _("Company leadership")
        MARKETING = "marketing", _("Marketing department")
        CSC = "csc", _("Customer service center")
        SERVICE_HALL = "service_hall", _("Service hall")
        PRODUCTION_TECHNOLOGY = "production_technology", _("Production technology department")
        DISPATCH = "dispatch", _("Dispatch unit")
        REPAIR_TEST = "repair_test", _("Repair and test unit")
        OPERATIONS = "operations", _("Operations unit")
        LINE = "line", _("Line unit")
        SUPERVISION = "supervision", _("Supervision department")
        OTHER = "other", _("Other team")

    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="departments"
    )
    code = models.SlugField(_("code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        verbose_name = _("department")
        verbose_name_plural = _("departments")
        ordering = ["company", "code"]
        constraints = [
            models.UniqueConstraint(fields=["company", "code"], name="org_department_code_unique")
        ]

    def __str__(self) -> str:
        return self.name


class Position(models.Model):
    """A job title. `kind` is what the measures read (R-3.4.1 names eligible positions)."""

    class Kind(models.TextChoices):
        GENERAL_MANAGER = "general_manager", _("General manager")
        DEPUTY_GM_MARKETING = "deputy_gm_marketing", _("Deputy general manager for marketing")
        DEPUTY_GM = "deputy_gm", _("Deputy general manager")
        DIRECTOR = "director", _("Director")
        DEPUTY_DIRECTOR = "deputy_director", _("Deputy director")
        TEAM_LEADER = "team_leader", _("Team leader")
        STAFF = "staff", _("Staff member")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=30, choices=Kind)

    class Meta:
        verbose_name = _("position")
        verbose_name_plural = _("positions")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.name


class Staff(models.Model):
    """A member of staff, linked to the user account they log in with."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user account"),
        on_delete=models.PROTECT,
        related_name="staff",
    )
    company = models.ForeignKey(
        Company, verbose_name=_("company"), on_delete=models.PROTECT, related_name="staff"
    )
    department = models.ForeignKey(
        Department, verbose_name=_("department"), on_delete=models.PROTECT, related_name="staff"
    )
    position = models.ForeignKey(
        Position, verbose_name=_("position"), on_delete=models.PROTECT, related_name="staff"
    )
    employee_number = models.CharField(_("employee number"), max_length=20)
    name = models.CharField(_("name"), max_length=50)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        verbose_name = _("staff member")
        verbose_name_plural = _("staff")
        ordering = ["company", "employee_number"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "employee_number"], name="org_staff_number_unique"
            )
        ]
        permissions = [("end_user_sessions", _("Can end all sessions of a user"))]

    def __str__(self) -> str:
        return f"{self.name}（{self.department}）"
