"""The public pages of organizations and countries: the list, one organization (also
as JSON), the countries, one country."""

from django.conf import settings
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from ..derived import sort_name
from ..models import Continent, Country, Membership, Organization
from .caching import registry_etag
from .exports import EXPORT_KEYS, export_rows
from .facets import Facets
from .filters import DEFAULTS, OrganizationFilter
from .languages import name_language
from .links import country_link, organization_json_link
from .pagination import ROW_FIELDS, IdsFirstPaginator, list_rows


class OrganizationListView(FilterView):
    """The filtered, sorted list, a page at a time, with its facets; bad parameters answer
    400 with the errors beside the form."""

    filterset_class = OrganizationFilter
    queryset = Organization.objects.with_country()
    template_name = "members/organization_list.html"
    # (ordering parameter or None, heading) of the table's columns, in order.
    columns = [
        ("name", _("Name")),
        ("abbreviation", _("Abbreviation")),
        ("country", _("Country")),
        (None, _("Continent")),
        ("since", _("Member since")),
    ]

    def get_paginate_by(self, queryset):
        return settings.REGISTRY_PAGE_SIZE

    def get_paginator(self, queryset, per_page, **kwargs):
        """Pages whose ids come from the filtered list and whose rows are read in its order;
        the facets have counted the list already."""
        rows = self.filterset.ordered(Organization.objects.all()).values(*ROW_FIELDS)
        count = self.facets.total if self.facets else None
        return IdsFirstPaginator(queryset, per_page, rows=rows, count=count, **kwargs)

    def paginate_queryset(self, queryset, page_size):
        """The page asked for, or the nearest one: a page past the end or not a number
        still shows organizations, not an error."""
        paginator = self.get_paginator(queryset, page_size)
        page = paginator.nearest_page(self.request.GET.get("page"))
        page.object_list = list_rows(page.object_list)
        return paginator, page, page.object_list, page.has_other_pages()

    def get_filterset_kwargs(self, filterset_class):
        # Always bound, so that no parameters at all still means status=current.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def get(self, request, *args, **kwargs):
        self.filterset = self.get_filterset(self.get_filterset_class())
        canonical = self.filterset.canonical_query()
        if canonical is not None:
            return redirect(f"{request.path}?{canonical.urlencode()}" if canonical else request.path)
        valid = self.filterset.is_valid()
        self.facets = (
            Facets(self.filterset, request.path, request.GET, version=registry_etag(request))
            if valid else None
        )
        self.object_list = self.filterset.qs if valid else self.filterset.queryset.none()
        response = self.render_to_response(
            self.get_context_data(filter=self.filterset, object_list=self.object_list)
        )
        response.status_code = 200 if valid else 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        valid = self.facets is not None
        context.update(
            page_range=context["paginator"].get_elided_page_range(context["page_obj"].number),
            valid=valid,
            facets=self.facets.all() if valid else [],
            active_filters=self.facets.removable() if valid else [],
            unplaced=self.facets.unplaced if valid else None,
            year=self.filterset.form.cleaned_data.get("year") if valid else None,
            columns=self.sort_columns(),
        )
        return context

    def sort_columns(self):
        """Each column: its heading, the ordering its link asks for, how it is sorted now.

        A link sorts ascending, or descending when the column is sorted ascending already.
        """
        current = self.request.GET.get("ordering") or DEFAULTS["ordering"]
        columns = []
        for param, label in self.columns:
            state = {param: "ascending", f"-{param}": "descending"}.get(current) if param else None
            ordering = f"-{param}" if state == "ascending" else param
            columns.append({
                "label": label,
                "sortable": param is not None,
                # The default order is the address without `ordering`.
                "ordering": None if ordering == DEFAULTS["ordering"] else ordering,
                "sort": state,
            })
        return columns


class OrganizationDetailView(DetailView):
    """One organization with its periods, oldest first, unknown starts first."""

    queryset = Organization.objects.with_country()

    def get_context_data(self, **kwargs):
        organization = self.object
        # A plain query: a prefetch costs more to set up than the periods cost to read.
        periods = list(Membership.objects.oldest_first().filter(organization=organization))
        organization.country.path = country_link(organization.country)
        return super().get_context_data(
            **kwargs,
            periods=periods,
            # The note column only when some period has a note.
            has_notes=any(period.note for period in periods),
            name_lang=name_language(organization),
            json_path=organization_json_link(organization),
        )


def organization_detail_json(request, slug):
    """Everything the organization page shows: the exported row, then the continent's
    name, when the record last changed, and the periods."""
    found = list(
        export_rows(Organization.objects.filter(slug=slug), request, pk="pk", updated_at="updated_at")
    )
    if not found:
        raise Http404("No organization has this slug.")
    [row] = found
    periods = Membership.objects.oldest_first().filter(organization=row["pk"])
    # The download speaks English in every language of the pages, as its keys do.
    with translation.override(settings.LANGUAGE_CODE):
        continent_name = str(Continent(row["continent"]).label)
    data = {
        **{key: row[key] for key in EXPORT_KEYS},
        "continent_name": continent_name,
        "updated_at": row["updated_at"].isoformat(),
        "memberships": list(periods.values("since_year", "until_year", "source", "note")),
    }
    return JsonResponse(data, json_dumps_params={"ensure_ascii": False})


class CountryListView(ListView):
    """Every country with its number of current members, grouped by continent."""

    def get_queryset(self):
        return Country.objects.with_member_counts().order_by("continent", "name")

    def get_context_data(self, **kwargs):
        names = dict(Continent.choices)
        groups = {}
        for country in self.object_list:
            country.path = country_link(country)
            groups.setdefault(country.continent, []).append(country)
        continents = [
            {
                "slug": slug,
                "name": names[slug],
                # In the order of the reader's language, accents and case aside.
                "countries": sorted(countries, key=lambda country: sort_name(country.local_name)),
                "members": sum(country.members for country in countries),
            }
            for slug, countries in groups.items()
        ]
        return super().get_context_data(**kwargs, continents=continents)


class CountryDetailView(DetailView):
    """One country and every organization of it, current or former."""

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if code != code.lower():
            return redirect("members:country-detail", code.lower(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return get_object_or_404(Country, code=self.kwargs["code"].upper())

    def get_context_data(self, **kwargs):
        organizations = Organization.objects.order_by("sort_name", "pk")
        paginator = IdsFirstPaginator(
            organizations.filter(country=self.object),
            settings.REGISTRY_PAGE_SIZE,
            rows=organizations.values(*ROW_FIELDS),
        )
        page_obj = paginator.nearest_page(self.request.GET.get("page"))
        page_obj.object_list = list_rows(page_obj.object_list)
        return super().get_context_data(
            **kwargs,
            page_obj=page_obj,
            page_range=paginator.get_elided_page_range(page_obj.number),
        )
