"""The registry's models as an import sees them: natural keys, file fields, stored rows."""

from ..models import Country, Membership, Organization

MODELS = {"members.country": Country, "members.organization": Organization,
          "members.membership": Membership}
# Each model's natural key, and the natural-key field of the rows its foreign keys reach.
KEYS = {"members.country": ("code",), "members.organization": ("slug",),
        "members.membership": ("organization", "since_year")}
REFERENCES = {"members.organization": {"country": "members.country"},
              "members.membership": {"organization": "members.organization"}}


def file_fields(model):
    """The fields a file gives for `model`: its editable fields (no id, no derived columns)."""
    return [f.name for f in model._meta.concrete_fields if f.editable and not f.primary_key]


def stored_rows(label):
    """{natural key: row} of the stored records of one model, in one query."""
    model, references = MODELS[label], REFERENCES.get(label, {})
    names = file_fields(model)
    columns = ["id"] + [
        f"{name}__{KEYS[references[name]][0]}" if name in references else name for name in names
    ]
    rows = {}
    for values in model._base_manager.values_list(*columns).iterator(chunk_size=2000):
        row = dict(zip(["id", *names], values))
        rows[tuple(row[name] for name in KEYS[label])] = row
    return rows
