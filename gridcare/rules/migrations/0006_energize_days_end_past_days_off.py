"""R-2.11 counts calendar days whose end moves past days off (R-CAL-2, Civil Code art.
203): acceptance on 2026-09-30, low voltage, is due on 2026-10-08, not inside the National
Day break. Every version of `application.energize` says so (`past_days_off`); clocks
already started keep their due dates (R-4.1)."""

from django.db import migrations

CODE = "application.energize"


def forwards(apps, schema_editor):
    ServiceStandard = apps.get_model("rules", "ServiceStandard")
    for standard in ServiceStandard.objects.filter(code=CODE):
        standard.parameters = {**standard.parameters, "past_days_off": True}
        standard.save(update_fields=["parameters"])


class Migration(migrations.Migration):
    dependencies = [("rules", "0005_measures_effective_date_and_titles")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
