"""Seed the global two-step login policy ON: a production install is safe by default
(issue 9 item 1). Only the demo loader switches it off, for the demo company."""

from django.db import migrations

DEFAULT_ROLES = ["administrator", "csc_director", "leadership", "marketing", "supervision"]


def seed(apps, schema_editor):
    MfaPolicy = apps.get_model("mfa", "MfaPolicy")
    if not MfaPolicy.objects.filter(company__isnull=True).exists():
        MfaPolicy.objects.create(
            company=None, enabled=True, roles=DEFAULT_ROLES, include_superusers=True
        )


class Migration(migrations.Migration):
    dependencies = [("mfa", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
