"""Demo: the report of the last complete half year, generated from every other module's
demo data, reviewed with comments and published (R-3.8.3)."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from gridcare.org.models import Company, Staff
from gridcare.reports.models import AnalysisReport
from gridcare.reports.periods import complete_halves
from gridcare.reports.services import report_generate, report_publish, report_review

COMMENT = (
    "本半年大客戶服務總體平穩。請各責任部門對照「需關注事項」逐項整改，"
    "客戶服務中心加強首問負責與轉辦時限管理，思政部將在下半年回訪中跟蹤整改成效。"
)
SECTION_COMMENTS = {
    "compliance": "業擴報裝各環節時限執行較好；客服電話接聽率仍需提高。",
    "complaints": "投訴以服務類為主，請相關部門加強窗口服務規範。",
    "breaches": "違約集中於少數部門，已按考核辦法納入考核台帳。",
}


def load_demo(company: Company) -> str:
    half = complete_halves(today=timezone.localdate(), count=1)[0]
    if AnalysisReport.objects.filter(
        company=company, half_start=half.start, state=AnalysisReport.State.PUBLISHED
    ).exists():
        return _("Analysis report: already published")
    officer = (
        Staff.objects.filter(company=company, user__groups__name="supervision")
        .select_related("user")
        .order_by("pk")
        .first()
    )
    if officer is None:
        return _("Analysis report: no supervision officer to publish it")
    report = report_generate(company=company, half_start=half.start, actor=officer.user)
    report = report_review(
        report=report, comment=COMMENT, section_comments=SECTION_COMMENTS, actor=officer.user
    )
    report = report_publish(report=report, actor=officer.user)
    return _("Analysis report: %(title)s published") % {"title": report.title}
