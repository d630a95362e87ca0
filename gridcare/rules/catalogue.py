"""The catalogue of service standards: one entry per standard code with its unit, where it
is measured and the typed schema of its `parameters` (R-4.3, R-DEF).

Every reader of a standard's parameters goes through `parameter()`, so each setting has one
default, here; a revision or a new standard is checked against the schema by
`validate_parameters()` before anything is saved.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from gridcare.core.errors import DomainError


@dataclass(frozen=True)
class Parameter:
    """One key of ServiceStandard.parameters: its type, bounds and default."""

    key: str
    kind: type
    label: Promise
    default: Any
    minimum: float | None = None
    maximum: float | None = None
    choices: tuple[str, ...] = ()

    def clean(self, value: Any) -> Any:
        """The value, of the right type and within bounds; DomainError naming the key."""
        field = f"param_{self.key}"
        if self.kind is bool:
            if not isinstance(value, bool):
                raise DomainError(self._type_message(), field=field)
            return value
        # bool is an int in Python; a JSON true is never a count.
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise DomainError(self._type_message(), field=field)
        if self.kind is str:
            if not isinstance(value, str):
                raise DomainError(self._type_message(), field=field)
            if self.choices and value not in self.choices:
                raise DomainError(
                    _("%(label)s must be one of: %(choices)s.")
                    % {"label": self.label, "choices": ", ".join(self.choices)},
                    field=field,
                )
            return value
        if isinstance(value, str) or (self.kind is int and not float(value).is_integer()):
            raise DomainError(self._type_message(), field=field)
        number = self.kind(value)
        if (self.minimum is not None and number < self.minimum) or (
            self.maximum is not None and number > self.maximum
        ):
            raise DomainError(
                _("%(label)s must be between %(minimum)s and %(maximum)s.")
                % {"label": self.label, "minimum": self.minimum, "maximum": self.maximum},
                field=field,
            )
        return number

    def _type_message(self) -> str:
        kind = {
            int: _("a whole number"),
            float: _("a number"),
            str: _("a text"),
            bool: _("yes or no"),
        }[self.kind]
        return str(_("%(label)s must be %(kind)s.") % {"label": self.label, "kind": kind})


REMIND_SHARE = Parameter(
    "remind_share",
    float,
    _("Reminder at this share of the time allowed"),
    0.8,
    minimum=0.1,
    maximum=1.0,
)
#: The measures set limits, not rates: the rate a report expects is the product's default.
TARGET_RATE = Parameter("target_rate", float, _("Target rate"), 0.95, minimum=0.0, maximum=1.0)
#: PRC ring cadence, 1 s on and 4 s off (R-2.8).
RING_PERIOD = Parameter("ring_period_seconds", int, _("Seconds per ring"), 5, minimum=1, maximum=30)
#: An account designated this many months or fewer before a half year ends owes no visit
#: or survey in that half year (R-3.6.1, R-3.8.2).
OWE_CUTOFF = Parameter(
    "owe_cutoff_months", int, _("Months before the half year ends"), 3, minimum=0, maximum=6
)
DEPARTMENTS = ("marketing", "csc", "dispatch", "prodtech", "operations", "line")
#: Planned outages go to marketing, temporary ones to the CSC (R-3.7.2).
TO_MARKETING = Parameter("recipient", str, _("Department told"), "marketing", choices=DEPARTMENTS)
TO_CSC = Parameter("recipient", str, _("Department told"), "csc", choices=DEPARTMENTS)


@dataclass(frozen=True)
class Entry:
    """What a standard code is: its unit, the app that measures it, its parameters."""

    code: str
    unit: str
    module: str
    parameters: tuple[Parameter, ...] = ()

    def parameter(self, key: str) -> Parameter:
        for spec in self.parameters:
            if spec.key == key:
                return spec
        raise KeyError(f"{self.code} has no parameter {key}")


#: A period in calendar days that ends on a day off ends on the next working day (Civil
#: Code art. 203); the energization standard (R-2.11) is seeded with it on.
PAST_DAYS_OFF = Parameter(
    "past_days_off", bool, _("A period ending on a day off ends on the next working day"), False
)
DEADLINE = (REMIND_SHARE, TARGET_RATE, PAST_DAYS_OFF)
MEASURED = (TARGET_RATE,)


def _entries(*entries: Entry) -> dict[str, Entry]:
    return {e.code: e for e in entries}


CATALOGUE: dict[str, Entry] = _entries(
    Entry("hall.wait_minutes", "minutes", "frontoffice", MEASURED),
    Entry("referral.answer", "working_days", "frontoffice", DEADLINE),
    Entry("call.answer_rings", "rings", "frontoffice", (RING_PERIOD, TARGET_RATE)),
    Entry("hall.business_minutes", "minutes", "frontoffice", MEASURED),
    Entry("hall.payment_minutes", "minutes", "frontoffice", MEASURED),
    Entry("application.plan_reply", "working_days", "applications", DEADLINE),
    Entry("application.residential_energize", "working_days", "applications", DEADLINE),
    Entry("application.energize", "days", "applications", DEADLINE),
    Entry("keyaccount.designation_round", "months", "keyaccounts", DEADLINE),
    Entry("keyaccount.visit", "half_years", "keyaccounts", (*DEADLINE, OWE_CUTOFF)),
    Entry("keyaccount.need", "days", "keyaccounts", DEADLINE),
    Entry("complaint.contact", "working_days", "frontoffice", DEADLINE),
    Entry("complaint.reply", "working_days", "frontoffice", DEADLINE),
    Entry("field.inspection", "half_years", "field", DEADLINE),
    Entry("fault.arrival_urban", "minutes", "field", MEASURED),
    Entry("fault.arrival_rural", "minutes", "field", MEASURED),
    Entry("fault.arrival_remote", "minutes", "field", MEASURED),
    Entry("outage.planned_notice", "days", "field", (TO_MARKETING, TARGET_RATE)),
    Entry("outage.temporary_notice", "days", "field", (TO_CSC, TARGET_RATE)),
    Entry("keyaccount.energize", "working_days", "applications", DEADLINE),
    Entry("keyaccount.other_service", "days", "keyaccounts", DEADLINE),
    Entry("supervision.survey", "half_years", "supervision", (*DEADLINE, OWE_CUTOFF)),
)


def entry(code: str) -> Entry:
    """The catalogue entry of `code`; DomainError for a code the product does not measure."""
    try:
        return CATALOGUE[code]
    except KeyError:
        message = _("No standard has the code %(code)s.") % {"code": code}
        raise DomainError(message, field="code") from None


def parameter(standard: Any, key: str) -> Any:
    """The standard's setting `key`, else the catalogue's default: the one place where a
    parameter is read. A key the code's schema does not name is a programming error."""
    known = CATALOGUE.get(standard.code)
    spec = (known or Entry(standard.code, standard.unit, standard.module, DEADLINE)).parameter(key)
    value = standard.parameters.get(key)
    return spec.default if value is None else spec.clean(value)


def validate_parameters(code: str, parameters: dict[str, Any]) -> dict[str, Any]:
    """`parameters` checked against the schema of `code`: an unknown key or a value of the
    wrong type or out of bounds is a DomainError naming it; nothing is filled in."""
    if not isinstance(parameters, dict):
        raise DomainError(_("Parameters must be a set of named values."), field="parameters")
    known = {spec.key: spec for spec in entry(code).parameters}
    unknown = sorted(set(parameters) - set(known))
    if unknown:
        raise DomainError(
            _("Unknown parameter %(keys)s for %(code)s; known: %(known)s.")
            % {"keys": ", ".join(unknown), "code": code, "known": ", ".join(known) or "—"},
            field="parameters",
        )
    return {key: known[key].clean(value) for key, value in parameters.items()}
