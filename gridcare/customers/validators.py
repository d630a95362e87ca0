"""The one check of an account number and of a person's or customer's name, used by the
model (so every ModelForm, serializer and service's full_clean), and by the importer,
which writes without the model (docs/security.md, V2)."""

from __future__ import annotations

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

ACCOUNT_NUMBER = re.compile(r"[A-Za-z0-9-]+")

#: Characters that change how text around them is shown without being seen themselves:
#: bidirectional embeddings, overrides, isolates and marks, and zero-width characters.
#: In a name they can make one customer's name read as another's.
INVISIBLE = re.compile("[\u061c\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]")


def validate_account_number(value: str) -> None:
    if not ACCOUNT_NUMBER.fullmatch(value):
        raise ValidationError(
            _("An account number may hold only letters, digits and '-'."), code="account_number"
        )


def validate_name(value: str) -> None:
    if INVISIBLE.search(value):
        raise ValidationError(
            _("A name may not hold invisible direction or zero-width characters."),
            code="invisible_characters",
        )
