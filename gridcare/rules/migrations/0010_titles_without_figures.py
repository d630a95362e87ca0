"""A standard's title names what is measured, not its limit: the limit is data beside it
and a revision changes it (R-4.1), so a title stating "5 rings" or "7 days" would go on
saying so after the marketing department revised the limit. The voltage class (10kV) in
a title names whom the standard applies to and stays."""

from django.db import migrations

TITLES = {
    "call.answer_rings": (
        "客服電話在限定響鈴聲數內接聽",
        "Service phone answered within the ring limit",
    ),
    "hall.business_minutes": ("辦理用電業務每件辦理時限", "Time per business transaction"),
    "hall.payment_minutes": ("繳費每件辦理時限", "Time per payment"),
    "outage.planned_notice": (
        "提前向市場行銷部提供計畫停電信息",
        "Planned outage notified to marketing in advance",
    ),
    "outage.temporary_notice": (
        "提前向客服中心提供臨時停電信息",
        "Temporary outage notified to the CSC in advance",
    ),
    "keyaccount.energize": (
        "大客戶驗收合格後限期送電",
        "Key account energized within the limit after acceptance",
    ),
}


def retitle(apps, schema_editor):
    ServiceStandard = apps.get_model("rules", "ServiceStandard")
    for code, (title, title_en) in TITLES.items():
        ServiceStandard.objects.filter(code=code).update(title=title, title_en=title_en)


class Migration(migrations.Migration):
    dependencies = [("rules", "0009_standard_explanations")]
    operations = [migrations.RunPython(retitle, migrations.RunPython.noop)]
