"""Public list, detail and download views: read-only, cacheable, GET and HEAD only."""

import csv
import json

from django.conf import settings
from django.db import connection
from django.db.models import F, Prefetch
from django.http import JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.decorators import method_decorator
from django.views.decorators.cache import cache_control
from django.views.decorators.http import condition, require_safe
from django.views.generic import DetailView, ListView
from django_filters.views import FilterView

from .filters import OrganizationFilter, organization_rows
from .models import Continent, Country, Membership, Organization
from .pagination import IdsFirstPaginator
from .spreadsheet import neutralise

# Rows fetched per round trip while a download streams.
CHUNK_SIZE = 2000
# Language of an original name by country, for the `lang` attribute screen readers
# and hyphenation use. Only names with an English translation are not English;
# "-Latn" marks names the seed gives in Latin transliteration.
NAME_LANGUAGES = {
    **dict.fromkeys(["BE", "CG", "CI", "CM", "FR", "HT", "TG", "TN"], "fr"),
    **dict.fromkeys(["CL", "CO", "DO", "MX", "PA", "PE", "PY", "UY", "VE"], "es"),
    **dict.fromkeys(["BR", "PT"], "pt"),
    **dict.fromkeys(["CH", "DE", "LU"], "de"),
    **dict.fromkeys(["BY", "RU", "UA"], "ru-Latn"),
    "BA": "bs",
    "BG": "bg-Latn",
    "CZ": "cs",
    "GR": "el-Latn",
    "HU": "hu",
    "IR": "fa-Latn",
    "NL": "nl",
    "TR": "tr",
}


def registry_version(request, *args, **kwargs):
    """An ETag that changes whenever a public record changes, in one cheap query.

    Every write path records an entry in the edit history, so the newest history
    id of organizations, periods and countries moves with every save and delete;
    the number of organizations moves when a fixture load (which writes no
    history) adds some. Each part is an index lookup, cheap at any size.
    """
    quote = connection.ops.quote_name
    parts = [
        f"(SELECT MAX(history_id) FROM {quote(model.history.model._meta.db_table)})"
        for model in (Organization, Membership, Country)
    ]
    parts.append(f"(SELECT COUNT(*) FROM {quote(Organization._meta.db_table)})")
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {', '.join(parts)}")
        version = cursor.fetchone()
    return '"' + "-".join(str(part or 0) for part in version) + '"'


def public(view):
    """Anonymous, read-only pages: GET and HEAD only, cacheable for five minutes by
    shared caches, then revalidated with the registry's version as ETag."""
    view = condition(etag_func=registry_version)(view)
    view = cache_control(public=True, max_age=300)(view)
    return require_safe(view)


# What an export reads of each organization, straight from the database.
EXPORT_VALUES = {
    "slug": "slug",
    "name": "name",
    "abbreviation": "abbreviation",
    "english_name": "english_name",
    "country": "country__code",
    "country_name": "country__name",
    "continent": "country__continent",
    "member_since": "member_since",
    "member_until": "member_until",
}
# The keys of every exported organization, in order (CSV header, JSON objects).
EXPORT_KEYS = [*EXPORT_VALUES, "url"]


def organization_url(request):
    """A function from slug to the absolute URL of that organization's page.

    It reverses once: a reverse() per row would cost more than the rest of a
    100,000-row export together.
    """
    marker = "organization-slug"
    page = request.build_absolute_uri(reverse("members:organization-detail", args=[marker]))
    head, tail = page.split(marker)
    return lambda slug: f"{head}{slug}{tail}"


def export_rows(queryset, request):
    """The exported fields of each organization of `queryset`, streamed in chunks."""
    url = organization_url(request)
    rows = queryset.values(*EXPORT_VALUES.values()).iterator(chunk_size=CHUNK_SIZE)
    for values in rows:
        row = {key: values[field] for key, field in EXPORT_VALUES.items()}
        row["url"] = url(row["slug"])
        yield row


def organization_row(organization, request):
    """The exported fields of one organization (from `organization_rows()`)."""
    return {
        "slug": organization.slug,
        "name": organization.name,
        "abbreviation": organization.abbreviation,
        "english_name": organization.english_name,
        "country": organization.country.code,
        "country_name": organization.country.name,
        "continent": organization.country.continent,
        "member_since": organization.member_since,
        "member_until": organization.member_until,
        "url": request.build_absolute_uri(organization.get_absolute_url()),
    }


def filter_errors(filterset):
    """A 400 answer listing each bad parameter and what is wrong with it."""
    errors = {field: list(messages) for field, messages in filterset.errors.items()}
    return JsonResponse({"errors": errors}, status=400)


@method_decorator(public, name="dispatch")
class OrganizationListView(FilterView):
    filterset_class = OrganizationFilter
    template_name = "members/organization_list.html"
    paginator_class = IdsFirstPaginator
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


def joined(parts, size=CHUNK_SIZE // 4):
    """The strings of `parts` joined `size` at a time: a few hundred rows per chunk
    cost the response far less than one chunk per row, and memory stays flat."""
    batch = []
    for part in parts:
        batch.append(part)
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


class Echo:
    """A file-like object whose write() hands the line back, for streaming csv."""

    def write(self, value):
        return value


@public
def organization_csv(request):
    filterset = OrganizationFilter(request.GET)
    if not filterset.is_valid():
        return filter_errors(filterset)
    writer = csv.writer(Echo())

    def lines():
        yield writer.writerow(EXPORT_KEYS)
        for row in export_rows(filterset.qs, request):
            yield writer.writerow([neutralise(row[key]) for key in EXPORT_KEYS])

    response = StreamingHttpResponse(joined(lines()), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="icor-organizations.csv"'
    return response


@public
def organization_json(request):
    filterset = OrganizationFilter(request.GET)
    if not filterset.is_valid():
        return filter_errors(filterset)
    queryset = filterset.qs

    def chunks():
        yield f'{{"count": {queryset.count()}, "results": ['
        for number, row in enumerate(export_rows(queryset, request)):
            yield ("," if number else "") + json.dumps(row, ensure_ascii=False)
        yield "]}"

    return StreamingHttpResponse(joined(chunks()), content_type="application/json")


def organization_detail_rows():
    """One organization's row with its periods, oldest first, unknown starts first."""
    periods = Membership.objects.order_by(F("since_year").asc(nulls_first=True))
    return organization_rows().prefetch_related(Prefetch("memberships", queryset=periods))


def organization_data(organization, request):
    """Everything the organization page shows, as the JSON of `/organizations/<slug>.json`."""
    return {
        **organization_row(organization, request),
        "continent_name": organization.country.get_continent_display(),
        "updated_at": organization.updated_at.isoformat(),
        "memberships": [
            {
                "since_year": period.since_year,
                "until_year": period.until_year,
                "source": period.source,
                "note": period.note,
            }
            for period in organization.memberships.all()
        ],
    }


@method_decorator(public, name="dispatch")
class OrganizationDetailView(DetailView):
    queryset = organization_detail_rows()

    def get_context_data(self, **kwargs):
        organization = self.object
        return super().get_context_data(
            **kwargs,
            periods=organization.memberships.all(),
            name_lang=NAME_LANGUAGES.get(organization.country.code)
            if organization.english_name
            else None,
        )


@public
def organization_detail_json(request, slug):
    organization = get_object_or_404(organization_detail_rows(), slug=slug)
    return JsonResponse(
        organization_data(organization, request), json_dumps_params={"ensure_ascii": False}
    )


@method_decorator(public, name="dispatch")
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


@method_decorator(public, name="dispatch")
class CountryDetailView(DetailView):
    """One country and every organization of it, current or former."""

    slug_field = "code"
    slug_url_kwarg = "code"

    def get(self, request, *args, **kwargs):
        code = kwargs["code"]
        if code != code.lower():
            return redirect("members:country-detail", code.lower(), permanent=True)
        return super().get(request, *args, **kwargs)

    def get_object(self, queryset=None):
        return get_object_or_404(Country, code=self.kwargs["code"].upper())

    def get_context_data(self, **kwargs):
        organizations = organization_rows().filter(country=self.object).order_by("name", "pk")
        paginator = IdsFirstPaginator(organizations, settings.REGISTRY_PAGE_SIZE)
        page_obj = paginator.get_page(self.request.GET.get("page"))
        return super().get_context_data(
            **kwargs,
            page_obj=page_obj,
            page_range=paginator.get_elided_page_range(page_obj.number),
        )
