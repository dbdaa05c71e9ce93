"""The overview (home) and about pages."""

from django.conf import settings
from django.db.models import Count
from django.urls import reverse
from django.utils.http import urlencode
from django.views.generic import TemplateView

from ..models import Continent, Country, Organization
from .charts import bar_chart
from .recent import recent_changes


def list_url(**params):
    return f"{reverse('members:organization-list')}?{urlencode(params)}"


def continent_rows():
    """Current members and their countries per continent, all six in a fixed order.

    Counted per country (an index count each) and summed here: grouping the members
    by continent would join every one of them to its country.
    """
    counts = {}
    for country in Country.objects.with_member_counts().order_by():
        if country.members:
            row = counts.setdefault(country.continent, {"organizations": 0, "countries": 0})
            row["organizations"] += country.members
            row["countries"] += 1
    return [
        {
            "slug": continent.value,
            "name": continent.label,
            "organizations": counts.get(continent.value, {}).get("organizations", 0),
            "countries": counts.get(continent.value, {}).get("countries", 0),
            "url": list_url(continent=continent.value),
        }
        for continent in Continent
    ]


def joining_rows():
    """Current members by the year their membership began, every year of the range.

    Open periods are exactly the current members' periods (one each), and each is
    its organization's latest, so the stored copy is counted from an index. The
    unknown year is counted separately.
    """
    counts = dict(
        Organization.objects.current()
        .values_list("member_since")
        .annotate(organizations=Count("pk"))
        .order_by()
    )
    unknown = counts.pop(None, 0)
    years = range(min(counts), max(counts) + 1) if counts else []
    rows = [
        {
            "year": year,
            "organizations": counts.get(year, 0),
            "url": list_url(since_min=year, since_max=year),
        }
        for year in years
    ]
    return rows, unknown


class OverviewView(TemplateView):
    template_name = "members/overview.html"

    def get_context_data(self, **kwargs):
        continents = continent_rows()
        years, unknown_year = joining_rows()
        return super().get_context_data(
            members=sum(row["organizations"] for row in continents),
            countries=sum(row["countries"] for row in continents),
            continent_count=sum(1 for row in continents if row["organizations"]),
            continents=continents,
            continent_chart=bar_chart(
                (row["name"], row["organizations"], row["url"]) for row in continents
            ),
            years=years,
            unknown_year=unknown_year,
            year_chart=bar_chart(
                (row["year"], row["organizations"], row["url"]) for row in years
            ),
            recent_changes=recent_changes(),
            **kwargs,
        )


class AboutView(TemplateView):
    template_name = "members/about.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            corrections_email=settings.REGISTRY_CORRECTIONS_EMAIL, **kwargs
        )
