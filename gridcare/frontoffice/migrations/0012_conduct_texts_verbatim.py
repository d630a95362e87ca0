"""The Ten Prohibitions and the Ten Service Commitments as the State Grid issued them
(R-2.2), dated: 「十個不准」 (不准, not 不準) and the commitments of 2005-04-09 with their
figures, then the commitments' 2011-10 revision; the hall checklist takes effect with the
measures (2005-04-09, see the rules app). Texts in _conduct_texts.py."""

from datetime import date

from django.db import migrations

from gridcare.frontoffice.migrations import _conduct_texts as texts

FIRST_SEED = date(2004, 1, 1)


def _rewrite(code, ConductItem, rows):
    """Correct a seeded version in place: its items keep their ids, so matters that cite a
    prohibition keep citing it."""
    for number, hant, hans, en in rows:
        ConductItem.objects.update_or_create(
            code=code,
            number=number,
            defaults={"text": hant, "text_zh_hans": hans, "text_en": en},
        )


def load(apps, schema_editor):
    ConductCode = apps.get_model("frontoffice", "ConductCode")
    ConductItem = apps.get_model("frontoffice", "ConductItem")
    Checklist = apps.get_model("frontoffice", "Checklist")
    issued = date.fromisoformat(texts.ISSUED_2005)
    revised = date.fromisoformat(texts.REVISED_2011)

    Checklist.objects.filter(version=1, effective_from=FIRST_SEED).update(effective_from=issued)

    prohibitions = ConductCode.objects.filter(kind="prohibitions", version=1).first()
    if prohibitions is not None:
        prohibitions.title = texts.PROHIBITIONS_TITLE
        prohibitions.source = texts.PROHIBITIONS_SOURCE
        if prohibitions.effective_from == FIRST_SEED:
            prohibitions.effective_from = issued
        prohibitions.save()
        _rewrite(prohibitions, ConductItem, texts.PROHIBITIONS_2005)

    commitments = ConductCode.objects.filter(kind="commitments", version=1).first()
    if commitments is None:
        return
    commitments.title = texts.COMMITMENTS_TITLE
    commitments.source = texts.COMMITMENTS_SOURCE_2005
    if commitments.effective_from == FIRST_SEED:
        commitments.effective_from = issued
    revision_missing = not ConductCode.objects.filter(kind="commitments", version=2).exists()
    if revision_missing and commitments.effective_to is None:
        commitments.effective_to = revised
    commitments.save()
    _rewrite(commitments, ConductItem, texts.COMMITMENTS_2005)
    if revision_missing:
        revision = ConductCode.objects.create(
            kind="commitments",
            version=2,
            title=texts.COMMITMENTS_TITLE,
            source=texts.COMMITMENTS_SOURCE_2011,
            effective_from=revised,
        )
        _rewrite(revision, ConductItem, texts.COMMITMENTS_2011)


class Migration(migrations.Migration):
    dependencies = [("frontoffice", "0011_call_list_newest_first")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
