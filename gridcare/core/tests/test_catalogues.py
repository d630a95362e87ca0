"""The Chinese catalogues translate every text: an empty entry, or one marked fuzzy (which
is not compiled), shows its English source on a Chinese page."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parents[3]
CATALOGUES = sorted(
    [
        *ROOT.glob("locale/zh_*/LC_MESSAGES/django.po"),
        *ROOT.glob("gridcare/*/locale/zh_*/LC_MESSAGES/django.po"),
    ]
)


def test_the_catalogues_are_found() -> None:
    assert len(CATALOGUES) >= 2 * 10


@pytest.mark.parametrize("path", CATALOGUES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_text_is_translated(path: Path) -> None:
    with path.open("rb") as f:
        catalogue = read_po(f)
    untranslated = [
        message.id
        for message in catalogue
        if message.id
        and (message.fuzzy or not all(message.string if message.pluralizable else [message.string]))
    ]
    assert untranslated == []
