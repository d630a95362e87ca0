"""Calls to the service phone (R-2.8): records imported from the phone system or entered by
hand, the import batches with every rejected line, and call-backs of unanswered calls.

A call's ring count and outcome (an abandoned call's too) are computed once, with the
`call.answer_rings` standard in force on the call's date, and stored on the row: a later
change of the standard never rewrites a past result (R-4.1), and compliance figures read
one indexed date range.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class AgentExtension(models.Model):
    """Which staff member answers on a phone extension (the `dstchannel` of a CDR line)."""

    company = models.ForeignKey(
        "org.Company", verbose_name=_("company"), on_delete=models.PROTECT, related_name="+"
    )
    extension = models.CharField(_("extension"), max_length=40)
    staff = models.ForeignKey(
        "org.Staff", verbose_name=_("agent"), on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("agent extension")
        verbose_name_plural = _("agent extensions")
        ordering = ["company", "extension"]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "extension"], name="frontoffice_extension_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.extension} → {self.staff.name}"


class CallImport(models.Model):
    """One call-record file (an Asterisk Master.csv) and what became of its lines."""

    class Source(models.TextChoices):
        UPLOAD = "upload", _("upload")
        API = "api", _("API")
        DEMO = "demo", _("demo data")

    class Status(models.TextChoices):
        QUEUED = "queued", pgettext_lazy("import status", "queued")
        RUNNING = "running", pgettext_lazy("import status", "importing")
        DONE = "done", pgettext_lazy("import status", "done")
        FAILED = "failed", pgettext_lazy("import status", "failed")

    company = models.ForeignKey(
        "org.Company", verbose_name=_("company"), on_delete=models.PROTECT, related_name="+"
    )
    source = models.CharField(_("source"), max_length=10, choices=Source)
    file = models.FileField(_("file"), upload_to="frontoffice/cdr/%Y/%m/", blank=True)
    filename = models.CharField(_("file name"), max_length=200)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.QUEUED)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    # Progress, written while the file is read (outside the import's transaction).
    bytes_read = models.PositiveBigIntegerField(default=0)
    lines = models.PositiveIntegerField(_("lines"), default=0)
    imported = models.PositiveIntegerField(_("imported"), default=0)
    duplicates = models.PositiveIntegerField(_("duplicates"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    # The days the file's calls fell on, so that the import page can lead to their figures.
    first_call_date = models.DateField(_("first call on"), null=True, blank=True)
    last_call_date = models.DateField(_("last call on"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    # Liveness of a running import: written with the progress, read by the reaper
    # (services.cdr_import.call_imports_reap), which resumes or fails a silent one.
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    runs = models.PositiveSmallIntegerField(_("runs"), default=0)
    interruptions = models.PositiveSmallIntegerField(_("interruptions"), default=0)

    class Meta:
        verbose_name = _("call-record import")
        verbose_name_plural = _("call-record imports")
        ordering = ["-id"]
        permissions = [("import_callrecord", _("Can import call records"))]
        indexes = [models.Index(fields=["company", "-id"], name="frontoffice_import_company")]

    def __str__(self) -> str:
        return f"{self.filename} ({self.uploaded_at:%Y-%m-%d %H:%M})"

    @property
    def resumable(self) -> bool:
        """Stopped by an interruption with its file still kept: it can go on."""
        return self.status == self.Status.FAILED and bool(self.file) and self.interruptions > 0

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        if not self.size:
            return 0
        return min(99, int(100 * self.bytes_read / self.size))


class CallImportRejection(models.Model):
    """A line of an import that was not imported, with its number and why (DESIGN.md 11).

    The reason is kept as a code and a detail so that each reader sees it in their language.
    """

    batch = models.ForeignKey(CallImport, on_delete=models.CASCADE, related_name="rejections")
    line = models.PositiveIntegerField(_("line"))
    code = models.CharField(_("reason"), max_length=30)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("rejected line")
        verbose_name_plural = _("rejected lines")
        ordering = ["batch", "line"]
        indexes = [models.Index(fields=["batch", "line"], name="frontoffice_rejection_line")]

    def __str__(self) -> str:
        return f"{self.batch_id}:{self.line} {self.code}"


class CallRecord(models.Model):
    """One call to the service phone.

    `key` makes imports idempotent: a digest of the CDR `uniqueid` when the line has one,
    else of the line's sixteen standard fields (gridcare.frontoffice.cdr); a manual entry
    gets a random key. The key is unique per company and call date (a line always yields
    the same date), which lets the one unique index also serve every date-range read.
    """

    class Disposition(models.TextChoices):
        ANSWERED = "answered", _("answered")
        NO_ANSWER = "no_answer", _("no answer")
        BUSY = "busy", _("busy")
        FAILED = "failed", _("failed")
        CONGESTION = "congestion", _("congestion")

    class Outcome(models.TextChoices):
        MET = "met", _("within the limit")
        # Answered past the limit, or abandoned while ringing past it.
        BREACHED = "breached", _("too many rings")
        # Busy, failed, or abandoned within the limit: counted apart.
        UNANSWERED = "unanswered", _("unanswered")
        # Answered on a date when the company's measures had no ring standard.
        UNMEASURED = "unmeasured", _("not measured")

    # The table takes a million rows an import. Its foreign keys carry no index of their
    # own (every read goes through the (company, call_date, key) index) and, for those the
    # import fills, no database constraint: PostgreSQL checks a foreign key with one lookup
    # per inserted row, which would cost more than the whole load. The import resolves
    # them itself (the company and the import are its own, the standard and the agent come
    # from lookups), and PROTECT keeps the rows they point to from being deleted.
    company = models.ForeignKey(
        "org.Company",
        verbose_name=_("company"),
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    call_date = models.DateField(_("date"))
    key = models.UUIDField()
    batch = models.ForeignKey(
        CallImport,
        verbose_name=_("import"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    line_number = models.PositiveIntegerField(_("line"), null=True, blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        # Even an empty foreign key queues one check per inserted row in PostgreSQL.
        db_constraint=False,
    )
    caller = models.CharField(_("caller"), max_length=80, blank=True)
    dialled = models.CharField(_("number dialled"), max_length=80, blank=True)
    agent_extension = models.CharField(_("extension"), max_length=40, blank=True)
    agent = models.ForeignKey(
        "org.Staff",
        verbose_name=_("agent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    started_at = models.DateTimeField(_("rang at"))
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    duration = models.PositiveIntegerField(_("duration (s)"), default=0)
    billsec = models.PositiveIntegerField(_("talk time (s)"), default=0)
    disposition = models.CharField(_("disposition"), max_length=12, choices=Disposition)
    ring_ms = models.PositiveIntegerField(_("ring time (ms)"), null=True, blank=True)
    rings = models.PositiveSmallIntegerField(_("rings"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome)
    standard = models.ForeignKey(
        "rules.ServiceStandard",
        verbose_name=_("standard"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        db_index=False,
        db_constraint=False,
    )
    called_back_at = models.DateTimeField(_("called back"), null=True, blank=True)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["-id"]
        permissions = [("record_callback", _("Can record a call back"))]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "call_date", "key"], name="frontoffice_call_once"
            ),
            models.CheckConstraint(
                condition=(
                    Q(outcome="unanswered", answered_at__isnull=True, rings__isnull=True)
                    | (
                        Q(outcome__in=["met", "breached"], disposition="answered")
                        & Q(answered_at__isnull=False, rings__gte=1, ring_ms__isnull=False)
                    )
                    # Abandoned while ringing past the limit.
                    | Q(
                        outcome="breached",
                        disposition="no_answer",
                        answered_at__isnull=True,
                        rings__gte=1,
                        ring_ms__isnull=False,
                    )
                    | Q(
                        outcome="unmeasured",
                        disposition="answered",
                        answered_at__isnull=False,
                        rings__isnull=True,
                        ring_ms__isnull=False,
                    )
                ),
                name="frontoffice_call_outcome_valid",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(answered_at__gte=F("started_at")),
                name="frontoffice_call_answer_after_start",
            ),
            models.CheckConstraint(
                condition=Q(called_back_at__isnull=True) | Q(answered_at__isnull=True),
                name="frontoffice_callback_unanswered_only",
            ),
        ]
        indexes = [
            # The call list: newest call first, a page at a time (views/call_pages.py).
            models.Index(
                "company", F("started_at").desc(), F("id").desc(), name="frontoffice_call_newest"
            ),
            # The compliance source counts outcomes over a date range; with the
            # outcome in the index PostgreSQL answers from the index alone instead of
            # reading the largest table of the system (10M rows: 2.4 s → 0.24 s).
            models.Index(
                fields=["company", "call_date", "outcome"], name="frontoffice_call_period"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.caller or '—'} {self.started_at:%Y-%m-%d %H:%M:%S}"

    def get_absolute_url(self) -> str:
        return reverse("frontoffice:call_detail", args=[self.pk])

    @property
    def is_manual(self) -> bool:
        return self.entered_by_id is not None

    @property
    def ring_seconds(self) -> float | None:
        return None if self.ring_ms is None else self.ring_ms / 1000


class CallBack(models.Model):
    """An attempt to call back an unanswered caller (R-2.8: no caller is left waiting)."""

    call = models.ForeignKey(CallRecord, on_delete=models.PROTECT, related_name="callbacks")
    at = models.DateTimeField(_("called at"))
    by = models.ForeignKey(
        "org.Staff", verbose_name=_("called back by"), on_delete=models.PROTECT, related_name="+"
    )
    reached = models.BooleanField(_("reached the caller"))
    note = models.CharField(_("note"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("call back")
        verbose_name_plural = _("call backs")
        ordering = ["call", "at"]

    def __str__(self) -> str:
        return f"{self.call_id} {self.at:%Y-%m-%d %H:%M}"
