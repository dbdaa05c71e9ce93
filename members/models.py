"""The registry's records: countries, organizations and their membership periods.

Values derived from other rows are written by `derived.py`, called by name from the
`save()` methods here and from the receivers at the end of this module (fixture loads
and deletes, which bypass `save()`).
"""

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, router, transaction
from django.db.models import F, Q
from django.db.models.functions import Length, Upper
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from . import derived, history, periods
from .locking import claim_version
from .querysets import CountryQuerySet, MembershipQuerySet, OrganizationQuerySet
from .search import slug_text
from .validators import (
    FOUNDING_YEAR,
    validate_not_before_founding,
    validate_not_future_year,
    validate_printable_name,
)


class Continent(models.TextChoices):
    AFRICA = "africa", "Africa"
    ASIA = "asia", "Asia"
    EUROPE = "europe", "Europe"
    LATIN_AMERICA = "latin-america", "Latin America"
    NORTH_AMERICA = "north-america", "North America"
    OCEANIA = "oceania", "Oceania"


class CountryManager(models.Manager.from_queryset(CountryQuerySet)):
    def get_by_natural_key(self, code):
        return self.get(code=code)


class Country(models.Model):
    code = models.CharField(
        "ISO code",
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", "Use the two capital letters of ISO 3166-1.")],
        help_text="ISO 3166-1 alpha-2, e.g. CM. Public: it is the country's URL.",
    )
    name = models.CharField(
        max_length=100,
        unique=True,
        validators=[validate_printable_name],
        help_text="English short name as the public sees it, e.g. Ivory Coast.",
    )
    continent = models.CharField(
        max_length=20, choices=Continent.choices, help_text="The group the public list uses."
    )

    objects = CountryManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "countries"
        constraints = [
            models.CheckConstraint(
                condition=Q(continent__in=Continent.values),
                name="country_continent_valid",
                violation_error_message="Choose one of the six continents.",
            ),
            models.CheckConstraint(
                condition=Q(models.lookups.Exact(Length("code"), 2), code=Upper("code")),
                name="country_code_two_capitals",
                violation_error_message="The ISO code is two capital letters.",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="country_name_not_empty",
                violation_error_message="A country needs a name.",
            ),
        ]

    def __str__(self):
        return self.name

    def natural_key(self):
        return (self.code,)

    def save(self, *args, **kwargs):
        """Save; a new name is refolded into its organizations' search text."""
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        stored = type(self)._base_manager.using(using).filter(pk=self.pk)
        with transaction.atomic(using=using):
            renamed = self.pk is not None and stored.exclude(name=self.name).exists()
            super().save(*args, **kwargs)
            if renamed:
                derived.write_search(self.organizations.using(using))

    def get_absolute_url(self):
        return reverse("members:country-detail", args=[self.code.lower()])


class OrganizationManager(models.Manager.from_queryset(OrganizationQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Organization(models.Model):
    name = models.CharField(
        max_length=200,
        validators=[validate_printable_name],
        help_text="The name in its original language, exactly as the organization writes it.",
    )
    abbreviation = models.CharField(
        max_length=50,
        blank=True,
        validators=[validate_printable_name],
        help_text="Leave blank if the organization uses none.",
    )
    english_name = models.CharField(
        "English name",
        max_length=200,
        blank=True,
        validators=[validate_printable_name],
        help_text="Leave blank when the name is already English.",
    )
    # PROTECT: a country cannot vanish while organizations still point to it.
    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="organizations")
    slug = models.SlugField(
        max_length=100,
        unique=True,
        help_text="The record's public URL. Made once from abbreviation or name and "
        "country; a rename leaves it alone.",
    )
    # No index of its own: a search looks inside the text (LIKE '%word%'), which no
    # B-tree helps with; the list's name index carries it for current members.
    search = models.TextField(
        editable=False,
        default="",
        help_text="Folded name, abbreviation, English name and country, for search. "
        "Kept by the registry; nobody edits it.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(
        default=1,
        editable=False,
        help_text="Raised by every change; a save from an older version is refused. "
        "Editors see it read-only.",
    )

    # The latest membership period (open first, then latest end and start), written by
    # derived.py on every write of a period, so the public list filters, sorts and
    # counts on indexed columns instead of a subquery per row.
    member_since = models.PositiveSmallIntegerField(
        "member since",
        null=True,
        editable=False,
        help_text="Joining year of the latest period; blank if unknown. Shown publicly.",
    )
    member_until = models.PositiveSmallIntegerField(
        "member until",
        null=True,
        editable=False,
        help_text="Leaving year of the latest period; blank while a member.",
    )
    is_member = models.BooleanField(
        "current member",
        default=False,
        editable=False,
        help_text="Has an open membership period. Shown publicly.",
    )

    objects = OrganizationManager()
    history = HistoricalRecords(excluded_fields=["search", *derived.LATEST_PERIOD])

    class Meta:
        ordering = ["name"]
        # Each index serves orders and filters of the public list, chosen from their
        # query plans (bench/README.md): all organizations by name; current members by
        # name (also searched), by joining year, by abbreviation, and per country (also the
        # counts).
        indexes = [
            models.Index(fields=["name", "id"], name="organization_name_id"),
            # Search reads the folded text of current members from here, in name order,
            # not from the table: counting and finding a page's ids touch no row.
            models.Index(
                fields=["is_member", "name", "id", "search"], name="organization_member_name"
            ),
            # member_until last: the order is still by year, then name, and the year
            # filter counts from the index alone.
            models.Index(
                fields=["is_member", "member_since", "name", "id", "member_until"],
                name="organization_member_years",
            ),
            models.Index(
                fields=["is_member", "abbreviation", "name", "id"],
                name="organization_member_abbr",
            ),
            models.Index(
                fields=["country", "is_member", "member_since", "name", "id"],
                name="organization_country_member",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"],
                name="organization_unique_name_per_country",
                violation_error_message="This country already has an organization with this name.",
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="organization_name_not_empty",
                violation_error_message="An organization needs a name.",
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="organization_slug_not_empty",
                violation_error_message="An organization needs a slug.",
            ),
        ]

    def __str__(self):
        if self.abbreviation:
            return f"{self.name} ({self.abbreviation})"
        return self.name

    def get_absolute_url(self):
        return reverse("members:organization-detail", args=[self.slug])

    def natural_key(self):
        return (self.slug,)

    @property
    def status(self):
        """"current" (an open period), "former" (periods, none open) or None (no period)."""
        if self.is_member:
            return "current"
        # The latest period is closed, so it has a leaving year.
        return "former" if self.member_until is not None else None

    def unique_slug(self):
        """Abbreviation (or name) and country code, numbered if already taken."""
        base = slug_text(self.abbreviation or self.name)[:90].strip("-") or "organization"
        base = f"{base}-{self.country.code.lower()}"
        taken = set(
            type(self)._base_manager.filter(slug__startswith=base)
            .exclude(pk=self.pk)
            .values_list("slug", flat=True)
        )
        slug, number = base, 2
        while slug in taken:
            slug, number = f"{base}-{number}", number + 1
        return slug

    def save(self, *args, **kwargs):
        """Save if nobody else saved since this copy was read (see locking.py).

        The slug is made once; the search text is refolded. The latest-period
        columns are left to the periods (derived.write_latest_period): a copy read
        before a period changed must not write them back.
        """
        if not self.slug and self.country_id:
            self.slug = self.unique_slug()
        self.search = derived.search_text(self)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not derived.SEARCH_SOURCES.isdisjoint(update_fields):
            kwargs["update_fields"] = {*update_fields, "search"}
        # A savepoint, so a refused stale save leaves the caller's transaction usable.
        with transaction.atomic(using=using):
            if claim_version(self, using) and update_fields is None:
                kwargs["update_fields"] = [
                    field.name
                    for field in self._meta.concrete_fields
                    if not field.primary_key and field.name not in derived.LATEST_PERIOD
                ]
            super().save(*args, **kwargs)


class MembershipManager(models.Manager.from_queryset(MembershipQuerySet)):
    def get_by_natural_key(self, organization_slug, since_year):
        return self.get(organization__slug=organization_slug, since_year=since_year)


class Membership(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    since_year = models.PositiveSmallIntegerField(
        "member since",
        null=True,
        blank=True,
        validators=[validate_not_before_founding, validate_not_future_year],
        help_text="Year the organization joined; blank if unknown. Shown publicly.",
    )
    until_year = models.PositiveSmallIntegerField(
        "member until",
        null=True,
        blank=True,
        validators=[validate_not_before_founding, validate_not_future_year],
        help_text="Year it left; blank while it is still a member.",
    )
    source = models.TextField(
        blank=True, help_text="Where the fact comes from (citation or URL). Shown publicly."
    )
    note = models.TextField(blank=True, help_text="Anything an editor should know. Shown publicly.")

    objects = MembershipManager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["organization", "since_year"]
        # The year filter reads start, end and organization of periods from here alone.
        indexes = [
            models.Index(
                fields=["since_year", "until_year", "organization"], name="membership_years"
            )
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(since_year__isnull=True) | Q(since_year__gte=FOUNDING_YEAR),
                name="membership_since_from_founding",
                violation_error_message=f"ICOR was founded in {FOUNDING_YEAR}; "
                "the joining year cannot be earlier.",
            ),
            models.CheckConstraint(
                condition=Q(until_year__isnull=True) | Q(until_year__gte=FOUNDING_YEAR),
                name="membership_until_from_founding",
                violation_error_message=f"ICOR was founded in {FOUNDING_YEAR}; "
                "the leaving year cannot be earlier.",
            ),
            models.CheckConstraint(
                condition=Q(since_year__isnull=True)
                | Q(until_year__isnull=True)
                | Q(until_year__gte=models.F("since_year")),
                name="membership_until_after_since",
                violation_error_message=periods.YEARS_IN_ORDER,
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(until_year__isnull=True),
                name="membership_one_open_period",
                violation_error_message=periods.TWO_OPEN,
            ),
            models.UniqueConstraint(
                fields=["organization", "since_year"],
                name="membership_unique_start",
                violation_error_message=periods.REPEATED_START,
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(since_year__isnull=True),
                name="membership_one_unknown_start",
                violation_error_message=periods.TWO_UNKNOWN,
            ),
        ]

    def __str__(self):
        return f"{self.organization}: {self.label}"

    def natural_key(self):
        return (*self.organization.natural_key(), self.since_year)

    natural_key.dependencies = ["members.organization"]

    @property
    def label(self):
        """How the period reads: "2016–today", "?–2019"."""
        return periods.period_label(self.since_year, self.until_year)

    def save(self, *args, **kwargs):
        """Save; the organization (and one it was moved from) then has changed."""
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            moved_from = (
                type(self)._base_manager.using(using)
                .filter(pk=self.pk)
                .exclude(organization_id=self.organization_id)
                .values_list("organization_id", flat=True)
                .first()
                if self.pk is not None
                else None
            )
            super().save(*args, **kwargs)
            self.organization_changed(using, moved_from)

    def organization_changed(self, using, *also):
        """Rewrite the latest period of this period's organization (and of the `also`
        organizations), move their version forward and stamp when they changed.

        A copy of the organization held by this period is refreshed, so that the code
        which made the period can go on to save the organization.
        """
        organization = type(self)._meta.get_field("organization").related_model
        pks = [pk for pk in (self.organization_id, *also) if pk is not None]
        derived.write_latest_period(
            organization._base_manager.using(using).filter(pk__in=pks),
            version=F("version") + 1,
            updated_at=timezone.now(),
        )
        if type(self).organization.is_cached(self) and self.organization.pk is not None:
            self.organization.refresh_from_db(
                using=using, fields=[*derived.LATEST_PERIOD, "version", "updated_at"]
            )

    def clean(self):
        if not periods.years_in_order(self.since_year, self.until_year):
            raise ValidationError(periods.YEARS_IN_ORDER, code="years_in_order")

    def validate_constraints(self, exclude=None):
        """The constraints in an editor's words, without a query per constraint.

        Each check constraint is said by a field validator (years from the founding)
        or by `clean()` (years in order). The rules across an organization's periods
        are `periods.period_problems`, judged against the stored periods; a form that
        leaves the organization out (the admin's inline) checks its rows together.
        """
        if exclude and "organization" in exclude or self.organization_id is None:
            return
        stored = Membership.objects.filter(organization_id=self.organization_id).exclude(pk=self.pk)
        problems = periods.period_problems([*stored.order_by("pk"), self])
        errors = [
            ValidationError(problem.message, code=problem.code, params=problem.params)
            for problem in problems
            if problem.period is self
        ]
        if errors:
            raise ValidationError(errors)


# Writes that bypass save(): fixture loads (`loaddata` saves with raw=True) and deletes
# (queryset deletes and cascades). Django offers no other hook for them.


@receiver(pre_save, sender=Organization)
def organization_loading(sender, instance, raw, using, **kwargs):
    """A fixture carries no search text, version or latest period: fill them in."""
    if raw:
        derived.fill_loaded_organization(instance, using)


@receiver(post_save, sender=Country)
@receiver(post_save, sender=Organization)
@receiver(post_save, sender=Membership)
def record_loaded(sender, instance, raw, using, **kwargs):
    """A fixture load keeps derived data right and is an entry in the record's history."""
    if not raw:
        return
    if sender is Country:
        derived.write_search(instance.organizations.using(using))
    if sender is Membership:
        derived.write_latest_period(
            Organization._base_manager.using(using).filter(pk=instance.organization_id)
        )
    history.record_fixture_load(sender, instance, using)


@receiver(post_delete, sender=Membership)
def period_deleted(sender, instance, using, **kwargs):
    instance.organization_changed(using)
