"""Key-account questionnaire surveys (R-3.8.1, R-3.8.2).

The supervision department builds questionnaires; a round sends one version of a
questionnaire to every key account of the company in a half year, each through a
personal, one-time, expiring portal link (`SurveyInvitation`); a response arrives by that
link or is entered by staff from paper or a phone call. Each key account owes one
response per half year: `SurveyObligation` is the subject of the clock of standard
`supervision.survey` (clause 3.8.2).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Questionnaire(models.Model):
    """A questionnaire version. Once a round has used it (`used_at`), it is read-only:
    changing it makes a new version, a copy whose `previous` is this one, so that the
    responses of a round always match the questions it asked."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    title = models.CharField(_("title"), max_length=120)
    introduction = models.TextField(_("introduction for the customer"), blank=True)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="next_versions",
    )
    created_at = models.DateTimeField(_("created"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    used_at = models.DateTimeField(_("first used"), null=True, blank=True)

    class Meta:
        verbose_name = _("questionnaire")
        verbose_name_plural = _("questionnaires")
        ordering = ["-id"]
        constraints = [
            # A version has at most one successor: the history is a line, not a tree.
            models.UniqueConstraint(fields=["previous"], name="surveys_one_next_version"),
            models.CheckConstraint(condition=Q(version__gte=1), name="surveys_version_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.title} v{self.version}"

    @property
    def is_locked(self) -> bool:
        return self.used_at is not None


class Question(models.Model):
    class Kind(models.TextChoices):
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        SCALE = "scale", _("Scale 1–5")
        TEXT = "text", _("Free text")

    CHOICE_KINDS = (Kind.SINGLE, Kind.MULTIPLE)
    SCALE_MIN, SCALE_MAX = 1, 5

    questionnaire = models.ForeignKey(
        Questionnaire, on_delete=models.CASCADE, related_name="questions"
    )
    position = models.PositiveSmallIntegerField(pgettext_lazy("question", "position"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind)
    text = models.CharField(_("question"), max_length=300)
    required = models.BooleanField(_("answer required"), default=True)
    #: The options of a choice question, in the order shown (a list of strings).
    options = models.JSONField(_("options"), default=list, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["questionnaire", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["single", "multiple", "scale", "text"]),
                name="surveys_question_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.text}"


class SurveyRound(models.Model):
    """One survey of the key accounts of a company in a half year (R-3.8.2)."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("survey round", "Open")
        CLOSED = "closed", pgettext_lazy("survey round", "Closed")

    TRANSITIONS: dict[str, frozenset[str]] = {
        Status.OPEN: frozenset({Status.CLOSED}),
        Status.CLOSED: frozenset(),
    }
    DEFAULT_LINK_DAYS = 30

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    questionnaire = models.ForeignKey(
        Questionnaire,
        verbose_name=_("questionnaire"),
        on_delete=models.PROTECT,
        related_name="rounds",
    )
    half_start = models.DateField(_("half year"))
    status = models.CharField(_("status"), max_length=10, choices=Status, default=Status.OPEN)
    link_days = models.PositiveSmallIntegerField(
        _("links valid for (days)"), default=DEFAULT_LINK_DAYS
    )
    opened_at = models.DateTimeField(_("opened"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.PROTECT, related_name="+"
    )
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("survey round")
        verbose_name_plural = _("survey rounds")
        ordering = ["-half_start", "-id"]
        permissions = [("record_response", _("Can record survey responses"))]
        constraints = [
            models.UniqueConstraint(
                fields=["company", "half_start"], name="surveys_one_round_per_half"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["open", "closed"]), name="surveys_round_status_valid"
            ),
            models.CheckConstraint(
                condition=Q(link_days__gte=1, link_days__lte=366), name="surveys_link_days_range"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | Q(closed_at__isnull=False),
                name="surveys_round_closed_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.half_label} {self.questionnaire.title}"

    @property
    def half_label(self) -> str:
        return f"{self.half_start.year}H{1 if self.half_start.month == 1 else 2}"


class SurveyObligation(models.Model):
    """One key account in one half year: it owes a survey response (R-3.8.2). The subject
    of the clock of standard `supervision.survey`; `responded_at` is the first response
    of that half year, which stopped the clock. An account designated too late in the half
    year (after the standard's cut-off) owes nothing there and has no clock."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    customer = models.ForeignKey(
        "customers.Customer", on_delete=models.PROTECT, related_name="survey_obligations"
    )
    half_start = models.DateField(_("half year"))
    owes_response = models.BooleanField(_("owes a response"), default=True)
    opened_at = models.DateTimeField(_("opened"))
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)

    class Meta:
        verbose_name = _("survey obligation")
        verbose_name_plural = _("survey obligations")
        ordering = ["-half_start", "customer_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["customer", "half_start"], name="surveys_obligation_once"
            ),
        ]
        indexes = [
            models.Index(
                fields=["company", "half_start", "responded_at"], name="surveys_obligation_idx"
            )
        ]

    def __str__(self) -> str:
        return f"{self.customer} {self.half_start.year}H{1 if self.half_start.month == 1 else 2}"

    def get_absolute_url(self) -> str:
        return reverse("customers:customer_detail", args=[self.customer_id])


class SurveyInvitation(models.Model):
    """A key account invited to a round, with its personal portal link. Only a hash of the
    link's secret is stored; the link works once (a response closes it) and until
    `expires_at`. Reissuing the link replaces the secret, so an older link stops working."""

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    round = models.ForeignKey(SurveyRound, on_delete=models.CASCADE, related_name="invitations")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")
    token_hash = models.CharField(max_length=64, unique=True)
    expires_at = models.DateTimeField(_("link expires"))
    issued_at = models.DateTimeField(_("link issued"))

    class Meta:
        verbose_name = _("survey invitation")
        verbose_name_plural = _("survey invitations")
        ordering = ["round", "customer_id"]
        constraints = [
            models.UniqueConstraint(fields=["round", "customer"], name="surveys_invitation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.customer_id}"


class SurveyResponse(models.Model):
    """The one response to an invitation (the unique invitation makes a second one
    impossible, whoever submits it: the customer's link or staff, at the same moment)."""

    class Channel(models.TextChoices):
        PORTAL = "portal", _("Portal link")
        PAPER = "paper", _("Paper form")
        PHONE = "phone", _("Phone call")

    STAFF_CHANNELS = (Channel.PAPER, Channel.PHONE)

    company = models.ForeignKey("org.Company", on_delete=models.PROTECT, related_name="+")
    invitation = models.OneToOneField(
        SurveyInvitation, on_delete=models.PROTECT, related_name="response"
    )
    round = models.ForeignKey(SurveyRound, on_delete=models.PROTECT, related_name="responses")
    customer = models.ForeignKey("customers.Customer", on_delete=models.PROTECT, related_name="+")
    channel = models.CharField(_("channel"), max_length=10, choices=Channel)
    received_at = models.DateTimeField(_("received"))
    respondent = models.CharField(_("answered by"), max_length=100, blank=True)
    recorded_at = models.DateTimeField(_("recorded"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(channel__in=["portal", "paper", "phone"]),
                name="surveys_response_channel_valid",
            ),
            # Staff entries name who recorded them; the customer's own link has no user.
            models.CheckConstraint(
                condition=Q(channel="portal") | Q(recorded_by__isnull=False),
                name="surveys_response_staff_named",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.round_id}: {self.customer_id} ({self.channel})"


class SurveyAnswer(models.Model):
    """The answer to one question: `choices` for choice questions (option texts), `score`
    for a 1–5 scale, `text` for free text."""

    response = models.ForeignKey(SurveyResponse, on_delete=models.CASCADE, related_name="answers")
    question = models.ForeignKey(Question, on_delete=models.PROTECT, related_name="answers")
    choices = models.JSONField(default=list, blank=True)
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)

    class Meta:
        verbose_name = _("survey answer")
        verbose_name_plural = _("survey answers")
        ordering = ["response", "question__position"]
        constraints = [
            models.UniqueConstraint(fields=["response", "question"], name="surveys_answer_once"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | Q(score__gte=1, score__lte=5),
                name="surveys_answer_score_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.response_id}/{self.question_id}"
