"""The registry of audit actions: what a history panel or the audit search says about
an event, in the language of the page.

Every app registers its actions in its AppConfig.ready(): for each dotted code a sentence
(gettext_lazy, `%(key)s` placeholders filled from the event's data) and, for the data, a
label per field and how its value reads (choices by their labels, booleans as yes/no,
dates as dates). The stored code and data stay as they are; only their reading is here.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.dateparse import parse_date, parse_datetime
from django.utils.formats import date_format
from django.utils.functional import Promise
from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

Text = str | Promise
PLACEHOLDER = re.compile(r"%\((\w+)\)s")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}")


@dataclass(frozen=True)
class Field:
    """How one key of an event's data reads: its label, and its values' labels (choices)
    or a function that turns a value into words (e.g. a standard's code into its title)."""

    label: Text
    choices: Mapping[Any, Text] | None = None
    render: Callable[[Any], str] | None = None


@dataclass
class _Registration:
    sentence: Text
    fields: dict[str, Field] = field(default_factory=dict)


_ACTIONS: dict[str, _Registration] = {}
_FIELDS: dict[str, Field] = {}


def register(
    actions: Mapping[str, Text], *, fields: Mapping[str, Field | Text] | None = None
) -> None:
    """Register actions with their sentences; `fields` label the data of these actions
    (a plain text is a label; a Field also reads the values)."""
    own = {key: f if isinstance(f, Field) else Field(f) for key, f in (fields or {}).items()}
    for code, sentence in actions.items():
        _ACTIONS[code] = _Registration(sentence, own)


def register_fields(fields: Mapping[str, Field | Text]) -> None:
    """Labels shared by every action (`reason`, `note`, `at`…), unless an action's own
    fields say otherwise."""
    _FIELDS.update({k: f if isinstance(f, Field) else Field(f) for k, f in fields.items()})


def is_registered(code: str) -> bool:
    return code in _ACTIONS or _admin_parts(code) is not None


def registered() -> list[str]:
    return sorted(_ACTIONS)


def _admin_parts(code: str) -> tuple[str, str, str] | None:
    # Edits in the administration pages are audited as admin.<app>.<model>.<verb>.
    parts = code.split(".")
    if len(parts) == 4 and parts[0] == "admin" and parts[3] in ADMIN_VERBS:
        return parts[1], parts[2], parts[3]
    return None


ADMIN_VERBS: dict[str, Text] = {
    "added": _("Added in the administration pages: %(model)s"),
    "changed": _("Changed in the administration pages: %(model)s"),
    "deleted": _("Deleted in the administration pages: %(model)s"),
}


def value_text(
    value: Any, spec: Field | None = None, own: Mapping[str, Field] | None = None
) -> str:
    """A value of an event's data in words: never a code, a dict or a list literal.
    `own` labels the keys of a nested dict (the action's fields)."""
    if spec is not None and spec.render is not None and value not in (None, ""):
        return spec.render(value)
    if spec is not None and spec.choices is not None and not isinstance(value, list | dict):
        label = spec.choices.get(value)
        if label is not None:
            return str(label)
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("Yes") if value else gettext("No")
    if isinstance(value, datetime):
        return date_format(timezone.localtime(value), "Y-m-d H:i")
    if isinstance(value, date):
        return date_format(value, "Y-m-d")
    if isinstance(value, str):
        return _string_text(value)
    if isinstance(value, list | tuple | set):
        nested = any(isinstance(v, list | tuple | dict) for v in value)
        parts = [value_text(v, spec, own) for v in value]
        if not parts:
            return "—"
        # Separators in the punctuation of the page's language.
        return (pgettext("between groups", "; ") if nested else pgettext("in a list", ", ")).join(
            parts
        )
    if isinstance(value, dict):
        pairs = _pairs(value, own or {})
        return pgettext("between pairs", ", ").join(f"{label} {text}" for label, text in pairs)
    return str(value)


def _string_text(value: str) -> str:
    if ISO_DATETIME.match(value):
        moment = parse_datetime(value)
        if moment is not None:
            if timezone.is_aware(moment):
                moment = timezone.localtime(moment)
            return date_format(moment, "Y-m-d H:i")
    if ISO_DATE.match(value):
        day = parse_date(value)
        if day is not None:
            return date_format(day, "Y-m-d")
    return value


def _label(key: str, own: Mapping[str, Field]) -> tuple[str, Field | None]:
    spec = own.get(key) or _FIELDS.get(key)
    if spec is not None:
        return str(spec.label), spec
    # A key nobody labelled still reads as words, not as an identifier.
    return key.replace("_", " ").capitalize(), None


def _pairs(payload: Mapping[str, Any], own: Mapping[str, Field]) -> list[tuple[str, str]]:
    out = []
    for key, value in payload.items():
        if value is None or value == "" or value == [] or value == {}:
            continue  # Nothing to read: an empty note says nothing.
        label, spec = _label(key, own)
        out.append((label, value_text(value, spec, own)))
    return out


@dataclass(frozen=True)
class Entry:
    """One line of a history: when, who, what happened, and the labelled changes."""

    at: datetime
    who: str
    sentence: str
    changes: list[tuple[str, str]]
    event: Any


def describe(code: str, payload: Mapping[str, Any] | None) -> tuple[str, list[tuple[str, str]]]:
    """The sentence and the labelled data of one event."""
    payload = dict(payload or {})
    admin = _admin_parts(code)
    if admin is not None:
        return _describe_admin(admin, payload)
    reg = _ACTIONS.get(code)
    if reg is None:
        return gettext("Change recorded"), _pairs(payload, {})
    used = set(PLACEHOLDER.findall(str(reg.sentence)))
    values = {key: value_text(payload.get(key), _label(key, reg.fields)[1]) for key in used}
    sentence = str(reg.sentence) % values if used else str(reg.sentence)
    rest = {k: v for k, v in payload.items() if k not in used}
    return sentence, _pairs(rest, reg.fields)


def _describe_admin(
    parts: tuple[str, str, str], payload: dict[str, Any]
) -> tuple[str, list[tuple[str, str]]]:
    from django.apps import apps

    app_label, model_name, verb = parts
    try:
        model = str(apps.get_model(app_label, model_name)._meta.verbose_name)
    except LookupError:
        model = gettext("record")
    change = payload.pop("change", "")
    changes = [(gettext("Change"), str(change))] if change else []
    return str(ADMIN_VERBS[verb]) % {"model": model}, changes + _pairs(payload, {})


def staff_names(user_ids: Iterable[int]) -> dict[int, str]:
    """user id → the staff member's name, else the user's full name, else the username:
    one query for a whole page of events."""
    ids = {pk for pk in user_ids if pk is not None}
    if not ids:
        return {}
    names = {}
    for user in get_user_model().objects.filter(pk__in=ids).select_related("staff"):
        staff = getattr(user, "staff", None)
        names[user.pk] = (
            (staff.name if staff is not None else "")
            or user.get_full_name().strip()
            or user.get_username()
        )
    return names


def entries(events: Iterable[Any]) -> list[Entry]:
    """Audit events as readable lines, for the history partial and the audit search."""
    events = list(events)
    names = staff_names(e.actor_id for e in events)
    out = []
    for event in events:
        sentence, changes = describe(event.action, event.payload)
        who = names.get(event.actor_id) or event.actor_label or gettext("System")
        out.append(Entry(event.at, who, sentence, changes, event))
    return out


def register_core() -> None:
    """The core's own actions and the labels every app shares."""
    register_fields(
        {
            "at": _("Time"),
            "reason": _("Reason"),
            "note": _("Note"),
            "from": _("Before"),
            "to": _("After"),
            "due": _("Due"),
            "customer": _("Customer number"),
            "file": _("File"),
            "rows": _("Rows"),
            "lines": _("Lines"),
            "interruptions": _("Interruptions"),
            "by_hand": _("Resumed by hand"),
            "count": _("Count"),
            "method": _("Method"),
            "status": _("Status"),
            "ip_address": _("IP address"),
            "username": _("Username"),
            "change": _("Change"),
            "effective_from": _("Effective from"),
            "name": _("Name"),
            "error": _("Error"),
            "size": _("Size (bytes)"),
            "bytes": _("Size (bytes)"),
        }
    )

    register(
        {
            "core.auth.login": _("Signed in"),
            "core.auth.login_failed": _("Sign-in failed"),
            "core.auth.logout": _("Signed out"),
            "core.auth.locked_out": _("Account locked after repeated failed sign-ins"),
            "core.auth.password_changed": _("Password changed"),
            "core.auth.token_issued": _("API token issued"),
            "core.auth.token_refused": _("API token refused"),
            "core.notification.email_failed": _("Notification e-mail could not be sent"),
            "core.user.sessions_ended": _("All sessions of the user ended"),
        },
        fields={
            "prefix": _("Token prefix"),
            "expires_at": _("Expires at"),
            "recipient": _("Recipient"),
        },
    )


def model_fields(model: Any, *, changes: bool = False) -> dict[str, Field]:
    """Labels for data keyed by a model's field names: the fields' verbose names and
    their choices. With `changes`, each value is a [before, after] pair."""
    out = {}
    for f in model._meta.fields:
        choices = dict(f.flatchoices) if f.choices else None
        if f.get_internal_type() == "BooleanField":
            # A changed flag is stored as the text of the Python value.
            choices = {"True": _("Yes"), "False": _("No")}
        render = None
        if changes:
            spec = Field(f.verbose_name, choices)
            render = _pair_render(spec)
        out[f.name] = Field(f.verbose_name, choices, render)
    return out


def _pair_render(spec: Field) -> Callable[[Any], str]:
    def render(value: Any) -> str:
        if isinstance(value, list | tuple) and len(value) == 2:
            return f"{value_text(value[0], spec)} → {value_text(value[1], spec)}"
        return value_text(value, spec)

    return render
