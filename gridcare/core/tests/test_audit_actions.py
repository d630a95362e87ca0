"""Every audit action reads as a sentence in the language of the page (R-1.4)."""

from __future__ import annotations

import re
from pathlib import Path

from gridcare.core import audit_actions

ROOT = Path(__file__).resolve().parents[2]
LITERAL = re.compile(r'"([a-z_]+(?:\.[a-z_]+){2,3})"')
TEMPLATE = re.compile(r'f"([a-z_]+\.[a-z_.]*)\{')


def _action_lines() -> list[tuple[Path, str]]:
    out = []
    for path in ROOT.rglob("*.py"):
        if "tests" in path.parts or path.name.startswith("test_") or "migrations" in path.parts:
            continue
        out += [(path, line) for line in path.read_text().splitlines() if "action" in line.lower()]
    return out


def test_every_action_of_the_code_base_is_registered():
    lines = _action_lines()
    literals = {code for _path, line in lines for code in LITERAL.findall(line)}
    # Dotted names that are not audit actions: signal receivers' ids and the like.
    literals = {code for code in literals if not code.startswith("gridcare.")}
    assert len(literals) > 100
    missing = sorted(code for code in literals if not audit_actions.is_registered(code))
    assert missing == []
    # An action built from a status (f"frontoffice.matter.{status}") has its variants
    # registered under the same prefix.
    prefixes = {p.rstrip(".") for _path, line in lines for p in TEMPLATE.findall(line)}
    assert "applications.application" in prefixes
    registered = audit_actions.registered()
    orphans = sorted(
        p for p in prefixes if p != "admin" and not any(c.startswith(p + ".") for c in registered)
    )
    assert orphans == []
