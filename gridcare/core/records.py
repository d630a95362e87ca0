"""What a generic reference (a clock's subject, a notification's record) points at, in
words and as a link: "YK2026-000123 王小明" and the application's page.

Each module that owns records registers a describer for its model in its AppConfig.ready():
a function that reads a batch of ids in one query and returns a RecordRef per id found.
Callers describe a whole list at once (one query per model, whatever the list's length),
so that a list page or a digest never reads its records one by one. A model with no
describer is named by its verbose name and str(), and linked by its get_absolute_url().
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.db.models import Model
from django.urls import NoReverseMatch


@dataclass(frozen=True)
class RecordRef:
    label: str
    url: str = ""


Describer = Callable[[Sequence[int]], dict[int, RecordRef]]
#: (content type id, object id): how a generic foreign key stores its target.
Key = tuple[int, int]

_DESCRIBERS: dict[str, Describer] = {}


def register(model: type[Model], describe: Describer) -> None:
    _DESCRIBERS[model._meta.label_lower] = describe


def _fallback(model: type[Model]) -> Describer:
    def describe(ids: Sequence[int]) -> dict[int, RecordRef]:
        found = {}
        # select_related(): what str() names (a customer, say) comes in the same query.
        for record in model._default_manager.filter(pk__in=ids).select_related():
            try:
                url = str(record.get_absolute_url()) if hasattr(record, "get_absolute_url") else ""
            except NoReverseMatch:
                url = ""
            name = getattr(record, "number", None) or str(record)
            found[record.pk] = RecordRef(f"{model._meta.verbose_name} {name}", url)
        return found

    return describe


def describe(keys: Iterable[Key]) -> dict[Key, RecordRef]:
    """The label and page of each (content type id, object id); a record that no longer
    exists is left out."""
    by_type: dict[int, set[int]] = defaultdict(set)
    for type_id, object_id in keys:
        by_type[type_id].add(object_id)
    found: dict[Key, RecordRef] = {}
    for type_id, ids in by_type.items():
        model = ContentType.objects.get_for_id(type_id).model_class()
        if model is None:
            continue
        describer = _DESCRIBERS.get(model._meta.label_lower) or _fallback(model)
        for object_id, ref in describer(sorted(ids)).items():
            found[(type_id, object_id)] = ref
    return found
