"""Keep derived data right on writes that bypass `save()`.

`loaddata` saves with raw=True, which skips `Model.save()` and the edit history
but still sends pre_save and post_save; these handlers cover that path.
"""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.utils import timezone
from simple_history.utils import get_history_manager_for_model

from .models import Country, Membership, Organization
from .querysets import moved_forward, refresh_membership, refresh_search

REGISTRY_MODELS = (Country, Organization, Membership)
# Fields whose change alone does not make a fixture load a new version of a record.
BOOKKEEPING_FIELDS = {"id", "search", "version", "created_at", "updated_at"}


@receiver(pre_save, sender=Organization)
def fold_organization(sender, instance, raw, **kwargs):
    instance.fill_derived_fields()
    instance._raw_save = raw


@receiver(pre_save, sender=Country)
def note_country_rename(sender, instance, raw, using, **kwargs):
    stored = Country._base_manager.using(using)
    if instance.pk:
        old_name = stored.filter(pk=instance.pk).values_list("name", flat=True).first()
    else:
        # loaddata gives no pk for a natural-key record that does not exist yet.
        old_name = stored.filter(code=instance.code).values_list("name", flat=True).first()
    instance._renamed = old_name is not None and old_name != instance.name


@receiver(post_save, sender=Country)
def refold_country_organizations(sender, instance, using, **kwargs):
    if getattr(instance, "_renamed", False):
        refresh_search(Organization.objects.using(using).filter(country=instance))


def record_fixture_load(sender, instance, raw, using, **kwargs):
    """A fixture load is an entry in each record's history, when it changes the record.

    The first load of the seed thus starts every record's history; loading the
    same fixture again adds nothing.
    """
    if not raw:
        return
    history = get_history_manager_for_model(sender)
    latest = history.using(using).filter(id=instance.pk).order_by("-history_date", "-history_id").first()
    compared = [f.attname for f in history.model.tracked_fields if f.attname not in BOOKKEEPING_FIELDS]
    if latest and all(getattr(latest, name) == getattr(instance, name) for name in compared):
        return
    if hasattr(instance, "version"):
        # A raw save keeps the stored version; the entry records that one.
        instance.version = sender._base_manager.using(using).get(pk=instance.pk).version
    history.bulk_history_create(
        [instance], update=latest is not None, default_change_reason="Loaded from a fixture"
    )


for model in REGISTRY_MODELS:
    post_save.connect(record_fixture_load, sender=model, dispatch_uid=f"fixture-history-{model.__name__}")


@receiver(post_save, sender=Membership)
@receiver(post_delete, sender=Membership)
def touch_organization(sender, instance, raw=False, using=None, **kwargs):
    """A changed membership period changes its organization's stored latest period and,
    unless a fixture load wrote it, its version and when it last changed: one UPDATE."""
    also = {} if raw else {"updated_at": timezone.now(), **moved_forward()}
    refresh_membership([instance.organization_id], using=using, **also)
    left = getattr(instance, "_stored_organization_id", None)
    if left is not None and left != instance.organization_id:
        refresh_membership([left], using=using, **also)
    instance._stored_organization_id = instance.organization_id
