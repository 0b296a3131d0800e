"""Draft items in page revisions, (de)serialised without modelcluster's per-field work.

A list page's revisions hold its ~340 ``DraftItem`` children; every item edit loads the latest
revision and saves a new one. modelcluster looks each field up by name, converts it and builds
the item through keyword arguments — the bulk of an item save. The JSON written here is the one
modelcluster writes (``tests/cms/test_revision_items.py`` compares them), so revisions saved
before and after read the same way.
"""

from __future__ import annotations

from functools import cache

from modelcluster.models import model_from_serializable_data

_PLAIN = (str, int, type(None))


@cache
def _fields(model) -> tuple[tuple, tuple]:
    """(serialised (name, attname) pairs, concrete fields in constructor order)."""
    serialised = tuple((f.name, f.attname) for f in model._meta.fields if f.serialize)
    return serialised, tuple(model._meta.concrete_fields)


def item_data(item) -> dict:
    """What modelcluster's ``get_serializable_data_for_fields`` gives for a draft item."""
    serialised, _ = _fields(type(item))
    data = {"pk": item.pk}
    for name, attname in serialised:
        data[name] = getattr(item, attname)
    return data


def item_from_data(model, data: dict, *, check_fks: bool, strict_fks: bool):
    """The item a revision stored; missing fields (older revisions) take their default."""
    if check_fks:  # the page checks its items' foreign keys in one query instead
        return model_from_serializable_data(model, data, check_fks=True, strict_fks=strict_fks)
    _, concrete = _fields(model)
    values = []
    for field in concrete:
        key = "pk" if field.primary_key else field.name
        if key in data:
            value = data[key]
            if not isinstance(value, _PLAIN):
                value = field.to_python(value)
        else:
            value = field.get_default()
        values.append(value)
    return model(*values)
