"""A country, with the continent the public list groups it under."""

from django.core.validators import RegexValidator
from django.db import models, router, transaction
from django.db.models import Q
from django.db.models.functions import Length, Upper
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import derived, history
from ..countries import country_name
from ..locking import VERSION_HELP, claim_version, keep_stored_values
from ..querysets import CountryQuerySet
from ..validators import validate_printable_name


class Continent(models.TextChoices):
    AFRICA = "africa", _("Africa")
    ASIA = "asia", _("Asia")
    EUROPE = "europe", _("Europe")
    LATIN_AMERICA = "latin-america", _("Latin America")
    NORTH_AMERICA = "north-america", _("North America")
    OCEANIA = "oceania", _("Oceania")


class CountryManager(models.Manager.from_queryset(CountryQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Country(models.Model):
    code = models.CharField(
        _("ISO code"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("Use the two capital letters of ISO 3166-1."))],
        help_text=_("ISO 3166-1 alpha-2, e.g. CM. Public: it is the country's URL."),
    )
    name = models.CharField(
        _("name"),
        max_length=100,
        unique=True,
        validators=[validate_printable_name],
        help_text=_("English short name as the public sees it, e.g. Ivory Coast."),
    )
    continent = models.CharField(
        _("continent"), max_length=20, choices=Continent.choices, help_text=_("The group the public list uses.")
    )
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)

    objects = CountryManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.CheckConstraint(
                condition=Q(continent__in=Continent.values),
                name="country_continent_valid",
                violation_error_message=_("Choose one of the six continents."),
            ),
            models.CheckConstraint(
                condition=Q(models.lookups.Exact(Length("code"), 2), code=Upper("code")),
                name="country_code_two_capitals",
                violation_error_message=_("The ISO code is two capital letters."),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="country_name_not_empty",
                violation_error_message=_("A country needs a name."),
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    @property
    def local_name(self):
        """The name in the active language: the stored one in English, the ISO name
        from django-countries in the others (see countries.py). Pages show this;
        downloads keep `name`."""
        return country_name(self)

    @property
    def continent_name(self):
        """The continent's name in the active language: what get_continent_display()
        gives, without building the choices again on every call (a list shows 100)."""
        return Continent(self.continent).label

    def save(self, *args, **kwargs):
        """Save if nobody else saved since this copy was read (see locking.py); a new
        name is refolded into its organizations' search text."""
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        stored = type(self)._base_manager.using(using).filter(pk=self.pk)
        # A savepoint, so a refused stale save leaves the caller's transaction usable.
        with transaction.atomic(using=using):
            renamed = self.pk is not None and stored.exclude(name=self.name).exists()
            claim_version(self, using)
            super().save(*args, **kwargs)
            if renamed:
                derived.write_search(self.organizations.using(using))

    def get_absolute_url(self):
        return reverse("members:country-detail", args=[self.code.lower()])


@receiver(pre_save, sender=Country)
def country_loading(sender, instance, raw, using, **kwargs):
    """A fixture load (raw, which skips save()) carries no version: keep the stored one."""
    if raw:
        keep_stored_values(instance, using)


@receiver(post_save, sender=Country)
def country_loaded(sender, instance, raw, using, **kwargs):
    """A fixture load (raw, which skips save()): refold the country's organizations,
    and make the load an entry in the country's history."""
    if raw:
        derived.write_search(instance.organizations.using(using))
        history.record_fixture_load(sender, instance, using)
