"""The public pages of organizations and countries: the list, one organization (also
as JSON), the countries, one country."""

from django.conf import settings
from django.db.models import Prefetch
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from ..models import Continent, Country, Membership, Organization
from .exports import EXPORT_KEYS, export_rows
from .filters import OrganizationFilter
from .languages import name_language
from .pagination import IdsFirstPaginator


class OrganizationListView(FilterView):
    """The filtered, sorted list, a page at a time; bad parameters answer 400 with the
    errors beside the form."""

    filterset_class = OrganizationFilter
    queryset = Organization.objects.with_country()
    template_name = "members/organization_list.html"
    # (ordering parameter or None, heading) of the table's columns, in order.
    columns = [
        ("name", "Name"),
        ("abbreviation", "Abbreviation"),
        ("country", "Country"),
        (None, "Continent"),
        ("since", "Member since"),
    ]

    def get_paginate_by(self, queryset):
        return settings.REGISTRY_PAGE_SIZE

    def get_paginator(self, queryset, per_page, **kwargs):
        """Pages whose ids come from the filtered list and whose rows are read in its order."""
        rows = self.filterset.ordered(Organization.objects.with_country())
        return IdsFirstPaginator(queryset, per_page, rows=rows, **kwargs)

    def get_filterset_kwargs(self, filterset_class):
        # Always bound, so that no parameters at all still means status=current.
        return {**super().get_filterset_kwargs(filterset_class), "data": self.request.GET}

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if not self.filterset.is_valid():
            response.status_code = 400
        return response

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        valid = self.filterset.is_valid()
        context.update(
            page_range=context["paginator"].get_elided_page_range(context["page_obj"].number),
            valid=valid,
            unplaced=self.filterset.unplaced() if valid else None,
            year=self.filterset.form.cleaned_data.get("year") if valid else None,
            columns=self.sort_columns(),
        )
        return context

    def sort_columns(self):
        """Each column: its heading, the ordering its link asks for, how it is sorted now.

        A link sorts ascending, or descending when the column is sorted ascending already.
        """
        current = self.request.GET.get("ordering") or "name"
        columns = []
        for param, label in self.columns:
            state = {param: "ascending", f"-{param}": "descending"}.get(current) if param else None
            ordering = f"-{param}" if state == "ascending" else param
            columns.append({"label": label, "ordering": ordering, "sort": state})
        return columns


class OrganizationDetailView(DetailView):
    """One organization with its periods, oldest first, unknown starts first."""

    queryset = Organization.objects.with_country().prefetch_related(
        Prefetch("memberships", queryset=Membership.objects.oldest_first())
    )

    def get_context_data(self, **kwargs):
        organization = self.object
        return super().get_context_data(
            **kwargs,
            periods=organization.memberships.all(),
            name_lang=name_language(organization),
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
    data = {
        **{key: row[key] for key in EXPORT_KEYS},
        "continent_name": Continent(row["continent"]).label,
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
            groups.setdefault(country.continent, []).append(country)
        continents = [
            {"slug": slug, "name": names[slug], "countries": countries}
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
        organizations = Organization.objects.with_country().order_by("name", "pk")
        paginator = IdsFirstPaginator(
            organizations.filter(country=self.object),
            settings.REGISTRY_PAGE_SIZE,
            rows=organizations,
        )
        page_obj = paginator.get_page(self.request.GET.get("page"))
        return super().get_context_data(
            **kwargs,
            page_obj=page_obj,
            page_range=paginator.get_elided_page_range(page_obj.number),
        )
