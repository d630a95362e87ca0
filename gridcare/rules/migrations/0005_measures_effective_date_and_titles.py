"""The measures take effect on 2005-04-09, not 2004-01-01 (R-4.1): they cite the
「十個不准」 issued that day and name 大足縣, a county until 2011-10, so they were issued
between the two; the earliest date keeps every record since then measured. Every row
seeded with the old date moves with the profile (clauses have no date). Also corrects the
Simplified titles of 3.9.1 and 4.1 (執行 is 执行, not 运行)."""

from datetime import date

from django.db import migrations
from django.db.models import Q

PROFILE = "dazu-measures"
FIRST_SEED = date(2004, 1, 1)
ISSUED = date(2005, 4, 9)
TITLES_ZH_HANS = {"3.9.1": "未执行者予以考核", "4.1": "自下发之日起执行"}


def forwards(apps, schema_editor):
    RuleProfile = apps.get_model("rules", "RuleProfile")
    ServiceStandard = apps.get_model("rules", "ServiceStandard")
    Clause = apps.get_model("rules", "Clause")
    ProfileAssignment = apps.get_model("rules", "ProfileAssignment")
    # The shared measures and every company's adopted copy of them (code "<profile>-<company>").
    profiles = RuleProfile.objects.filter(Q(code=PROFILE) | Q(code__startswith=f"{PROFILE}-"))
    ServiceStandard.objects.filter(profile__in=profiles, effective_from=FIRST_SEED).update(
        effective_from=ISSUED
    )
    ProfileAssignment.objects.filter(profile__in=profiles, effective_from=FIRST_SEED).update(
        effective_from=ISSUED
    )
    profiles.filter(effective_from=FIRST_SEED).update(effective_from=ISSUED)
    for number, title in TITLES_ZH_HANS.items():
        Clause.objects.filter(profile__in=profiles, number=number).update(title_zh_hans=title)


class Migration(migrations.Migration):
    # After every migration that seeds a standard of the measures with the old date.
    dependencies = [
        ("rules", "0004_profile_owner_and_sweep_runs"),
        ("frontoffice", "0004_referral_period"),
        ("field", "0002_fault_arrival_standards"),
        ("keyaccounts", "0003_item_standards"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
