"""Filters for the editors' admin lists; none lists a whole table."""

from django.contrib import admin
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext, gettext_lazy as _

from ..models import Continent, Country, Membership, Organization


class ContinentFilter(admin.SimpleListFilter):
    """The six continents of the seed, by the country's continent."""

    title = _("continent")
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

    title = _("country")
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

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("current", gettext("Current member")), ("former", gettext("Former member"))]

    def queryset(self, request, queryset):
        if self.value() == "current":
            return queryset.current()
        if self.value() == "former":
            return queryset.former()
        return queryset

class JoiningYearFilter(admin.SimpleListFilter):
    """Organizations with a membership period that began in the chosen year, or whose
    joining year is unknown."""

    title = _("joining year")
    parameter_name = "since"
    UNKNOWN = "unknown"

    def lookups(self, request, model_admin):
        years = (
            Membership.objects.filter(since_year__isnull=False)
            .order_by("-since_year")
            .values_list("since_year", flat=True)
            .distinct()
        )
        return [*((str(year), str(year)) for year in years), (self.UNKNOWN, gettext("Unknown"))]

    def queryset(self, request, queryset):
        if self.value() == self.UNKNOWN:
            periods = Membership.objects.filter(since_year__isnull=True)
        elif self.value() and self.value().isascii() and self.value().isdigit():
            periods = Membership.objects.filter(since_year=int(self.value()))
        else:
            return queryset
        return queryset.filter(Exists(periods.filter(organization=OuterRef("pk"))))

class PeriodStatusFilter(admin.SimpleListFilter):
    """Open periods (still a member) or closed ones."""

    title = _("period")
    parameter_name = "period"

    def lookups(self, request, model_admin):
        return [("open", gettext("Open (still a member)")), ("closed", gettext("Closed"))]

    def queryset(self, request, queryset):
        if self.value() == "open":
            return queryset.open()
        if self.value() == "closed":
            return queryset.exclude(pk__in=queryset.open().values("pk"))
        return queryset
