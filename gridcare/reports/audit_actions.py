"""How the audit trail of analysis reports reads (gridcare.core.audit_actions)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext

from gridcare.core.audit_actions import Field, register
from gridcare.reports import sections
from gridcare.reports.models import AnalysisReport


def section_title(code: str) -> str:
    """A report section's title for its code (the data keeps codes)."""
    titles = {s.code: s.title for s in sections.sections()}
    return str(titles.get(code, code))


def section_titles(codes: list[str]) -> str:
    return pgettext("in a list", ", ").join(map(section_title, codes))


def register_actions() -> None:
    register(
        {
            "reports.report.generated": _("Report generated"),
            "reports.report.regenerated": _("Report generated again"),
            "reports.report.reviewed": _("Report reviewed"),
            "reports.report.published": _("Report published"),
        },
        fields={
            "half_start": _("Half year from"),
            "sections": Field(_("Sections"), render=section_titles),
            "sections_commented": Field(_("Sections commented"), render=section_titles),
            "state_before": Field(_("Previous state"), dict(AnalysisReport.State.choices)),
            "comment": _("Comment"),
            "leaders_notified": _("Leaders notified"),
        },
    )
