"""The list's facets on the seed: each option's number is what choosing it gives, the
total is the page's count, the active filters can each be removed, and the whole costs
the same few queries at any size."""

import json
from urllib.parse import parse_qs, urlsplit

import pytest
from django.db import connection
from django.http import QueryDict
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Country, Organization
from members.public.facets import Facets
from members.public.filters import OrganizationFilter

from .conftest import add_organizations, make_organization

LIST = reverse("members:organization-list")
JSON = reverse("members:organization-json")

# Filters alone and together, facet filters and the others (search, year).
COMBINATIONS = [
    "",
    "continent=europe",
    "country=tr",
    "continent=europe&country=tr",
    "continent=asia&country=tr",
    "status=all",
    "status=former",
    "since_min=2015",
    "since_min=2015&since_max=2019",
    "since_min=2023&since_max=2023&continent=latin-america",
    "q=partido",
    "q=komunist&continent=europe&status=all",
    "year=2015",
    "year=2015&continent=latin-america&since_max=2012",
    "year=2012&status=former",
]


@pytest.fixture
def registry(seed):
    """The seed with a former member, a member that left and rejoined, and an
    organization with no membership period."""
    turkey, france = Country.objects.get(code="TR"), Country.objects.get(code="FR")
    make_organization(turkey, name="Eski Parti", since=2011, until=2013)
    make_organization(france, name="Parti sans période", since=False)
    rejoined = make_organization(turkey, name="Dönen Parti", since=2011, until=2012)
    rejoined.memberships.create(since_year=2016)


def facets_of(query):
    filterset = OrganizationFilter(QueryDict(query))
    assert filterset.is_valid(), filterset.errors
    return Facets(filterset, LIST, QueryDict(query)), filterset


def count_of(url):
    """How many organizations the list at `url` (a link of the page) holds."""
    query = urlsplit(url).query
    filterset = OrganizationFilter(QueryDict(query))
    assert filterset.is_valid(), filterset.errors
    return filterset.qs.count()


@pytest.mark.parametrize("query", COMBINATIONS)
def test_the_total_is_the_number_of_organizations_the_filters_give(registry, query):
    facets, filterset = facets_of(query)
    assert facets.total == filterset.qs.count()


@pytest.mark.parametrize("query", COMBINATIONS)
def test_each_option_counts_what_choosing_it_gives(registry, query):
    facets, _ = facets_of(query)
    checked = 0
    for facet in facets.all():
        for option in facet["options"] + facet["more"]:
            if option["url"] is None:
                continue
            # A chosen option's link removes it; its number is the list as it is now.
            expected = facets.total if option["selected"] else count_of(option["url"])
            assert option["count"] == expected, (facet["name"], option)
            checked += 1
    assert checked


def test_options_are_the_values_present_with_the_other_filters(registry):
    facets, _ = facets_of("continent=europe")
    continent, country, status, joined = facets.all()
    # Every continent, with what it would give instead of Europe; Europe chosen.
    assert [(o["label"], o["count"], o["selected"]) for o in continent["options"]] == [
        ("Africa", 9, False), ("Asia", 10, False), ("Europe", 29, True),
        ("Latin America", 14, False), ("North America", 1, False), ("Oceania", 1, False),
    ]
    # Countries are narrowed to the chosen continent, most members first.
    names = [o["label"] for o in country["options"] + country["more"]]
    assert names[:3] == ["Turkey", "Czech Republic", "Russia"]
    assert len(names) == 17
    assert "Peru" not in names
    assert [o["label"] for o in country["options"]] == names[:10]
    assert [(o["label"], o["count"]) for o in status["options"]] == [
        ("Current members", 29), ("Former members", 1), ("All", 31),
    ]
    assert joined["options"][0] == {
        "label": "2010", "count": 14, "selected": False,
        "url": f"{LIST}?continent=europe&since_min=2010&since_max=2010",
    }


def test_the_chosen_continent_is_marked_and_its_link_removes_it(registry):
    facets, _ = facets_of("continent=europe&ordering=-since&page=2")
    [europe] = [o for o in facets.continent()["options"] if o["selected"]]
    assert europe == {"label": "Europe", "count": 29, "selected": True, "url": f"{LIST}?ordering=-since"}
    asia = facets.continent()["options"][1]
    # Choosing another keeps the other parameters and goes back to page 1.
    assert asia["url"] == f"{LIST}?continent=asia&ordering=-since"


def test_current_members_are_the_default_status_with_nothing_to_remove(registry):
    facets, _ = facets_of("")
    current, former, everyone = facets.status()["options"]
    assert current["selected"] and current["url"] is None
    assert former["url"] == f"{LIST}?status=former" and former["count"] == 1
    # All counts the organization with no period too.
    assert everyone["url"] == f"{LIST}?status=all" and everyone["count"] == 63 + 3


def test_a_chosen_status_links_back_to_current_members(registry):
    facets, _ = facets_of("status=former")
    current, former, _ = facets.status()["options"]
    assert current["url"] == LIST
    assert former["selected"] and former["url"] == LIST


def test_members_without_a_joining_year_are_counted_not_linked(registry):
    facets, _ = facets_of("")
    joined = facets.joined()
    assert (joined["options"] + joined["more"])[-1] == {"label": "Unknown", "count": 8, "selected": False, "url": None}


def test_a_chosen_year_links_to_the_range_removed(registry):
    facets, _ = facets_of("since_min=2023&since_max=2023")
    chosen = [o for o in facets.joined()["options"] + facets.joined()["more"] if o["selected"]]
    assert chosen == [{"label": "2023", "count": 5, "selected": True, "url": LIST}]


def test_each_active_filter_links_to_the_list_without_it(registry):
    facets, _ = facets_of(
        "q=partido&continent=latin-america&country=pe&since_min=2010&since_max=2015"
        "&year=2012&status=all&ordering=name&page=2"
    )
    removable = {active["label"]: parse_qs(urlsplit(active["url"]).query) for active in facets.removable()}
    everything = {"q", "continent", "country", "year", "status", "ordering", "since_min", "since_max"}
    assert {label: everything - set(query) for label, query in removable.items()} == {
        "Search: partido": {"q"},
        "Continent: Latin America": {"continent"},
        "Country: Peru": {"country"},
        "Joined 2010–2015": {"since_min", "since_max"},
        "Member during 2012": {"year"},
        "Status: All": {"status"},
    }
    # No link keeps the page: removing a filter starts again at page 1.
    assert all("page" not in query for query in removable.values())


@pytest.mark.parametrize(
    ("query", "label"),
    [
        ("since_min=2015", "Joined in or after 2015"),
        ("since_max=2015", "Joined in or before 2015"),
        ("since_min=2015&since_max=2015", "Joined in 2015"),
        ("status=former", "Status: Former members"),
        ("country=zz", "Country: ZZ"),
        ("wikidata=yes", "With a Wikidata identifier"),
        ("wikidata=no", "Without a Wikidata identifier"),
    ],
)
def test_active_filter_labels(registry, query, label):
    facets, _ = facets_of(query)
    assert [active["label"] for active in facets.removable()] == [label]


def test_no_active_filter_on_the_default_list(registry):
    facets, _ = facets_of("ordering=-since")
    assert facets.removable() == []


def test_a_facet_link_changes_its_parameter_in_place_and_keeps_the_others(registry):
    query = QueryDict("q=r%C3%A9volution+ouvri%C3%A8re&continent=europe&ordering=-since&page=3&q=b")
    filterset = OrganizationFilter(query)
    assert filterset.is_valid()
    facets = Facets(filterset, LIST, query)
    # What QueryDict gives for the same change, with the page left out.
    expected = query.copy()
    expected["continent"] = "asia"
    del expected["page"]
    assert facets.link(continent="asia") == f"{LIST}?{expected.urlencode()}"
    assert facets.link(continent="asia") == (
        f"{LIST}?q=r%C3%A9volution+ouvri%C3%A8re&q=b&continent=asia&ordering=-since"
    )
    assert facets.link(q=None, ordering=None, continent=None) == LIST
    assert facets.link(status="all") == (
        f"{LIST}?q=r%C3%A9volution+ouvri%C3%A8re&q=b&continent=europe&ordering=-since&status=all"
    )


def test_the_page_shows_the_facets_and_the_removable_filters(registry, client):
    html = client.get(LIST, {"continent": "europe"}).content.decode()
    assert '<h2 id="facets-title">Narrow the list</h2>' in html
    assert (
        f'<a href="{LIST}?continent=asia"><span class="facet-value">Asia</span> '
        '<span class="count">10</span></a>'
    ) in html
    assert (
        f'<a href="{LIST}" aria-current="true"><span class="facet-value">Europe'
        '<span class="visually-hidden"> (chosen: select to remove)</span></span> '
        '<span class="count">29</span></a>'
    ) in html
    assert f'<li><a href="{LIST}">Continent: Europe<span class="remove" aria-hidden="true">×</span>' in html
    assert "<summary>Filters <span class=\"summary-note\">(1 active)</span></summary>" in html


def test_an_option_count_is_what_the_json_download_counts(registry, client):
    facets, _ = facets_of("continent=europe")
    for option in facets.country()["options"]:
        data = json.loads(b"".join(client.get(JSON + "?" + urlsplit(option["url"]).query).streaming_content))
        assert data["count"] == option["count"]


# Cost: the same queries at any size


@pytest.mark.parametrize("query, parts", [
    ("", 1),
    ("country=tr&status=all&since_min=2012", 1),
    # With a year: members by their latest period, by an earlier one, and those it
    # could not place, each grouped, in one statement.
    ("q=party&year=2015&continent=europe", 3),
])
def test_the_facets_are_one_grouped_query_and_the_countries(
    registry, django_assert_num_queries, query, parts
):
    add_organizations(300, list(Country.objects.all()))
    filterset = OrganizationFilter(QueryDict(query))
    assert filterset.is_valid()
    with django_assert_num_queries(2) as captured:
        Facets(filterset, LIST, QueryDict(query)).all()
    grouped = captured.captured_queries[-1]["sql"]
    assert grouped.count("GROUP BY") == parts
    # The facets' own filters are left to Python: any value of them costs the same.
    for column in ('"continent"', '"code"', '"is_member" IN'):
        assert column not in grouped


def test_a_search_reads_the_matching_ids_then_groups_them(registry):
    filterset = OrganizationFilter(QueryDict("q=partido"))
    assert filterset.is_valid()
    with CaptureQueriesContext(connection) as captured:
        Facets(filterset, LIST, QueryDict("q=partido"))
    grouped = captured.captured_queries[-1]["sql"]
    assert '"members_organization"."id" IN (SELECT' in grouped
    assert grouped.count("LIKE") == 1


def test_the_list_with_facets_costs_the_same_with_many_more_rows(registry, client, django_assert_num_queries):
    url = f"{LIST}?continent=europe&country=tr&status=all&since_min=2010&q=parti"
    with django_assert_num_queries(4):
        assert client.get(url).status_code == 200
    add_organizations(500, list(Country.objects.all()))
    assert Organization.objects.count() > 560
    with django_assert_num_queries(4):
        response = client.get(url)
    assert response.status_code == 200


# The cache: counted once per version of the registry and set of narrowing filters


def facet_counts(client, url):
    """The page's total and each facet's options with their numbers, as shown."""
    context = client.get(url).context
    return context["paginator"].count, [
        [(option["label"], option["count"]) for option in facet["options"] + facet["more"]]
        for facet in context["facets"]
    ]


def test_the_same_list_again_reads_its_facets_from_the_cache(registry, client, django_assert_num_queries):
    url = f"{LIST}?country=tr&status=all"
    first = facet_counts(client, url)
    # Sorted otherwise (a page of its own, not yet rendered): the ETag and the page's
    # rows; the countries and the grouped count are kept.
    with django_assert_num_queries(2) as captured:
        again = facet_counts(client, f"{url}&ordering=-name")
    assert again == first
    assert not [query for query in captured.captured_queries if "GROUP BY" in query["sql"]]
    # Another facet value counts from the same groups; another search is counted anew.
    with django_assert_num_queries(2):
        client.get(f"{LIST}?continent=europe")
    with django_assert_num_queries(3):
        client.get(f"{LIST}?q=parti")


def test_an_edit_is_counted_at_once(registry, client):
    url = f"{LIST}?country=tr&status=all"
    total, facets = facet_counts(client, url)
    make_organization(Country.objects.get(code="TR"), name="Yeni Parti", since=2011)
    after_edit = facet_counts(client, url)
    # One more in its continent, its country, current members, all, and joined in 2011.
    grown = {"Europe", "Turkey", "Current members", "All", "2011"}
    assert after_edit == (
        total + 1, [[(label, count + (label in grown)) for label, count in facet] for facet in facets]
    )
    # Removing a period (a cascade of the organization's delete) counts too.
    Organization.objects.get(name="Yeni Parti").delete()
    assert facet_counts(client, url) == (total, facets)


def test_searches_are_counted_apart(registry, client):
    partido, _ = facet_counts(client, f"{LIST}?q=partido&status=all")
    komunist, _ = facet_counts(client, f"{LIST}?q=komunist&status=all")
    assert partido == Organization.objects.search("partido").count()
    assert komunist == Organization.objects.search("komunist").count()
    assert partido != komunist
