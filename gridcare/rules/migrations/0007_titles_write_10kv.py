"""Standard titles write the voltage class as 10kV (SI: lower-case k, upper-case V). The
clauses' own text keeps the measures' wording as written."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Replace


def write_10kv(apps, schema_editor):
    ServiceStandard = apps.get_model("rules", "ServiceStandard")
    ServiceStandard.objects.filter(title__contains="10KV").update(
        title=Replace("title", Value("10KV"), Value("10kV"))
    )


def write_10KV(apps, schema_editor):
    ServiceStandard = apps.get_model("rules", "ServiceStandard")
    ServiceStandard.objects.filter(title__contains="10kV").update(
        title=Replace("title", Value("10kV"), Value("10KV"))
    )


class Migration(migrations.Migration):
    dependencies = [("rules", "0006_energize_days_end_past_days_off")]
    operations = [migrations.RunPython(write_10kv, write_10KV)]
