"""Seed every year the chinese-calendar package knows (R-CAL-1): 2004–2026 with 1.11.

One bulk insert per table in batches (about 8,400 day rows), so the migration takes well
under a second on SQLite and PostgreSQL. Later years are entered by an administrator from
the State Council's notice; until then deadlines into them are provisional (R-CAL-3).
"""

import secrets
from importlib.metadata import version

from django.db import migrations
from django.utils import timezone

from gridcare.core.holiday_seed import days_from_chinese_calendar

BATCH_SIZE = 2000


def seed(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarRevision = apps.get_model("workdays", "CalendarRevision")
    records = days_from_chinese_calendar()
    now = timezone.now()
    source = f"chinesecalendar {version('chinesecalendar')}：國務院辦公廳歷年部分節假日安排的通知"
    CalendarDay.objects.bulk_create(
        (
            CalendarDay(date=r.date, kind=r.kind.value, name=r.name, year=r.date.year)
            for r in records
        ),
        batch_size=BATCH_SIZE,
    )
    years = sorted({r.date.year for r in records})
    CalendarYear.objects.bulk_create(
        CalendarYear(year=y, status="seeded", source=source, entered_at=now) for y in years
    )
    CalendarRevision.objects.create(id=1, number=1, token=secrets.token_hex(4), changed_at=now)


def unseed(apps, schema_editor):
    CalendarDay = apps.get_model("workdays", "CalendarDay")
    CalendarYear = apps.get_model("workdays", "CalendarYear")
    CalendarRevision = apps.get_model("workdays", "CalendarRevision")
    years = list(CalendarYear.objects.filter(status="seeded").values_list("year", flat=True))
    CalendarDay.objects.filter(year__in=years).delete()
    CalendarYear.objects.filter(year__in=years).delete()
    CalendarRevision.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("workdays", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
