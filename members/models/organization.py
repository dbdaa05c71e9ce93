"""An organization: its names, its country, its public address, and the columns
derived from it and its periods (written by `derived.py`)."""

from django.core.validators import RegexValidator, URLValidator
from django.db import models, router, transaction
from django.db.models import Q
from django.db.models.signals import post_save, pre_save
from django.dispatch import receiver
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .. import derived, history
from ..locking import VERSION_HELP, claim_version, keep_stored_values
from ..querysets import OrganizationQuerySet
from ..search import slug_text
from ..validators import validate_printable_name
from .country import Country


WEBSITE_MESSAGE = _("Enter the full address of a web page, starting with https:// or http://.")
WIKIDATA_MESSAGE = _(
    "Enter a Wikidata identifier: the letter Q and the item's number, e.g. Q2342 "
    "(upper-case Q, no leading zero, nothing else)."
)
# \A and \Z, not ^ and $: $ would let a trailing newline through.
validate_wikidata = RegexValidator(r"\AQ[1-9][0-9]*\Z", WIKIDATA_MESSAGE, code="invalid_wikidata")


class WebsiteField(models.URLField):
    """A web address that a public page shows as a link: http or https only, never
    javascript: or mailto:. A form completes an address typed without its scheme with
    https://, and says the same rule in its message as the model."""

    default_validators = [URLValidator(schemes=["http", "https"], message=WEBSITE_MESSAGE)]

    def formfield(self, **kwargs):
        return super().formfield(
            **{"assume_scheme": "https", "error_messages": {"invalid": WEBSITE_MESSAGE}, **kwargs}
        )


class OrganizationManager(models.Manager.from_queryset(OrganizationQuerySet)):
    def get_by_natural_key(self, slug):
        return self.get(slug=slug)


class Organization(models.Model):
    name = models.CharField(
        _("name"),
        max_length=200,
        validators=[validate_printable_name],
        help_text=_("The name in its original language, exactly as the organization writes it."),
    )
    abbreviation = models.CharField(
        _("abbreviation"),
        max_length=50,
        blank=True,
        validators=[validate_printable_name],
        help_text=_("Leave blank if the organization uses none."),
    )
    english_name = models.CharField(
        _("English name"),
        max_length=200,
        blank=True,
        validators=[validate_printable_name],
        help_text=_("Leave blank when the name is already English."),
    )
    # PROTECT: a country cannot vanish while organizations still point to it.
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="organizations", verbose_name=_("country"),
        # The indexes below, and the unique name per country, lead with the country.
        db_index=False,
    )
    slug = models.SlugField(
        _("slug"),
        max_length=100,
        unique=True,
        help_text=_("The record's public URL. Made once from abbreviation or name and "
                    "country; a rename leaves it alone."),
    )
    # No index of its own: a search looks inside the text (LIKE '%word%'), which no
    # B-tree helps with; the list's name index carries it for current members.
    search = models.TextField(
        editable=False,
        default="",
        help_text=_("Folded name, abbreviation, English name and country, for search. "
                    "Kept by the registry; nobody edits it."),
    )
    # Compared byte by byte on every database (migration 0001 gives it the "C" collation
    # on PostgreSQL; SQLite compares bytes by default): the lists sort by it.
    sort_name = models.CharField(
        max_length=401,
        editable=False,
        default="",
        help_text=_("The name folded, then the name itself: the order of the public lists. "
                    "Kept by the registry; nobody edits it."),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    version = models.PositiveIntegerField(default=1, editable=False, help_text=VERSION_HELP)

    # The latest membership period (open first, then latest end and start), written by
    # derived.py on every write of a period, so the public list filters, sorts and
    # counts on indexed columns instead of a subquery per row.
    member_since = models.PositiveSmallIntegerField(
        _("member since"),
        null=True,
        editable=False,
        help_text=_("Joining year of the latest period; blank if unknown. Shown publicly."),
    )
    member_until = models.PositiveSmallIntegerField(
        _("member until"),
        null=True,
        editable=False,
        help_text=_("Leaving year of the latest period; blank while a member."),
    )
    is_member = models.BooleanField(
        _("current member"),
        default=False,
        editable=False,
        help_text=_("Has an open membership period. Shown publicly."),
    )

    # Links to other datasets. Last of the fields, so that files written before them
    # (fixtures, whose keys follow the fields' order) only gain keys at their end.
    website = WebsiteField(
        _("website"),
        max_length=500,
        blank=True,
        help_text=_("The organization's own website, e.g. https://example.org/. Shown "
                    "publicly as a link; leave blank if it has none or it is unknown."),
    )
    wikidata = models.CharField(
        _("Wikidata identifier"),
        max_length=20,
        blank=True,
        validators=[validate_wikidata],
        help_text=_("Its item on Wikidata, e.g. Q2342. Shown publicly as a link to "
                    "wikidata.org; leave blank if it has none."),
    )

    objects = OrganizationManager()
    history = HistoricalRecords(excluded_fields=["search", "sort_name", *derived.LATEST_PERIOD])

    class Meta:
        ordering = ["sort_name"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        # Each index serves orders and filters of the public list, chosen from their
        # query plans (bench/README.md): all organizations by name; current members by
        # name (also searched), by joining year, by abbreviation, and per country (also the
        # counts and the facets, which group by country, membership and years).
        indexes = [
            models.Index(fields=["sort_name", "id"], name="organization_name_id"),
            # Search reads the folded text and the country (matched by its name in every
            # language) of current members from here, in name order, not from the
            # table: counting and finding a page's ids touch no row.
            models.Index(
                fields=["is_member", "sort_name", "id", "search", "country"],
                name="organization_member_name",
            ),
            # member_until last: the order is still by year, then name, and the year
            # filter counts from the index alone.
            models.Index(
                fields=["is_member", "member_since", "sort_name", "id", "member_until"],
                name="organization_member_years",
            ),
            models.Index(
                fields=["is_member", "abbreviation", "sort_name", "id"],
                name="organization_member_abbr",
            ),
            models.Index(
                fields=["country", "is_member", "member_since", "sort_name", "id", "member_until"],
                name="organization_country_member",
            ),
            # The list's facets count the organizations per country, status and joining
            # year (public/facets.py): exactly these columns, so that counting 100,000
            # reads narrow entries in the order it groups them.
            models.Index(
                fields=["country", "is_member", "member_since", "member_until"],
                name="organization_groups",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["country", "name"],
                name="organization_unique_name_per_country",
                violation_error_message=_("This country already has an organization with this name."),
            ),
            models.CheckConstraint(
                condition=~Q(name=""),
                name="organization_name_not_empty",
                violation_error_message=_("An organization needs a name."),
            ),
            models.CheckConstraint(
                condition=~Q(slug=""),
                name="organization_slug_not_empty",
                violation_error_message=_("An organization needs a slug."),
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
        derived.fill_text(self)
        using = kwargs.get("using") or router.db_for_write(type(self), instance=self)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and not derived.SEARCH_SOURCES.isdisjoint(update_fields):
            kwargs["update_fields"] = {*update_fields, "search", "sort_name"}
        # A savepoint, so a refused stale save leaves the caller's transaction usable.
        with transaction.atomic(using=using):
            if claim_version(self, using) and update_fields is None:
                kwargs["update_fields"] = [
                    field.name
                    for field in self._meta.concrete_fields
                    if not field.primary_key and field.name not in derived.LATEST_PERIOD
                ]
            super().save(*args, **kwargs)


@receiver(pre_save, sender=Organization)
def organization_loading(sender, instance, raw, using, **kwargs):
    """A fixture load (raw, which skips save()) carries no search text, version or
    latest period: fill them in before the row is written."""
    if raw:
        derived.fill_text(instance)
        keep_stored_values(instance, using, ("version", *derived.LATEST_PERIOD))


@receiver(post_save, sender=Organization)
def organization_loaded(sender, instance, raw, using, **kwargs):
    """A fixture load (raw, which skips save()) is an entry in the record's history."""
    if raw:
        history.record_fixture_load(sender, instance, using)
