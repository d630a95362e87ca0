"""Referrals count in the compliance figures (R-2.7): each keeps its company and the date
it counts on; and the `referral.answer` standard (2 working days by default, a setting the
marketing department can revise) joins the company's measures."""

import django.db.models.deletion
from django.db import migrations, models

STANDARD = {
    "code": "referral.answer",
    "variant": "",
    "title": "轉辦部門按期答覆",
    "title_en": "Referral answered by its due date",
    "measure": "deadline",
    "amount": 2,
    "unit": "working_days",
    "applies_to": {},
    "parameters": {},
    "module": "frontoffice",
    "effective_from": "2004-01-01",
}
PROFILE, CLAUSE = "dazu-measures", "2.7"


def fill(apps, schema_editor):
    from django.utils import timezone

    Referral = apps.get_model("frontoffice", "Referral")
    for referral in Referral.objects.select_related("matter"):
        referral.company_id = referral.matter.company_id
        referral.period_date = (
            timezone.localdate(referral.answered_at) if referral.answered_at else referral.due
        )
        referral.save(update_fields=["company", "period_date"])


def add_standard(apps, schema_editor):
    ServiceStandard = apps.get_model("rules", "ServiceStandard")
    Clause = apps.get_model("rules", "Clause")
    clause = (
        Clause.objects.filter(profile__code=PROFILE, number=CLAUSE)
        .select_related("profile")
        .first()
    )
    if (
        clause is None
        or ServiceStandard.objects.filter(profile=clause.profile, code=STANDARD["code"]).exists()
    ):
        return
    ServiceStandard.objects.create(profile=clause.profile, clause=clause, **STANDARD)


def remove_standard(apps, schema_editor):
    ServiceStandard = apps.get_model("rules", "ServiceStandard")
    ServiceStandard.objects.filter(
        profile__code=PROFILE, code=STANDARD["code"], version=1, clocks__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("frontoffice", "0003_charge_in_catalogue"),
        ("org", "0001_initial"),
        ("rules", "0002_seed_measures"),
    ]

    operations = [
        migrations.AddField(
            model_name="referral",
            name="company",
            field=models.ForeignKey(
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.company",
            ),
        ),
        migrations.AddField(
            model_name="referral", name="period_date", field=models.DateField(null=True)
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="referral",
            name="company",
            field=models.ForeignKey(
                db_index=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="org.company",
            ),
        ),
        migrations.AlterField(model_name="referral", name="period_date", field=models.DateField()),
        migrations.AddIndex(
            model_name="referral",
            index=models.Index(
                fields=["company", "period_date"], name="frontoffice_referral_period"
            ),
        ),
        migrations.RunPython(add_standard, remove_standard),
    ]
