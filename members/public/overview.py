"""The overview (home) and about pages."""

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.views.generic import TemplateView

from ..models import Continent, Country, Membership, Organization
from ..validators import FOUNDING_YEAR
from .charts import bar_chart, step_chart
from .recent import recent_changes
from .worldmap import world_map


def list_url(**params):
    return f"{reverse('members:organization-list')}?{urlencode(params)}"


def continent_rows(countries):
    """Current members and their countries per continent, all six in a fixed order.

    Summed here from `countries`, each with its count of current members (an index
    count each, see `with_member_counts`): grouping the members by continent would
    join every one of them to its country. The map reads the same countries.
    """
    counts = {}
    for country in countries:
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


def period_spans():
    """(joining year, leaving year, periods, rejoined) for each pair of years that
    occurs; None stands for an unknown start or an open end.

    `rejoined` counts the closed periods whose organization joined again in the year
    it left: both of its periods cover that year, and `members_during` counts it once.
    One grouped query whatever the size of the registry, read in the order of the
    periods' (since_year, until_year, organization) index; only the closed periods
    look for a next one, through the unique (organization, since_year) index.
    """
    again = Membership.objects.filter(
        organization=OuterRef("organization"), since_year=OuterRef("until_year")
    ).exclude(pk=OuterRef("pk"))
    closed = Q(since_year__isnull=False, until_year__isnull=False)
    return list(
        Membership.objects.order_by()
        .values_list("since_year", "until_year")
        .annotate(periods=Count("pk"), rejoined=Count("pk", filter=closed & Q(Exists(again))))
    )


def joining_rows(spans):
    """Current members by the year their membership began, every year of the range,
    and how many began in a year the sources do not give.

    A current member has exactly one open period (a database constraint), so the open
    periods count the current members.
    """
    counts = {}
    for since, until, periods, _ in spans:
        if until is None:
            counts[since] = counts.get(since, 0) + periods
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


def timeline_rows(spans, last_year):
    """Member organizations in each year from ICOR's founding to `last_year`, as
    `Organization.objects.members_during(year)` counts them: a period covers the years
    from its start to its end (to today while open).

    A period of unknown start is placed in no year. The periods of an organization do
    not overlap (periods.py) except where it left and rejoined within a year, so that
    year is taken off the earlier period and each organization is counted once.

    Each year links to its list with every status: a former member was a member then.
    """
    return [
        {
            "year": year,
            "organizations": sum(
                periods - (rejoined if until == year else 0)
                for since, until, periods, rejoined in spans
                if since is not None and since <= year and (until is None or until >= year)
            ),
            "url": list_url(year=year, status="all"),
        }
        for year in range(FOUNDING_YEAR, last_year + 1)
    ]


class OverviewView(TemplateView):
    template_name = "members/overview.html"

    def get_context_data(self, **kwargs):
        countries = list(Country.objects.with_member_counts().order_by())
        continents = continent_rows(countries)
        spans = period_spans()
        years, unknown_year = joining_rows(spans)
        timeline = timeline_rows(spans, timezone.now().year)
        return super().get_context_data(
            members=sum(row["organizations"] for row in continents),
            countries=sum(row["countries"] for row in continents),
            continent_count=sum(1 for row in continents if row["organizations"]),
            world_map=world_map(countries),
            continents=continents,
            continent_chart=bar_chart(
                (row["name"], row["organizations"], row["url"]) for row in continents
            ),
            timeline=timeline,
            timeline_chart=step_chart(
                (row["year"], row["organizations"], row["url"]) for row in timeline
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
    """What ICOR is, in the source's words with their dates; the registry's own
    figures from the database; where to send corrections."""

    template_name = "members/about.html"

    def get_context_data(self, **kwargs):
        current = Organization.objects.current()
        return super().get_context_data(
            # Two index counts: distinct countries over every member would read each row.
            members=current.count(),
            countries=Country.objects.filter(
                Exists(current.filter(country=OuterRef("pk")))
            ).count(),
            corrections_email=settings.REGISTRY_CORRECTIONS_EMAIL,
            **kwargs,
        )
