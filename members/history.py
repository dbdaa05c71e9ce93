"""Edit-history entries for the writes that django-simple-history does not see itself.

`save()` and deletes are recorded by simple-history's own receivers. Fixture loads
(raw saves) and bulk writes are recorded here, by the callers named below.
"""

from django.utils import timezone
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    get_history_manager_for_model,
)

from .derived import BATCH_SIZE

# Fields whose change alone does not make a fixture load a new version of a record.
BOOKKEEPING_FIELDS = {"id", "search", "version", "created_at", "updated_at"}
FIXTURE_REASON = "Loaded from a fixture"


def record_fixture_load(model, instance, using):
    """After a fixture load wrote `instance`: an entry in its history, if the load
    changed the record (called by the receivers beside each model in `models/`).

    The first load of the seed thus starts every record's history; loading the
    same fixture again adds nothing.
    """
    history = get_history_manager_for_model(model)
    latest = (
        history.using(using).filter(id=instance.pk).order_by("-history_date", "-history_id").first()
    )
    compared = [
        f.attname for f in history.model.tracked_fields if f.attname not in BOOKKEEPING_FIELDS
    ]
    if latest and all(getattr(latest, name) == getattr(instance, name) for name in compared):
        return
    history.bulk_history_create(
        [instance], update=latest is not None, default_change_reason=FIXTURE_REASON
    )


def create(model, objs, reason):
    """Insert `objs` in batches, each with a history entry giving `reason`."""
    return bulk_create_with_history(
        objs, model, batch_size=BATCH_SIZE, default_change_reason=reason,
        default_date=timezone.now(),
    )


def update(model, objs, fields, reason):
    """Update `fields` of `objs` in batches, each with a history entry giving `reason`."""
    return bulk_update_with_history(
        objs, model, fields, batch_size=BATCH_SIZE, default_change_reason=reason,
        default_date=timezone.now(),
    )


# How a history entry's type reads, for editors and the public alike.
VERBS = {"+": "added", "~": "changed", "-": "removed"}
