"""The Ten Service Commitments, the Ten Prohibitions (R-2.2) and the hall checklist
(R-2.3, R-2.4) as first loaded; see _seed_v1.py."""

from django.db import migrations

from gridcare.frontoffice.migrations import _seed_v1 as seed


def load(apps, schema_editor):
    ConductCode = apps.get_model("frontoffice", "ConductCode")
    ConductItem = apps.get_model("frontoffice", "ConductItem")
    Checklist = apps.get_model("frontoffice", "Checklist")
    ChecklistItem = apps.get_model("frontoffice", "ChecklistItem")
    for kind, title, rows in (
        ("prohibitions", "員工服務「十不準」", seed.PROHIBITIONS),
        ("commitments", "供電服務「十項承諾」", seed.COMMITMENTS),
    ):
        code = ConductCode.objects.create(
            kind=kind,
            version=1,
            title=title,
            source=seed.SOURCE,
            effective_from=seed.EFFECTIVE_FROM,
        )
        ConductItem.objects.bulk_create(
            ConductItem(code=code, number=n, text=hant, text_zh_hans=hans, text_en=en)
            for n, hant, hans, en in rows
        )
    checklist = Checklist.objects.create(effective_from=seed.EFFECTIVE_FROM, **seed.CHECKLIST)
    ChecklistItem.objects.bulk_create(
        ChecklistItem(
            checklist=checklist,
            number=n,
            code=code,
            clause=clause,
            target=target,
            text=hant,
            text_zh_hans=hans,
            text_en=en,
            points=points,
        )
        for n, code, clause, target, hant, hans, en, points in seed.CHECKLIST_ITEMS
    )


def unload(apps, schema_editor):
    apps.get_model("frontoffice", "ChecklistItem").objects.filter(checklist__version=1).delete()
    apps.get_model("frontoffice", "Checklist").objects.filter(version=1).delete()
    apps.get_model("frontoffice", "ConductItem").objects.filter(code__version=1).delete()
    apps.get_model("frontoffice", "ConductCode").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("frontoffice", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
