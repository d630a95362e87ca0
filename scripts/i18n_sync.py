"""Refresh the translation catalogues after changing user-visible text.

Catalogues live in `locale/` (templates/, config/, core, org) and in each app that has its
own `gridcare/<app>/locale/`, so that modules keep their text apart.

1. `manage.py makemessages` for zh_Hant, zh_Hans and en in each place (needs GNU gettext);
2. zh_Hans is derived from zh_Hant with OpenCC (Taiwan phrases → mainland simplified), so
   translators maintain one Chinese catalogue; an entry translated by hand in zh_Hans and
   marked with the flag `manual` is kept as it is.

Run it with `make translations`, fill the empty msgstr entries of the zh_Hant catalogues,
and run it again.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import opencc
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
IGNORED = ["--ignore=.venv", "--ignore=node_modules", "--ignore=static", "--ignore=bench"]


def app_dirs() -> list[Path]:
    return sorted(p.parent for p in (ROOT / "gridcare").glob("*/locale") if p.is_dir())


def makemessages(cwd: Path, ignore: list[str]) -> None:
    subprocess.run(  # noqa: S603 - a fixed command line, no outside input
        [
            sys.executable, str(ROOT / "manage.py"), "makemessages", "-d", "django",
            "-l", "zh_Hant", "-l", "zh_Hans", "-l", "en", "--no-obsolete", *ignore,
        ],
        cwd=cwd,
        check=True,
    )  # fmt: skip


def derive_simplified(locale: Path, converter: opencc.OpenCC) -> int:
    # makemessages marks a new catalogue's header fuzzy, which compilers then skip.
    for path in locale.glob("*/LC_MESSAGES/django.po"):
        with path.open("rb") as f:
            catalogue = read_po(f)
        catalogue.fuzzy = False
        with path.open("wb") as f:
            write_po(f, catalogue, width=100)
    with (locale / "zh_Hant/LC_MESSAGES/django.po").open("rb") as f:
        hant = read_po(f)
    hans_path = locale / "zh_Hans/LC_MESSAGES/django.po"
    with hans_path.open("rb") as f:
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
    with hans_path.open("wb") as f:
        write_po(f, hans, width=100)
    return missing


def main() -> int:
    apps = app_dirs()
    makemessages(ROOT, IGNORED + [f"--ignore={a.relative_to(ROOT)}" for a in apps])
    for app in apps:
        makemessages(app, ["--ignore=tests"])
    converter = opencc.OpenCC("tw2sp")
    for locale in [ROOT / "locale"] + [a / "locale" for a in apps]:
        missing = derive_simplified(locale, converter)
        print(f"{locale.relative_to(ROOT)}: {missing} entries untranslated in zh_Hant")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
