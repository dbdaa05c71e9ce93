"""Optimistic locking: a save from a copy read before someone else's save is refused.

Each versioned record carries a `version` number. Saving claims the next number with
one conditional UPDATE (`WHERE version = <the version this copy was read at>`); if no
row matches, someone else saved first and the save is refused with StaleRecordError.
The check is part of the UPDATE, so it holds on SQLite and PostgreSQL alike, whoever
saves first. The admin's change forms carry the version the editor opened in a
hidden field and put it on the instance before saving.
"""


class StaleRecordError(Exception):
    """Someone else saved the record after this copy of it was read."""

    def __init__(self, record, read_version):
        self.record = record
        self.read_version = read_version
        super().__init__(
            f"{record} was changed by someone else after version {read_version} was read."
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
