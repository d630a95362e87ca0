"""Needs and power problems (R-3.6.2) and other services (R-3.7.6) as measured service
standards of the default rule profile: each item is completed by the due date agreed with
its responsible department. The amount is the time given when no other date is agreed
(the due date the item form proposes). Editable afterwards as new versions (R-4.3)."""

from django.db import migrations

STANDARDS = (
    (
        "keyaccount.need",
        "3.6.2",
        "大客戶需求及用電問題按期辦結",
        "Key-account need or power problem completed by its due date",
    ),
    (
        "keyaccount.other_service",
        "3.7.6",
        "大客戶其他服務按期辦結",
        "Other key-account service completed by its due date",
    ),
)


def forwards(apps, schema_editor):
    RuleProfile = apps.get_model("rules", "RuleProfile")
    Clause = apps.get_model("rules", "Clause")
    ServiceStandard = apps.get_model("rules", "ServiceStandard")
    profile = RuleProfile.objects.filter(is_default=True).first()
    if profile is None:
        return
    for code, number, title, title_en in STANDARDS:
        clause = Clause.objects.filter(profile=profile, number=number).first()
        if clause is None:
            continue
        ServiceStandard.objects.get_or_create(
            profile=profile,
            code=code,
            variant="",
            version=1,
            defaults={
                "clause": clause,
                "title": title,
                "title_en": title_en,
                "measure": "deadline",
                "amount": 14,
                "unit": "days",
                "applies_to": {"is_key_account": True},
                "module": "keyaccounts",
                "effective_from": profile.effective_from,
            },
        )


def backwards(apps, schema_editor):
    apps.get_model("rules", "ServiceStandard").objects.filter(
        code__in=[code for code, *_rest in STANDARDS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("keyaccounts", "0002_item_period_date"), ("rules", "0002_seed_measures")]

    operations = [migrations.RunPython(forwards, backwards)]
