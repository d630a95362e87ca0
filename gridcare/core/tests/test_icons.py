"""Icons are glyphs of a font (Bootstrap Icons). Read aloud, a glyph is noise added to the
name of the link or button it sits in, so every icon is hidden from assistive technology
(aria-hidden), unless it alone says something (a tick for "on the list"), which it then
names (role="img" with aria-label)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
ICON = re.compile(r'<i\b[^>]*\bclass="bi\b[^>]*>')


def templates() -> list[Path]:
    return sorted([*ROOT.glob("templates/**/*.html"), *ROOT.glob("gridcare/*/templates/**/*.html")])


def test_the_templates_are_found() -> None:
    assert len(templates()) > 100


def test_every_icon_is_hidden_or_named() -> None:
    unnamed = []
    for path in templates():
        text = path.read_text(encoding="utf-8")
        for match in ICON.finditer(text):
            tag = match.group(0)
            hidden = 'aria-hidden="true"' in tag
            named = 'role="img"' in tag and "aria-label=" in tag
            if not (hidden or named):
                line = text.count("\n", 0, match.start()) + 1
                unnamed.append(f"{path.relative_to(ROOT)}:{line}: {tag}")
    assert unnamed == []
