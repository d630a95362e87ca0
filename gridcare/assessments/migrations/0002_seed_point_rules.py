"""The default points of the marketing management assessment rules (行銷管理考核辦法),
version 1 (R-3.9.1). Later versions are made with services.point_rule_revise."""

from datetime import date
from decimal import Decimal

from django.db import migrations

SOURCE = "行銷管理考核辦法"
EFFECTIVE_FROM = date(2024, 1, 1)
DEFAULT_POINTS = {
    "breach": Decimal("2"),
    "hall_inspection": Decimal("1"),
    "complaint": Decimal("3"),
    "conduct": Decimal("5"),
    # A contact's proposal: the marketing department sets the points on review.
    "proposal": None,
}


def seed(apps, schema_editor):
    PointRule = apps.get_model("assessments", "PointRule")
    for kind, points in DEFAULT_POINTS.items():
        PointRule.objects.get_or_create(
            kind=kind,
            version=1,
            defaults={"points": points, "effective_from": EFFECTIVE_FROM, "source": SOURCE},
        )


def unseed(apps, schema_editor):
    PointRule = apps.get_model("assessments", "PointRule")
    PointRule.objects.filter(version=1, source=SOURCE).delete()


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
