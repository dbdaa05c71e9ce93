"""The public list's filters: one FilterSet for the HTML page, the CSV and the JSON."""

import re

import django_filters
from django import forms
from django.db.models import F
from django.utils.translation import gettext, gettext_lazy as _

from ..models import Continent, Country, Organization
from ..search import fold

# Years outside this range cannot be ICOR memberships; bounding them also keeps
# huge integers away from the database.
YEAR_BOUNDS = {"min_value": 1900, "max_value": 2999}

STATUS_CHOICES = [
    ("current", _("Current members")),
    ("former", _("Former members")),
    ("all", _("All")),
]
WIKIDATA_CHOICES = [("yes", _("Has one")), ("no", _("Has none"))]
# What the list shows for a parameter that is absent: the form sends these values, the
# page's own links leave them out.
DEFAULTS = {"status": "current", "ordering": "name", "page": "1"}


def country_code(text):
    """The ISO code of the country `text` names: its code in any case, or its English
    name typed in full, compared folded ("turkey" and "TÜRKEY" both give TR).
    None when no country has that name."""
    if re.fullmatch(r"[A-Za-z]{2}", text):
        return text.upper()
    wanted = fold(text)
    for code, name in Country.objects.values_list("code", "name"):
        if fold(name) == wanted:
            return code
    return None


class OrganizationFilterForm(forms.Form):
    def clean_country(self):
        text = self.cleaned_data.get("country") or ""
        if not text:
            return ""
        code = country_code(text)
        if code is None:
            raise forms.ValidationError(
                gettext(
                    "No country is called “%(text)s”. Type its English name, e.g. Turkey, "
                    "or its two-letter ISO code, e.g. TR."
                ) % {"text": text}
            )
        return code

    def clean(self):
        cleaned_data = super().clean()
        # An absent or empty status means the members of today, as the design says.
        cleaned_data["status"] = cleaned_data.get("status") or "current"
        since_min, since_max = cleaned_data.get("since_min"), cleaned_data.get("since_max")
        if since_min is not None and since_max is not None and since_min > since_max:
            self.add_error(
                "since_max",
                gettext("The end of the range cannot be before its start (%(start)s).")
                % {"start": since_min},
            )
        return cleaned_data


class YearFilter(django_filters.NumberFilter):
    """A whole year, never a decimal."""

    field_class = forms.IntegerField


class OrganizationOrderingFilter(django_filters.OrderingFilter):
    """Sort by the chosen columns, unknown joining years last, then by name and id.

    Names sort by their collation key (`sort_name`: accents and case ignored), as the
    indexes hold them. The name and id tie-break keeps pages stable: without it two
    organizations that joined in the same year could swap places between page 1 and 2.
    """

    # Columns that may be empty; the others sort with no NULLS clause, which keeps
    # SQLite reading them in index order.
    nullable = {"member_since"}

    def get_ordering_value(self, param):
        descending = param.startswith("-")
        name = self.param_map[param.lstrip("-")]
        field = F(name)
        nulls = {"nulls_last": True} if name in self.nullable else {}
        return field.desc(**nulls) if descending else field.asc(**nulls)

    def filter(self, qs, value):
        ordering = [self.get_ordering_value(param) for param in value or [] if param]
        return qs.order_by(*ordering, "sort_name", "pk")


class OrganizationFilter(django_filters.FilterSet):
    """Search, narrow and sort the organizations of the registry."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
        help_text=_("Name, abbreviation, English name or country; accents and case do not matter."),
    )
    continent = django_filters.ChoiceFilter(
        label=_("Continent"),
        field_name="country__continent",
        choices=Continent.choices,
        empty_label=_("All continents"),
    )
    country = django_filters.CharFilter(
        label=_("Country"),
        method="filter_country",
        max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
        help_text=_("Its English name or ISO code, e.g. Turkey or TR."),
    )
    since_min = YearFilter(
        label=_("Joined in or after"),
        field_name="member_since",
        lookup_expr="gte",
        **YEAR_BOUNDS,
    )
    since_max = YearFilter(
        label=_("Joined in or before"),
        field_name="member_since",
        lookup_expr="lte",
        **YEAR_BOUNDS,
    )
    year = YearFilter(
        label=_("Member during year"),
        method="filter_year",
        **YEAR_BOUNDS,
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        method="filter_status",
        choices=STATUS_CHOICES,
        empty_label=None,
    )
    wikidata = django_filters.ChoiceFilter(
        label=_("Wikidata identifier"),
        method="filter_wikidata",
        choices=WIKIDATA_CHOICES,
        empty_label=_("With or without"),
    )
    ordering = OrganizationOrderingFilter(
        label=_("Sort by"),
        fields=[
            ("sort_name", "name"),
            ("abbreviation", "abbreviation"),
            ("country__name", "country"),
            ("member_since", "since"),
        ],
        field_labels={
            "sort_name": _("Name"),
            "abbreviation": _("Abbreviation"),
            "country__name": _("Country"),
            "member_since": _("Member since"),
            # By parameter: the descending orders, named whole for the translations.
            "-name": _("Name (descending)"),
            "-abbreviation": _("Abbreviation (descending)"),
            "-country": _("Country (descending)"),
            "-since": _("Member since (descending)"),
        },
        empty_label=None,
    )

    class Meta:
        model = Organization
        fields = []
        form = OrganizationFilterForm

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    def filter_country(self, queryset, name, value):
        # The form has turned a name into the code (OrganizationFilterForm.clean_country).
        return queryset.filter(country__code=value)

    def filter_year(self, queryset, name, value):
        return queryset.members_during(value)

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value)

    def filter_wikidata(self, queryset, name, value):
        return queryset.with_wikidata(linked=value == "yes")

    def filter_queryset(self, queryset, skip=()):
        for name, value in self.form.cleaned_data.items():
            if name not in skip:
                queryset = self.filters[name].filter(queryset, value)
        return queryset

    def canonical_query(self):
        """The parameters as the page's own links write them: empty ones and defaults
        dropped (the form sends every field), a country named in full given by its code.
        None when they are already so."""
        query = self.data.copy()
        for key in list(query):
            values = [value for value in query.getlist(key) if value.strip() and value != DEFAULTS.get(key)]
            if values:
                query.setlist(key, values)
            else:
                del query[key]
        code = self.form.cleaned_data.get("country") if self.is_valid() else None
        if code and query["country"].strip().upper() != code:
            query["country"] = code.lower()
        return None if query == self.data else query

    def ordered(self, queryset):
        """`queryset` in the order the parameters ask for, no filter applied: how a
        page reads the rows of the ids it found (see pagination.py)."""
        return self.filters["ordering"].filter(queryset, self.form.cleaned_data.get("ordering"))
