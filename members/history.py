"""Edit-history entries for the writes that django-simple-history does not see itself.

`save()` and deletes are recorded by simple-history's own receivers. Fixture loads
(raw saves) and bulk writes are recorded here, by the callers named below.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext_noop
from simple_history.utils import (
    bulk_create_with_history,
    bulk_update_with_history,
    get_history_manager_for_model,
)

from .derived import BATCH_SIZE

# Fields whose change alone does not make a fixture load a new version of a record.
BOOKKEEPING_FIELDS = {"id", "search", "version", "created_at", "updated_at"}
# The reasons of the writes that change many records at once. Every entry of one such
# write has the same reason and the same date, so the public list of changes shows the
# write as one change (public/recent.py).
FIXTURE_REASON = "Loaded from {}"
IMPORT_REASON = "Imported from {}"


def batch_reason(template, name):
    """The reason of a write of many records, from FIXTURE_REASON or IMPORT_REASON and
    the file's `name`: as much as the history keeps of it."""
    return template.format(name)[:100]


# (reason, date) of the fixture load under way, set by the loaddata command.
current_load = ContextVar("current_load", default=None)


@contextmanager
def fixture_load(labels):
    """While loaddata loads the fixtures `labels`: one reason and one date for the history
    entries of every record it writes (management/commands/loaddata.py)."""
    names = ", ".join(Path(label).name for label in labels)
    token = current_load.set((batch_reason(FIXTURE_REASON, names), timezone.now()))
    try:
        yield
    finally:
        current_load.reset(token)


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
    # A raw save outside the loaddata command (Django's deserializer used directly) is
    # a load of its own.
    reason, date = current_load.get() or (batch_reason(FIXTURE_REASON, "a fixture"), timezone.now())
    history.bulk_history_create(
        [instance], update=latest is not None, default_change_reason=reason, default_date=date,
    )


def create(model, objs, reason, date=None):
    """Insert `objs` in batches, each with a history entry giving `reason`, dated `date`
    (default: now)."""
    return bulk_create_with_history(
        objs, model, batch_size=BATCH_SIZE, default_change_reason=reason,
        default_date=date or timezone.now(),
    )


def update(model, objs, fields, reason, date=None):
    """Update `fields` of `objs` in batches, each with a history entry giving `reason`,
    dated `date` (default: now)."""
    return bulk_update_with_history(
        objs, model, fields, batch_size=BATCH_SIZE, default_change_reason=reason,
        default_date=date or timezone.now(),
    )


# How a history entry's type reads, for editors and the public alike (translated where
# it is shown).
VERBS = {"+": gettext_noop("added"), "~": gettext_noop("changed"), "-": gettext_noop("removed")}
