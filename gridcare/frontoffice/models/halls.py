"""Service halls, their counters and the ticket queue (R-2.3, R-2.6, R-2.9).

A ticket is a customer's visit: taken on arrival, called to a counter, started and
finished by the clerk. Its wait (arrival to start, R-2.6) and handling time (start to
finish, R-2.9) are measured against the standards in force on its date and stored on the
row, so the compliance figures read one indexed date range (DESIGN.md 8).
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ServiceHall(models.Model):
    """A service hall (供電門市): the team working in it is a department of kind
    service_hall; the hall adds what customers need to know (address, opening hours)."""

    company = models.ForeignKey(
        "org.Company", verbose_name=_("company"), on_delete=models.PROTECT, related_name="+"
    )
    department = models.OneToOneField(
        "org.Department",
        verbose_name=_("hall team"),
        on_delete=models.PROTECT,
        related_name="service_hall",
    )
    name = models.CharField(_("name"), max_length=100)
    address = models.CharField(_("address"), max_length=200)
    opening_hours = models.CharField(_("opening hours"), max_length=200)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    is_public = models.BooleanField(_("shown on the public pages"), default=True)

    class Meta:
        verbose_name = _("service hall")
        verbose_name_plural = _("service halls")
        ordering = ["company", "name"]
        constraints = [
            models.UniqueConstraint(fields=["company", "name"], name="frontoffice_hall_name")
        ]

    def __str__(self) -> str:
        return self.name


class TicketKind(models.TextChoices):
    BUSINESS = "business", _("business")
    PAYMENT = "payment", _("payment")


# Ticket numbers start with a letter per kind, as the hall display calls them.
TICKET_PREFIX: dict[str, str] = {TicketKind.BUSINESS: "A", TicketKind.PAYMENT: "B"}


class Counter(models.Model):
    class Serves(models.TextChoices):
        BOTH = "both", _("business and payment")
        BUSINESS = "business", _("business only")
        PAYMENT = "payment", _("payment only")

    hall = models.ForeignKey(ServiceHall, on_delete=models.PROTECT, related_name="counters")
    number = models.PositiveSmallIntegerField(_("number"))
    name = models.CharField(_("name"), max_length=40)
    serves = models.CharField(_("serves"), max_length=10, choices=Serves, default=Serves.BOTH)
    is_active = models.BooleanField(_("open"), default=True)

    class Meta:
        verbose_name = _("counter")
        verbose_name_plural = _("counters")
        ordering = ["hall", "number"]
        constraints = [
            models.UniqueConstraint(fields=["hall", "number"], name="frontoffice_counter_number")
        ]

    def __str__(self) -> str:
        return f"{self.hall.name} {self.name}"

    def kinds(self) -> list[str]:
        if self.serves == self.Serves.BOTH:
            return [TicketKind.BUSINESS, TicketKind.PAYMENT]
        return [self.serves]


class Ticket(models.Model):
    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        CALLED = "called", _("called")
        SERVING = "serving", _("being served")
        DONE = "done", _("done")
        NO_SHOW = "no_show", _("did not come")
        ABANDONED = "abandoned", _("left open at closing")

    # Allowed changes (DESIGN.md 4); services.halls.ticket_transition checks them.
    TRANSITIONS: dict[str, set[str]] = {
        Status.WAITING: {Status.CALLED, Status.ABANDONED},
        Status.CALLED: {Status.SERVING, Status.NO_SHOW, Status.ABANDONED},
        Status.SERVING: {Status.DONE, Status.ABANDONED},
        Status.DONE: set(),
        Status.NO_SHOW: set(),
        Status.ABANDONED: set(),
    }
    OPEN = (Status.WAITING, Status.CALLED, Status.SERVING)

    class Outcome(models.TextChoices):
        MET = "met", _("within the limit")
        BREACHED = "breached", _("over the limit")

    company = models.ForeignKey(
        "org.Company", on_delete=models.PROTECT, related_name="+", db_index=False
    )
    hall = models.ForeignKey(
        ServiceHall,
        verbose_name=_("hall"),
        on_delete=models.PROTECT,
        related_name="tickets",
        db_index=False,
    )
    service_date = models.DateField(_("date"))
    kind = models.CharField(_("kind"), max_length=10, choices=TicketKind)
    sequence = models.PositiveIntegerField()
    number = models.CharField(_("ticket"), max_length=10)
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.WAITING)
    issued_at = models.DateTimeField(_("arrived"))
    called_at = models.DateTimeField(_("called"), null=True, blank=True)
    started_at = models.DateTimeField(_("service started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("service finished"), null=True, blank=True)
    counter = models.ForeignKey(
        Counter,
        verbose_name=_("counter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    clerk = models.ForeignKey(
        "org.Staff",
        verbose_name=_("clerk"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    wait_seconds = models.PositiveIntegerField(_("wait (s)"), null=True, blank=True)
    wait_outcome = models.CharField(max_length=10, choices=Outcome, blank=True)
    wait_standard = models.ForeignKey(
        "rules.ServiceStandard",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )
    handling_seconds = models.PositiveIntegerField(_("handling (s)"), null=True, blank=True)
    handling_outcome = models.CharField(max_length=10, choices=Outcome, blank=True)
    handling_standard = models.ForeignKey(
        "rules.ServiceStandard",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
    )

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-id"]
        permissions = [("serve_ticket", _("Can call, start and finish tickets at a counter"))]
        constraints = [
            models.UniqueConstraint(
                fields=["hall", "service_date", "kind", "sequence"],
                name="frontoffice_ticket_number",
            ),
            # A counter serves one customer at a time.
            models.UniqueConstraint(
                fields=["counter"],
                condition=Q(status__in=["called", "serving"]),
                name="frontoffice_ticket_one_per_counter",
            ),
            models.CheckConstraint(
                condition=Q(status="waiting")
                | Q(status="abandoned")
                | Q(counter__isnull=False, called_at__isnull=False),
                name="frontoffice_ticket_called_at_counter",
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["serving", "done"]) | Q(started_at__isnull=False),
                name="frontoffice_ticket_started",
            ),
            models.CheckConstraint(
                condition=~Q(status="done") | Q(finished_at__isnull=False),
                name="frontoffice_ticket_finished",
            ),
            models.CheckConstraint(
                condition=Q(started_at__isnull=True) | Q(started_at__gte=F("issued_at")),
                name="frontoffice_ticket_start_after_arrival",
            ),
            models.CheckConstraint(
                condition=Q(finished_at__isnull=True) | Q(finished_at__gte=F("started_at")),
                name="frontoffice_ticket_finish_after_start",
            ),
        ]
        indexes = [
            # Compliance over a period and the day's figures.
            models.Index(fields=["company", "service_date"], name="frontoffice_ticket_period"),
            # The queue: the oldest waiting ticket of a hall.
            models.Index(
                fields=["hall", "service_date", "status", "issued_at"],
                name="frontoffice_ticket_queue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.service_date}"
