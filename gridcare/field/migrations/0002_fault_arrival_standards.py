"""Arrival limits of fault reports as service standards (R-3.7.3): the State Grid
commitments, 45 minutes urban, 90 rural, 120 remote, added to the default rule profile
under clause 3.7.3. Editable afterwards as new versions (R-4.3)."""

from django.db import migrations

LIMITS = (
    ("fault.arrival_urban", 45, "城區故障搶修到達現場", "Fault: crew on site, urban"),
    ("fault.arrival_rural", 90, "農村故障搶修到達現場", "Fault: crew on site, rural"),
    ("fault.arrival_remote", 120, "偏遠地區故障搶修到達現場", "Fault: crew on site, remote"),
)


def forwards(apps, schema_editor):
    RuleProfile = apps.get_model("rules", "RuleProfile")
    Clause = apps.get_model("rules", "Clause")
    ServiceStandard = apps.get_model("rules", "ServiceStandard")
    profile = RuleProfile.objects.filter(is_default=True).first()
    if profile is None:
        return
    clause = Clause.objects.filter(profile=profile, number="3.7.3").first()
    if clause is None:
        return
    for code, minutes, title, title_en in LIMITS:
        ServiceStandard.objects.get_or_create(
            profile=profile,
            code=code,
            variant="",
            version=1,
            defaults={
                "clause": clause,
                "title": title,
                "title_en": title_en,
                "measure": "duration",
                "amount": minutes,
                "unit": "minutes",
                "module": "field",
                "effective_from": profile.effective_from,
            },
        )


def backwards(apps, schema_editor):
    apps.get_model("rules", "ServiceStandard").objects.filter(
        code__in=[code for code, *_rest in LIMITS]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("field", "0001_initial"), ("rules", "0002_seed_measures")]

    operations = [migrations.RunPython(forwards, backwards)]
