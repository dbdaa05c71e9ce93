"""The registry as an import compares it with a file: natural keys, file fields, stored rows."""

from django.core.exceptions import ValidationError

from ..registry import BY_LABEL
from .clean import form_fields, shape_problem


def file_fields(model):
    """The fields a file gives for `model`: its editable fields (no id, no derived columns)."""
    return [f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def stored_rows(label):
    """{natural key: row} of the stored records of one model, in one query.

    A foreign key is read as the natural key of the row it reaches, the way a file gives it.
    """
    entry = BY_LABEL[label]
    names = file_fields(entry.model)
    columns = ["id"] + [
        f"{name}__{BY_LABEL[entry.references[name]].natural_key[0]}"
        if name in entry.references else name
        for name in names
    ]
    rows = {}
    for values in entry.model._base_manager.values_list(*columns).iterator(chunk_size=2000):
        row = dict(zip(["id", *names], values))
        rows[tuple(row[name] for name in entry.natural_key)] = row
    return rows


def reference(value):
    """The natural key a fixture gives for a foreign key: ["CM"] or "CM" -> "CM"."""
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def natural_key(label, values):
    """The natural key of a file's record, read as the admin's form reads it (None if
    unreadable: a year of 2015.7 is no year, not 2015).

    Only a period's joining year may be empty: it is then unknown, and still a key.
    """
    entry, key = BY_LABEL[label], []
    for name in entry.natural_key:
        value = values.get(name)
        if name in entry.references:
            value = reference(value)
            if not isinstance(value, str) or not value:
                return None
            key.append(value)
            continue
        if shape_problem(value):
            return None
        try:
            value = form_fields(entry.model)[name].to_python(value)
        except ValidationError:
            return None
        if value in ("", None) and name != "since_year":
            return None
        key.append(value)
    return tuple(key)
