"""Refresh the translation catalogues after changing user-visible text.

1. `manage.py makemessages` for zh_Hant, zh_Hans and en (needs GNU gettext);
2. zh_Hans is derived from zh_Hant with OpenCC (Taiwan phrases → mainland simplified), so
   translators maintain one Chinese catalogue; an entry translated by hand in zh_Hans
   and marked with the flag `manual` is kept as it is.

Run it with `make translations`, then fill the empty msgstr entries of
locale/zh_Hant/LC_MESSAGES/django.po and run it again.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import opencc
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
HANT = ROOT / "locale/zh_Hant/LC_MESSAGES/django.po"
HANS = ROOT / "locale/zh_Hans/LC_MESSAGES/django.po"


def main() -> int:
    subprocess.run(
        [
            sys.executable, "manage.py", "makemessages", "-d", "django",
            "-l", "zh_Hant", "-l", "zh_Hans", "-l", "en", "--no-obsolete",
            "--ignore=.venv", "--ignore=node_modules", "--ignore=static", "--ignore=bench",
        ],
        cwd=ROOT,
        check=True,
    )  # fmt: skip
    converter = opencc.OpenCC("tw2sp")
    # makemessages marks a new catalogue's header fuzzy, which compilers then skip.
    for path in ROOT.glob("locale/*/LC_MESSAGES/django.po"):
        with path.open("rb") as f:
            catalogue = read_po(f)
        catalogue.fuzzy = False
        with path.open("wb") as f:
            write_po(f, catalogue, width=100)
    with HANT.open("rb") as f:
        hant = read_po(f)
    with HANS.open("rb") as f:
        hans = read_po(f)
    missing = 0
    for message in hans:
        if not message.id or "manual" in message.flags:
            continue
        source = hant.get(message.id, message.context)
        if source is None or not source.string:
            missing += 1
            continue
        if isinstance(source.string, tuple):
            message.string = tuple(converter.convert(s) for s in source.string)
        else:
            message.string = converter.convert(source.string)
        message.flags.discard("fuzzy")
    with HANS.open("wb") as f:
        write_po(f, hans, width=100)
    print(f"zh_Hans derived from zh_Hant; {missing} entries still untranslated in zh_Hant.")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
