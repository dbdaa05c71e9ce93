"""Keep the folded search column right on writes that bypass `save()`.

`loaddata` saves with raw=True, which skips `Model.save()` but still sends
pre_save and post_save; these handlers cover that path.
"""

from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver

from .models import Country, Organization
from .querysets import refresh_search


@receiver(pre_save, sender=Organization)
def fold_organization(sender, instance, raw, **kwargs):
    instance.fill_derived_fields()


@receiver(pre_save, sender=Country)
def note_country_rename(sender, instance, raw, using, **kwargs):
    old_name = (
        Country._base_manager.using(using).filter(pk=instance.pk).values_list("name", flat=True).first()
        if instance.pk
        else None
    )
    if old_name is None and raw:
        # loaddata gives no pk for a natural-key record that already exists.
        old_name = (
            Country._base_manager.using(using)
            .filter(code=instance.code)
            .values_list("name", flat=True)
            .first()
        )
    instance._renamed = old_name is not None and old_name != instance.name


@receiver(post_save, sender=Country)
def refold_country_organizations(sender, instance, using, **kwargs):
    if getattr(instance, "_renamed", False):
        refresh_search(Organization.objects.using(using).filter(country=instance))
