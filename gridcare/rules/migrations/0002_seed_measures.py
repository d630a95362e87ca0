"""Load the company's measures: the profile, every clause, every measurable standard."""

from datetime import date

from django.db import migrations

from gridcare.rules.migrations._measures_v1 import CLAUSES, PROFILE, STANDARDS


def sort_key(number):
    return ".".join(part.zfill(3) for part in number.split("."))


def forwards(apps, schema_editor):
    RuleProfile = apps.get_model("rules", "RuleProfile")
    Clause = apps.get_model("rules", "Clause")
    ServiceStandard = apps.get_model("rules", "ServiceStandard")
    effective = date.fromisoformat(PROFILE["effective_from"])
    profile = RuleProfile.objects.create(
        code=PROFILE["code"],
        name=PROFILE["name"],
        name_en=PROFILE["name_en"],
        effective_from=effective,
        source=PROFILE["source"],
        is_default=True,
    )
    clauses = {}
    for c in CLAUSES:
        clauses[c.number] = Clause.objects.create(
            profile=profile, sort_key=sort_key(c.number), **c._asdict()
        )
    for s in STANDARDS:
        fields = s._asdict()
        clause = clauses[fields.pop("clause")]
        ServiceStandard.objects.create(
            profile=profile, clause=clause, effective_from=effective, version=1, **fields
        )


def backwards(apps, schema_editor):
    apps.get_model("rules", "ServiceStandard").objects.all().delete()
    apps.get_model("rules", "Clause").objects.all().delete()
    apps.get_model("rules", "RuleProfile").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("rules", "0001_initial")]

    operations = [migrations.RunPython(forwards, backwards)]
