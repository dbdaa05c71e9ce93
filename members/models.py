from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models, router, transaction
from django.db.models import Q
from django.db.models.functions import Length, Upper
from django.urls import reverse
from simple_history.models import HistoricalRecords

from .querysets import (
    MEMBERSHIP_FIELDS,
    SEARCH_SOURCES,
    CountryQuerySet,
    MembershipQuerySet,
    OrganizationQuerySet,
    search_text,
)
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

    def get_absolute_url(self):
        return reverse("members:country-detail", args=[self.code.lower()])


class StaleRecordError(Exception):
    """Someone else saved the record after this copy of it was read."""

    def __init__(self, record, read_version):
        self.record = record
        self.read_version = read_version
        super().__init__(
            f"{record} was changed by someone else after version {read_version} was read."
        )


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

    # The latest membership period (open first, then latest end and start), kept by
    # the registry on every write of a period, so the public list filters, sorts and
    # counts on indexed columns instead of a subquery per row. `with_membership()` names
    # them member_since and member_until.
    latest_since = models.PositiveSmallIntegerField(
        "member since",
        null=True,
        editable=False,
        help_text="Joining year of the latest period; blank if unknown. Shown publicly.",
    )
    latest_until = models.PositiveSmallIntegerField(
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
    history = HistoricalRecords(excluded_fields=["search", *MEMBERSHIP_FIELDS])

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
            # latest_until last: the order is still by year, then name, and the year
            # filter counts from the index alone.
            models.Index(
                fields=["is_member", "latest_since", "name", "id", "latest_until"],
                name="organization_member_years",
            ),
            models.Index(
                fields=["is_member", "abbreviation", "name", "id"],
                name="organization_member_abbr",
            ),
            models.Index(
                fields=["country", "is_member", "latest_since", "name", "id"],
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

    def fill_derived_fields(self):
        """Set the slug (once) and the folded search column from the other fields."""
        if not self.slug and self.country_id:
            self.slug = self.unique_slug()
        self.search = search_text(self)

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
        self.fill_derived_fields()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not SEARCH_SOURCES.isdisjoint(update_fields):
            kwargs["update_fields"] = {*update_fields, "search"}
        # A savepoint, so a refused stale save leaves the caller's transaction usable.
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        with transaction.atomic(using=using):
            super().save(*args, **kwargs)

    def _do_update(self, base_qs, using, pk_val, values, update_fields, forced_update):
        """Write only if the row still has the version this instance was read at.

        The check is part of the UPDATE itself (WHERE version = read version), so it
        holds on SQLite and PostgreSQL alike, whoever saves first. A fixture load
        (raw) leaves the stored version alone. The latest period's columns are only
        written from the periods themselves (`refresh_membership`): a copy of the
        organization read before a period changed must not write them back.
        """
        version_field = self._meta.get_field("version")
        values = [
            value for value in values
            if value[0] is not version_field and value[0].name not in MEMBERSHIP_FIELDS
        ]
        if getattr(self, "_raw_save", False):
            return super()._do_update(base_qs, using, pk_val, values, update_fields, forced_update)
        read_version = self.version
        values.append((version_field, None, read_version + 1))
        if base_qs.filter(pk=pk_val, version=read_version)._update(values) > 0:
            self.version = read_version + 1
            return True
        if base_qs.filter(pk=pk_val).exists():
            raise StaleRecordError(self, read_version)
        return False


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
                violation_error_message="The leaving year cannot be before the joining year.",
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(until_year__isnull=True),
                name="membership_one_open_period",
                violation_error_message="This organization already has an open membership "
                "period; give that one a leaving year first.",
            ),
            models.UniqueConstraint(
                fields=["organization", "since_year"],
                name="membership_unique_start",
                violation_error_message="This organization already has a period starting that year.",
            ),
            models.UniqueConstraint(
                fields=["organization"],
                condition=Q(since_year__isnull=True),
                name="membership_one_unknown_start",
                violation_error_message="This organization already has a period with an "
                "unknown joining year.",
            ),
        ]

    def __str__(self):
        since = self.since_year or "?"
        until = self.until_year or "today"
        return f"{self.organization}: {since}–{until}"

    def natural_key(self):
        return (*self.organization.natural_key(), self.since_year)

    natural_key.dependencies = ["members.organization"]

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        # A period moved to another organization changes that one's latest period too.
        instance._stored_organization_id = instance.__dict__.get("organization_id")
        return instance

    # False where the caller checks an organization's periods together, as they will
    # be saved (the admin's membership inline): the stored ones may be what it changes.
    compare_with_stored_periods = True

    def clean(self):
        if self.organization_id is None or not self.compare_with_stored_periods:
            return
        self.check_overlaps(
            Membership.objects.filter(organization_id=self.organization_id).exclude(pk=self.pk)
        )

    def check_overlaps(self, others):
        """Refuse this period if it overlaps one of `others`, periods of the same organization."""
        for other in others:
            if self.overlaps(other):
                raise ValidationError(
                    "This period overlaps the period %(other)s of the same organization.",
                    code="overlap",
                    params={"other": f"{other.since_year}–{other.until_year or 'today'}"},
                )

    def overlaps(self, other):
        """Two periods with known starts overlap when each starts before the other ends.

        Leaving and rejoining in the same year is not an overlap.
        """
        if self.since_year is None or other.since_year is None:
            return False
        forever = 10_000
        return self.since_year < (other.until_year or forever) and other.since_year < (
            self.until_year or forever
        )
