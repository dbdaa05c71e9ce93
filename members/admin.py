"""The editors' admin: organizations with their membership periods, countries, periods.

Every list runs a fixed number of queries whatever the number of rows: summaries are
annotated, related rows joined, and no filter or form lists a whole table.
"""

from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator

from .admin_io import RegistryImportMixin, export_csv, export_json
from .models import Continent, Country, Membership, Organization

admin.site.site_header = "ICOR Registry"
admin.site.site_title = "ICOR Registry"
admin.site.index_title = "Records"


# Filters ---------------------------------------------------------------------------


class ContinentFilter(admin.SimpleListFilter):
    """The six continents of the seed, by the country's continent."""

    title = "continent"
    parameter_name = "continent"
    field_path = "country__continent"

    def lookups(self, request, model_admin):
        return Continent.choices

    def queryset(self, request, queryset):
        if self.value() in Continent.values:
            return queryset.filter(**{self.field_path: self.value()})
        return queryset


class MembershipContinentFilter(ContinentFilter):
    field_path = "organization__country__continent"


class CountryFilter(admin.SimpleListFilter):
    """Countries that have organizations (within the chosen continent), by ISO code.

    The world has fewer than 250 countries, so this list stays short however many
    organizations the registry holds.
    """

    title = "country"
    parameter_name = "country"

    def lookups(self, request, model_admin):
        countries = Country.objects.filter(
            Exists(Organization.objects.filter(country=OuterRef("pk")))
        )
        if request.GET.get(ContinentFilter.parameter_name) in Continent.values:
            countries = countries.filter(continent=request.GET[ContinentFilter.parameter_name])
        return countries.values_list("code", "name")

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(country__code=self.value().upper())
        return queryset


class StatusFilter(admin.SimpleListFilter):
    """Current members (an open period) or former members (periods, none open)."""

    title = "status"
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("current", "Current member"), ("former", "Former member")]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.current()
        if self.value() == "former":
            return queryset.former()
        return queryset


class JoiningYearFilter(admin.SimpleListFilter):
    """Organizations with a membership period that began in the chosen year, or whose
    joining year is unknown."""

    title = "joining year"
    parameter_name = "since"
    UNKNOWN = "unknown"

    def lookups(self, request, model_admin):
        years = (
            Membership.objects.filter(since_year__isnull=False)
            .order_by("-since_year")
            .values_list("since_year", flat=True)
            .distinct()
        )
        return [*((str(year), str(year)) for year in years), (self.UNKNOWN, "Unknown")]

    def queryset(self, request, queryset):
        if self.value() == self.UNKNOWN:
            periods = Membership.objects.filter(since_year__isnull=True)
        elif self.value() and self.value().isdigit():
            periods = Membership.objects.filter(since_year=int(self.value()))
        else:
            return queryset
        return queryset.filter(Exists(periods.filter(organization=OuterRef("pk"))))


class PeriodStatusFilter(admin.SimpleListFilter):
    """Open periods (still a member) or closed ones."""

    title = "period"
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [("open", "Open (still a member)"), ("closed", "Closed")]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open()
        if self.value() == "closed":
            return queryset.exclude(pk__in=queryset.open().values("pk"))
        return queryset


# Organizations ---------------------------------------------------------------------


class MembershipInlineFormSet(BaseInlineFormSet):
    """An organization's periods, checked together as they will be saved.

    A row on its own can only be compared with the stored periods, which the same
    submit may be changing (close the open period and add the next one), and a new
    organization has none stored yet. So the rules that span periods are checked
    here, across the submitted rows, with the model's own rules and messages.
    """

    def _construct_form(self, i, **kwargs):
        form = super()._construct_form(i, **kwargs)
        form.instance.compare_with_stored_periods = False
        if self.instance.pk is not None:
            # Each row names its organization: this one, not a query per row.
            form.instance.organization = self.instance
        return form

    def save_existing_objects(self, commit=True):
        # Django's loop, in another order: deletions first, then rows that close a
        # period, then the rest, so that no step breaks a database constraint on the
        # way (reopening a period while deleting the later one would otherwise store
        # two open periods for a moment).
        self.changed_objects, self.deleted_objects, saved = [], [], []
        deleted = self.deleted_forms
        order = sorted(
            self.initial_forms,
            key=lambda form: (form not in deleted, form.instance.until_year is None),
        )
        for form in order:
            if form.instance.pk is None or form.instance._state.adding:
                continue  # not fetched (bad POST data) or already deleted, as in Django
            if form in deleted:
                self.deleted_objects.append(form.instance)
                self.delete_existing(form.instance, commit=commit)
            elif form.has_changed():
                self.changed_objects.append((form.instance, form.changed_data))
                saved.append(self.save_existing(form, form.instance, commit=commit))
                if not commit:
                    self.saved_forms.append(form)
        return saved

    def kept_forms(self):
        """Valid rows that will be stored: not deleted, not blank extra rows."""
        return [
            form
            for form in self.forms
            if form.is_valid()
            and not self._should_delete_form(form)
            and (form.instance.pk is not None or form.has_changed())
        ]

    def validate_unique(self):
        # Instead of Django's check, which knows only the unconditional constraints and
        # words its own message: every unique constraint, in the model's words.
        forms = self.kept_forms()
        for constraint in Membership._meta.constraints:
            if isinstance(constraint, models.UniqueConstraint):
                self.check_unique(constraint, forms)
        valid = [form for form in forms if form.is_valid()]
        for form in valid:
            try:
                others = (other.instance for other in valid if other is not form)
                form.instance.check_overlaps(others)
            except ValidationError as error:
                form.add_error(None, error)

    def check_unique(self, constraint, forms):
        seen = set()
        for form in forms:
            period = form.instance
            fields = [name for name in constraint.fields if name != self.fk.name]
            key = tuple(getattr(period, name) for name in fields)
            if None in key or not meets_condition(period, constraint.condition):
                continue
            if key in seen:
                form.add_error(None, constraint.get_violation_error_message())
            seen.add(key)


def meets_condition(period, condition):
    """Whether `period` falls under a constraint's condition, asked of the database
    as Django's own constraint validation does."""
    if condition is None:
        return True
    fields = [field for field in Membership._meta.concrete_fields if not field.is_relation]
    return condition.check(
        {field.name: Value(getattr(period, field.attname), output_field=field) for field in fields}
    )


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipInlineFormSet
    fields = ["since_year", "until_year", "source", "note"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}
    }

    def get_extra(self, request, obj=None, **kwargs):
        # A new organization starts with one blank period; an existing one shows its own.
        return 0 if obj else 1


class OrganizationForm(forms.ModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "slug" in self.fields:  # the add form only: the slug is read-only afterwards
            self.fields["slug"].required = False
            self.fields["slug"].help_text = (
                "Leave blank to make it from the abbreviation (or name) and the country "
                "code. It is the record's public URL and cannot be changed later."
            )


@admin.register(Organization)
class OrganizationAdmin(RegistryImportMixin, admin.ModelAdmin):
    form = OrganizationForm
    actions = [export_json, export_csv]
    list_display = [
        "name",
        "abbreviation",
        "english_name",
        "country",
        "continent",
        "member_since",
        "status",
    ]
    list_filter = [ContinentFilter, CountryFilter, StatusFilter, JoiningYearFilter]
    list_select_related = ["country"]
    # Marks the list as searchable; get_search_results() searches the folded column.
    search_fields = ["search"]
    search_help_text = (
        "Name, abbreviation, English name or country; case and accents do not matter."
    )
    autocomplete_fields = ["country"]
    inlines = [MembershipInline]
    show_full_result_count = False

    def get_queryset(self, request):
        current = Organization.objects.current().filter(pk=OuterRef("pk"))
        return super().get_queryset(request).with_membership().annotate(is_current=Exists(current))

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    def get_fields(self, request, obj=None):
        fields = ["name", "abbreviation", "english_name", "country", "slug"]
        return [*fields, "created_at", "updated_at"] if obj else fields

    def get_readonly_fields(self, request, obj=None):
        return ["slug", "created_at", "updated_at"] if obj else []

    @admin.display(description="continent", ordering="country__continent")
    def continent(self, organization):
        return organization.country.get_continent_display()

    @admin.display(description="member since", ordering="member_since")
    def member_since(self, organization):
        if organization.member_since:
            return organization.member_since
        return "unknown" if self.has_period(organization) else None

    @admin.display(description="status", ordering="is_current")
    def status(self, organization):
        if organization.is_current:
            return "current"
        return "former" if self.has_period(organization) else None

    @staticmethod
    def has_period(organization):
        # The latest period is open (current) or closed (it has a leaving year).
        return organization.is_current or organization.member_until is not None


# Countries -------------------------------------------------------------------------


class CountryForm(forms.ModelForm):
    def clean_code(self):
        return self.cleaned_data["code"].upper()


@admin.register(Country)
class CountryAdmin(admin.ModelAdmin):
    form = CountryForm
    actions = [export_json, export_csv]
    list_display = ["code", "name", "continent", "current_members"]
    list_display_links = ["code", "name"]
    list_filter = ["continent"]
    search_fields = ["code", "name"]
    show_full_result_count = False

    def get_queryset(self, request):
        current = (
            Organization.objects.current()
            .filter(country=OuterRef("pk"))
            .order_by()
            .values("country")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return super().get_queryset(request).annotate(
            current_members=Coalesce(Subquery(current), 0)
        )

    @admin.display(description="current members", ordering="current_members")
    def current_members(self, country):
        url = reverse("admin:members_organization_changelist")
        return format_html(
            '<a href="{}?country={}&amp;status=current">{}</a>',
            url,
            country.code,
            country.current_members,
        )


# Membership periods ----------------------------------------------------------------


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organization", "since_year", "until_year", "source_excerpt"]
    list_filter = [PeriodStatusFilter, MembershipContinentFilter, "since_year"]
    list_select_related = ["organization"]
    # Marks the list as searchable; get_search_results() searches the organizations.
    search_fields = ["organization__search"]
    search_help_text = "The organization's name, abbreviation, English name or country."
    autocomplete_fields = ["organization"]
    ordering = ["organization__name", "since_year"]
    show_full_result_count = False
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}
    }

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.filter(organization__in=Organization.objects.search(search_term)), False

    @admin.display(description="source", ordering="source")
    def source_excerpt(self, membership):
        return Truncator(membership.source).chars(60)
