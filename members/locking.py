"""Optimistic locking: a save from a copy read before someone else's save is refused.

Each versioned record carries a `version` number. Saving claims the next number with
one conditional UPDATE (`WHERE version = <the version this copy was read at>`); if no
row matches, someone else saved first and the save is refused with StaleRecordError.
The check is part of the UPDATE, so it holds on SQLite and PostgreSQL alike, whoever
saves first. The admin's change forms carry the version the editor opened in a
hidden field and put it on the instance before saving. Writes in bulk (the import)
move the version forward with `claim_versions`; a fixture load is not an edit and keeps
the stored version (`keep_stored_values`).
"""

from django.db import router
from django.db.models import F
from django.utils.translation import gettext, gettext_lazy as _

from .derived import batches

# The `version` field's help text, the same on every versioned model.
VERSION_HELP = _(
    "Raised by every change; a save from an older version is refused. Editors see it read-only."
)


class StaleRecordError(Exception):
    """Someone else saved the record after this copy of it was read."""

    def __init__(self, record, read_version):
        self.record = record
        self.read_version = read_version
        super().__init__(
            gettext("%(record)s was changed by someone else after version %(version)s was read.")
            % {"record": record, "version": read_version}
        )


def claim_version(instance, using):
    """Move the stored version of `instance` from the one it was read at to the next.

    Returns True when the row exists and the version was claimed (the caller then
    writes the row), False when no row has this primary key (the caller inserts it).
    Raises StaleRecordError when the stored row has another version.
    """
    if instance.pk is None:
        return False
    stored = type(instance)._base_manager.using(using).filter(pk=instance.pk)
    read = instance.version
    if stored.filter(version=read).update(version=read + 1):
        instance.version = read + 1
        return True
    if stored.exists():
        raise StaleRecordError(instance, read)
    return False


def claim_versions(model, objs):
    """Move the stored version of each of `objs` (stored records) forward by one, and
    put the new number on each object, for the history entry a bulk write makes of it.

    A write in bulk is an edit like a save: a form opened before it is then refused.
    The UPDATE comes first, so the rows stay locked until the caller's transaction ends.
    """
    stored = model._base_manager.using(router.db_for_write(model))
    for objects in batches(objs):
        batch = {obj.pk: obj for obj in objects}
        stored.filter(pk__in=batch).update(version=F("version") + 1)
        for pk, version in stored.filter(pk__in=batch).values_list("pk", "version"):
            batch[pk].version = version


def keep_stored_values(instance, using, fields=("version",)):
    """Before a fixture load (a raw save, which skips save()) writes `instance`: give it
    the values of `fields` its stored row has, in one query. A fixture carries no
    version (a load is not an edit) and no value the registry derives."""
    if instance.pk is None:
        return
    stored = type(instance)._base_manager.using(using).filter(pk=instance.pk)
    for field, value in (stored.values(*fields).first() or {}).items():
        setattr(instance, field, value)
