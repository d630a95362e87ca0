"""Service items count on a period date, as clocks do (R-3.6.2, R-3.7.6): the local date
they were completed, else their due date, else the day they were raised. Existing items
get theirs from those fields."""

from django.db import migrations, models
from django.db.models import F, Q
from django.utils import timezone


def fill(apps, schema_editor):
    ServiceItem = apps.get_model("keyaccounts", "ServiceItem")
    for item in ServiceItem.objects.filter(period_date__isnull=True).iterator():
        if item.completed_at is not None:
            item.period_date = timezone.localdate(item.completed_at)
        else:
            item.period_date = item.due or timezone.localdate(item.raised_at)
        item.save(update_fields=["period_date"])


class Migration(migrations.Migration):
    dependencies = [("keyaccounts", "0001_initial")]

    operations = [
        migrations.AddField(
            model_name="serviceitem",
            name="period_date",
            field=models.DateField(null=True, verbose_name="counts on"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="serviceitem",
            name="period_date",
            field=models.DateField(verbose_name="counts on"),
        ),
        migrations.AddConstraint(
            model_name="serviceitem",
            constraint=models.CheckConstraint(
                condition=Q(completed_at__isnull=False)
                | Q(due__isnull=True)
                | Q(period_date=F("due")),
                name="keyaccounts_item_period_due",
            ),
        ),
        migrations.AddIndex(
            model_name="serviceitem",
            index=models.Index(
                fields=["company", "period_date", "kind", "status", "due"],
                name="keyaccounts_item_period",
            ),
        ),
    ]
