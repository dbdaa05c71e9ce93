"""The public pages and downloads, on the seed: 63 current members in 47 countries."""

import csv
import io
import json

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members import derived, history
from members.models import Country, Membership, Organization
from members.public import caching

from .conftest import make_country, make_organization

EXPORT_KEYS = [
    "slug",
    "name",
    "abbreviation",
    "english_name",
    "country",
    "country_name",
    "continent",
    "member_since",
    "member_until",
    "url",
    "website",
    "wikidata",
]
LIST = reverse("members:organization-list")
CSV = reverse("members:organization-csv")
JSON = reverse("members:organization-json")


def body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def csv_rows(response):
    return list(csv.DictReader(io.StringIO(body(response))))


def add_many_organizations(count=120):
    """More organizations than a page holds, in new countries, each with two periods
    (2010–2011, then 2015 on), written in bulk as code writes them."""
    country = make_country(code="XA", name="Testland", continent="oceania")
    organizations = [Organization(country=country, name=f"Test Party {number}",
                                  slug=f"test-party-{number}") for number in range(count)]
    for organization in organizations:
        derived.fill_text(organization)
    organizations = history.create(Organization, organizations, "test")
    history.create(Membership, [
        Membership(organization=organization, since_year=since, until_year=until)
        for organization in organizations for since, until in ((2010, 2011), (2015, None))
    ], "test")
    derived.write_latest_period(Organization.objects.filter(country=country))
    make_country(code="XB", name="Emptyland", continent="asia")


def current_etag(client, url):
    return client.get(url)["ETag"]


# The member list


def test_list_shows_the_current_members_and_their_count(seed, client):
    response = client.get(LIST)
    assert response.status_code == 200
    assert response.context["paginator"].count == 63
    html = body(response)
    assert "<strong>63</strong> organizations found" in html
    # 100 a page: the seed's members fit on one.
    assert html.count('<th scope="row">') == 63
    assert 'aria-label="Pages"' not in html


def test_list_row_has_name_english_name_country_continent_and_year(seed, client):
    html = body(client.get(LIST, {"country": "tr", "q": "tikb"}))
    assert "Türkiye İhtilalci Komünistler Birliği" in html
    assert "Union of Revolutionary Communists of Turkey" in html
    assert ">TİKB<" in html
    assert f'<a href="{reverse("members:country-detail", args=["tr"])}">Turkey</a>' in html
    assert '<td data-label="Continent" class="secondary">Europe</td>' in html
    assert '<td data-label="Member since" class="number">2010</td>' in html


def test_form_keeps_the_chosen_values(seed, client):
    html = body(client.get(LIST, {"q": "partido", "continent": "latin-america", "year": "2015"}))
    assert 'name="q" value="partido"' in html
    assert '<option value="latin-america" selected>' in html
    assert 'name="year" value="2015"' in html
    for label in ("Search", "Continent", "Country", "Member during year", "Status", "Sort by"):
        assert f">{label}:</label>" in html


def test_no_filter_renders_a_select_over_a_table(seed, client):
    html = body(client.get(LIST))
    assert '<input type="text" name="country"' in html
    assert '<select name="country"' not in html


def test_year_says_how_many_members_it_could_not_place(seed, client):
    html = body(client.get(LIST, {"year": "2012"}))
    assert "<strong>34</strong> organizations found" in html
    assert "8 members could not be placed in 2012 because their joining year is unknown" in html


def test_year_combined_with_continent_counts_only_that_continent(seed, client):
    html = body(client.get(LIST, {"year": "2015", "continent": "latin-america"}))
    assert "<strong>8</strong> organizations found" in html
    assert "2 members could not be placed in 2015" in html


def test_without_year_no_unplaced_sentence(seed, client):
    assert "could not be placed" not in body(client.get(LIST, {"continent": "asia"}))


def test_empty_result_says_so_and_offers_to_clear(seed, client):
    response = client.get(LIST, {"q": "no such party anywhere"})
    html = body(response)
    assert response.status_code == 200
    assert "<strong>0</strong> organizations found" in html
    assert "No organization matches these filters" in html
    assert f'<a href="{LIST}">Clear the filters</a>' in html
    assert "<table" not in html


def test_sort_headers_keep_the_filters_and_toggle_direction(seed, client):
    html = body(client.get(LIST, {"continent": "europe", "ordering": "since", "page": "2"}))
    assert '<th scope="col" aria-sort="ascending"><a href="?continent=europe&amp;ordering=-since">' in html
    # Sorting by name is the default: its link leaves `ordering` out.
    assert '<a href="?continent=europe">Name</a>' in html
    assert '<a href="?continent=europe&amp;ordering=country">Country</a>' in html


def test_sorted_descending_by_since(seed, client):
    response = client.get(LIST, {"ordering": "-since"})
    first = response.context["page_obj"].object_list[0]
    assert first["member_since"] == 2023
    html = body(response)
    assert 'aria-sort="descending"' in html


def test_pagination_keeps_the_filters(seed, client, settings):
    settings.REGISTRY_PAGE_SIZE = 10
    response = client.get(LIST, {"continent": "europe", "ordering": "-since"})
    html = body(response)
    assert response.context["paginator"].num_pages == 3
    assert '<a href="?continent=europe&amp;ordering=-since&amp;page=2" rel="next">Next</a>' in html
    last = client.get(LIST, {"continent": "europe", "ordering": "-since", "page": "3"})
    assert len(last.context["page_obj"].object_list) == 8
    assert '<a href="?continent=europe&amp;ordering=-since&amp;page=2" rel="prev">' in body(last)
    second = body(client.get(LIST, {"continent": "europe", "ordering": "-since", "page": "2"}))
    assert '<a href="?continent=europe&amp;ordering=-since" rel="prev">Previous</a>' in second


def test_pages_do_not_repeat_or_skip_rows(seed, client, settings):
    settings.REGISTRY_PAGE_SIZE = 10
    seen = []
    for page in range(1, 8):
        # Page 1 is answered by a redirect to the address without `page`.
        response = client.get(LIST, {"ordering": "since", "page": page}, follow=True)
        seen += [organization["slug"] for organization in response.context["page_obj"].object_list]
    assert len(seen) == len(set(seen)) == 63


@pytest.mark.parametrize(
    ("page", "shown"),
    [("99", 7), ("8", 7), ("abc", 1), ("0", 1), ("-3", 1), ("2.5", 1), ("", 1), ("3", 3)],
)
def test_a_page_out_of_range_or_not_a_number_shows_the_nearest_page(seed, client, settings, page, shown):
    settings.REGISTRY_PAGE_SIZE = 10
    response = client.get(LIST, {"page": page, "status": "all"}, follow=True)
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown
    assert f'<span aria-current="page">{shown}</span>' in body(response)


def test_the_last_page_past_the_end_still_lists_its_rows(seed, client, settings):
    settings.REGISTRY_PAGE_SIZE = 10
    response = client.get(LIST, {"page": "99"})
    assert len(response.context["page_obj"].object_list) == 3
    assert "Organizations, page 7 of 7" in body(response)


def test_downloads_have_no_pages(seed, client, settings):
    settings.REGISTRY_PAGE_SIZE = 10
    assert len(csv_rows(client.get(CSV, {"page": "99"}))) == 63
    assert json.loads(body(client.get(JSON, {"page": "abc"})))["count"] == 63


@pytest.mark.parametrize(
    ("params", "wording"),
    [
        ({"q": "tikb"}, "Download this 1 organization as"),
        ({"country": "fr"}, "Download these 2 organizations as"),
        ({}, "Download these 63 organizations as"),
    ],
)
def test_download_links_say_how_many_in_good_english(seed, client, params, wording):
    html = body(client.get(LIST, params))
    assert f"{wording} CSV</a>" in html
    assert f"{wording} JSON</a>" in html


# Parameters as the page's links write them


@pytest.mark.parametrize(
    ("query", "clean"),
    [
        ("q=&continent=europe&country=&since_min=&since_max=&year=&status=&ordering=", "?continent=europe"),
        ("q=&continent=&country=&status=", ""),
        ("q=partido&page=&ordering=-since", "?q=partido&ordering=-since"),
        ("country=Turkey", "?country=tr"),
        ("continent=europe&country=t%C3%BCrkey&q=", "?continent=europe&country=tr"),
        ("country=CZECH+REPUBLIC", "?country=cz"),
        # What the form sends for status and sort when left alone.
        ("q=partido&status=current&ordering=name", "?q=partido"),
        ("continent=europe&page=1", "?continent=europe"),
    ],
)
def test_empty_parameters_and_country_names_redirect_to_the_clean_address(seed, client, query, clean):
    response = client.get(f"{LIST}?{query}")
    assert response.status_code == 302
    assert response["Location"] == LIST + clean
    assert client.get(response["Location"]).status_code == 200


@pytest.mark.parametrize("query", ["", "continent=europe", "country=TR", "country=tr&q=partisi"])
def test_a_clean_address_is_answered_at_once(seed, client, query):
    assert client.get(f"{LIST}?{query}").status_code == 200


def test_a_country_name_costs_one_query_before_the_redirect(seed, client, django_assert_num_queries):
    add_many_organizations()
    # ETag, the countries the name is looked up in.
    with django_assert_num_queries(2):
        assert client.get(LIST, {"country": "Testland"})["Location"] == f"{LIST}?country=xa"


def test_a_country_typed_by_name_finds_what_its_code_finds(seed, client):
    by_name = json.loads(body(client.get(JSON, {"country": "turkey"})))
    by_code = json.loads(body(client.get(JSON, {"country": "tr"})))
    assert by_name["count"] == by_code["count"] == 5
    assert by_name == by_code
    assert len(csv_rows(client.get(CSV, {"country": "Turkey"}))) == 5


def test_an_unknown_country_name_is_an_error_not_an_empty_list(seed, client):
    response = client.get(LIST, {"country": "Turk", "continent": "europe"})
    assert response.status_code == 400
    html = body(response)
    assert "No country is called “Turk”" in html
    assert "0 organizations found" not in html
    # The form is open to show the error.
    assert '<details class="filter-panel" open>' in html
    assert json.loads(body(client.get(JSON, {"country": "Atlantis"})))["errors"]["country"]


def test_download_links_carry_the_filters_but_not_the_page(seed, client, settings):
    settings.REGISTRY_PAGE_SIZE = 10
    html = body(client.get(LIST, {"continent": "europe", "page": "2"}))
    assert f'href="{CSV}?continent=europe"' in html
    assert f'href="{JSON}?continent=europe"' in html


def test_bad_values_show_errors_beside_the_form(seed, client):
    response = client.get(LIST, {"year": "abc", "continent": "mars", "since_min": "2019", "since_max": "2015"})
    assert response.status_code == 400
    html = body(response)
    assert '<ul class="errorlist" id="id_year_error"><li>Enter a whole number.</li></ul>' in html
    assert "mars is not one of the available choices" in html
    assert "The end of the range cannot be before its start (2019)." in html
    assert 'aria-invalid="true"' in html
    assert "<table" not in html


def test_a_name_with_markup_shows_as_text(seed, client):
    organization = make_organization(
        Country.objects.get(code="TR"), name="<script>alert(1)</script>", english_name="<b>bold</b>"
    )
    for url in (LIST + "?q=script", organization.get_absolute_url(), reverse("members:country-detail", args=["tr"])):
        html = body(client.get(url))
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
        assert "<script>alert(1)" not in html
        assert "<b>bold</b>" not in html


# Downloads


def test_csv_has_the_header_and_every_filtered_row(seed, client):
    response = client.get(CSV)
    assert response.status_code == 200
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="icor-organizations.csv"'
    text = body(response)
    assert text.splitlines()[0] == ",".join(EXPORT_KEYS)
    rows = list(csv.DictReader(io.StringIO(text)))
    # The whole result, not one page of 50.
    assert len(rows) == 63


def test_csv_row_content(seed, client):
    [row] = csv_rows(client.get(CSV, {"q": "tikb"}))
    assert row == {
        "slug": "tikb-tr",
        "name": "Türkiye İhtilalci Komünistler Birliği",
        "abbreviation": "TİKB",
        "english_name": "Union of Revolutionary Communists of Turkey",
        "country": "TR",
        "country_name": "Turkey",
        "continent": "europe",
        "member_since": "2010",
        "member_until": "",
        "url": "http://testserver/organizations/tikb-tr/",
        "website": "",
        "wikidata": "",
    }


def test_csv_is_utf8(seed, client):
    response = client.get(CSV, {"q": "tikb"})
    raw = b"".join(response.streaming_content)
    assert "Türkiye İhtilalci".encode() in raw


def test_csv_neutralises_formulas(seed, client):
    make_organization(Country.objects.get(code="TR"), name="=HYPERLINK(1)", abbreviation="-ML")
    [row] = csv_rows(client.get(CSV, {"q": "hyperlink"}))
    assert row["name"] == "'=HYPERLINK(1)"
    assert row["abbreviation"] == "'-ML"


def test_csv_follows_the_filters_and_ordering(seed, client):
    rows = csv_rows(client.get(CSV, {"continent": "europe", "since_min": "2018", "ordering": "-since"}))
    assert len(rows) == 7
    assert [row["member_since"] for row in rows] == ["2023", "2023", "2021", "2020", "2019", "2018", "2018"]


def test_json_has_count_and_every_filtered_row(seed, client):
    response = client.get(JSON)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = json.loads(body(response))
    assert data["count"] == 63
    assert len(data["results"]) == 63
    assert all(list(result) == EXPORT_KEYS for result in data["results"])


def test_json_row_content(seed, client):
    data = json.loads(body(client.get(JSON, {"country": "PE", "ordering": "since"})))
    assert data["count"] == 4
    assert [result["member_since"] for result in data["results"]] == [2010, 2010, 2023, None]
    last = data["results"][-1]
    assert last["slug"] == "bdp-pe"
    assert last["member_until"] is None
    assert last["url"] == "http://testserver/organizations/bdp-pe/"


def test_json_of_an_empty_result(seed, client):
    assert json.loads(body(client.get(JSON, {"q": "zzzz"}))) == {"count": 0, "results": []}


@pytest.mark.parametrize("url", [CSV, JSON])
@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"year": "abc"}, "year"),
        ({"continent": "mars"}, "continent"),
        ({"status": "x"}, "status"),
        ({"ordering": "foo"}, "ordering"),
        ({"country": "xyz"}, "country"),
        ({"since_min": "2019", "since_max": "2015"}, "since_max"),
        ({"year": "99999999999999999999999"}, "year"),
    ],
)
def test_bad_values_answer_400_with_the_field_errors(seed, client, url, params, field):
    response = client.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    errors = json.loads(response.content)["errors"]
    assert list(errors) == [field]
    assert all(isinstance(message, str) for message in errors[field])


def test_every_bad_value_is_reported_at_once(seed, client):
    response = client.get(JSON, {"year": "abc", "continent": "mars", "status": "x", "ordering": "foo"})
    assert response.status_code == 400
    assert set(json.loads(response.content)["errors"]) == {"year", "continent", "status", "ordering"}


# The organization page


def test_organization_page(seed, client):
    response = client.get(reverse("members:organization-detail", args=["tikb-tr"]))
    assert response.status_code == 200
    html = body(response)
    assert '<h1 lang="tr">Türkiye İhtilalci Komünistler Birliği</h1>' in html
    assert "Union of Revolutionary Communists of Turkey" in html
    assert "<dd>TİKB</dd>" in html
    assert '<a href="/countries/tr/">Turkey</a>' in html
    assert f'<a href="{LIST}?continent=europe">Europe</a>' in html
    assert "references [9]–[15]" in html
    assert '<time datetime="2026-11-28T00:00:00+00:00">28 November 2026</time>' in html
    assert f'href="{reverse("members:organization-detail-json", args=["tikb-tr"])}"' in html


def test_an_english_name_gets_no_lang_attribute(seed, client):
    html = body(client.get(reverse("members:organization-detail", args=["cpk-ke"])))
    assert "<h1>Communist Party of Kenya</h1>" in html


def test_organization_page_lists_every_period_with_source_and_note(seed, client):
    organization = make_organization(
        Country.objects.get(code="TR"), name="Dönen Parti", since=2011, until=2013
    )
    Membership.objects.create(
        organization=organization, since_year=2016, source="Congress report 2016", note="Rejoined."
    )
    html = body(client.get(organization.get_absolute_url()))
    assert html.index(">2011<") < html.index(">2016<")
    assert ">2013<" in html
    assert "Congress report 2016" in html
    assert "Rejoined." in html
    assert '<th scope="col">Note</th>' in html


def test_organization_page_has_no_note_column_when_no_period_has_a_note(seed, client):
    html = body(client.get(reverse("members:organization-detail", args=["tikb-tr"])))
    assert '<th scope="col">Source</th>' in html
    assert "Note" not in html


@pytest.mark.parametrize(
    ("periods", "status"),
    [
        ([(2011, None)], "Current member"),
        ([(2011, 2013), (2016, 2019)], "Former member"),
        ([], "No membership recorded"),
    ],
)
def test_organization_page_says_whether_it_is_a_member(seed, client, periods, status):
    organization = make_organization(Country.objects.get(code="TR"), name="Dönen Parti", since=False)
    for since, until in periods:
        Membership.objects.create(organization=organization, since_year=since, until_year=until)
    html = body(client.get(organization.get_absolute_url()))
    assert f"<dt>Status</dt>\n  <dd>{status}</dd>" in html


def test_organization_json(seed, client):
    response = client.get(reverse("members:organization-detail-json", args=["pr-ba"]))
    assert response.status_code == 200
    data = json.loads(response.content)
    assert list(data)[: len(EXPORT_KEYS)] == EXPORT_KEYS
    assert data["name"] == "Partija Rada - ByH"
    assert data["member_since"] is None
    assert data["updated_at"] == "2026-11-28T00:00:00+00:00"
    assert data["memberships"][0]["since_year"] is None
    assert data["memberships"][0]["until_year"] is None
    assert "Wikipedia" in data["memberships"][0]["source"]


@pytest.mark.parametrize("name", ["members:organization-detail", "members:organization-detail-json"])
def test_unknown_organization_is_not_found(seed, client, name):
    assert client.get(reverse(name, args=["no-such-party"])).status_code == 404


# Countries


def test_country_list_groups_countries_by_continent_with_member_counts(seed, client):
    response = client.get(reverse("members:country-list"))
    assert response.status_code == 200
    continents = response.context["continents"]
    assert [continent["name"] for continent in continents] == [
        "Africa",
        "Asia",
        "Europe",
        "Latin America",
        "North America",
        "Oceania",
    ]
    assert sum(len(continent["countries"]) for continent in continents) == 47
    assert sum(country.members for c in continents for country in c["countries"]) == 63
    html = body(response)
    assert '<h2 id="continent-latin-america">Latin America</h2>' in html
    assert "<table" not in html


def test_country_list_counts_are_links_to_the_list_of_that_country(seed, client):
    html = body(client.get(reverse("members:country-list")))
    assert (
        '<li><a href="/countries/tr/">Turkey</a>\n'
        f'    <a class="count" href="{LIST}?country=tr">5<span class="visually-hidden"> current members in Turkey</span></a></li>'
    ) in html
    assert f'<a href="{LIST}?continent=europe">28 current members in Europe</a>' in html
    assert f'<a href="{LIST}?continent=north-america">1 current member in North America</a>' in html


def test_country_list_counts_only_current_members(seed, client):
    make_organization(Country.objects.get(code="TR"), name="Eski Parti", since=2011, until=2013)
    response = client.get(reverse("members:country-list"))
    turkey = next(c for g in response.context["continents"] for c in g["countries"] if c.code == "TR")
    assert turkey.members == 5


def test_country_page_lists_its_organizations(seed, client):
    response = client.get(reverse("members:country-detail", args=["pe"]))
    assert response.status_code == 200
    html = body(response)
    assert "<h1>Peru</h1>" in html
    assert html.count('<th scope="row">') == 4
    assert "Bloque Democratico Popular" in html
    assert '<td data-label="Member since" class="number">unknown</td>' in html


def test_country_page_is_paginated(seed, client, settings):
    settings.REGISTRY_PAGE_SIZE = 2
    response = client.get(reverse("members:country-detail", args=["pe"]), {"page": "2"})
    html = body(response)
    assert html.count('<th scope="row">') == 2
    assert "3–4 of 4" in html
    # Page 1 is the address without `page`.
    assert '<a href="?" rel="prev">Previous</a>' in html


@pytest.mark.parametrize(("page", "shown"), [("99", 2), ("abc", 1), ("0", 1)])
def test_country_page_out_of_range_shows_the_nearest_page(seed, client, settings, page, shown):
    settings.REGISTRY_PAGE_SIZE = 2
    response = client.get(reverse("members:country-detail", args=["pe"]), {"page": page})
    assert response.status_code == 200
    assert response.context["page_obj"].number == shown


def test_country_code_in_upper_case_redirects_to_lower(seed, client):
    response = client.get("/countries/PE/")
    assert response.status_code == 301
    assert response["Location"] == "/countries/pe/"


def test_unknown_country_is_not_found(seed, client):
    assert client.get("/countries/xx/").status_code == 404
    assert client.get("/countries/turkey/").status_code == 404


# Read-only and cacheable

PAGES = [
    LIST,
    CSV,
    JSON,
    reverse("members:organization-detail", args=["tikb-tr"]),
    reverse("members:organization-detail-json", args=["tikb-tr"]),
    reverse("members:country-list"),
    reverse("members:country-detail", args=["tr"]),
]


@pytest.mark.parametrize("url", PAGES)
def test_no_page_accepts_a_post(seed, client, url):
    assert client.post(url).status_code == 405


@pytest.mark.parametrize("url", PAGES)
def test_head_is_answered(seed, client, url):
    assert client.head(url).status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_pages_are_cacheable_and_revalidate(seed, client, url):
    response = client.get(url)
    assert response["Cache-Control"] == "public, max-age=300"
    etag = response["ETag"]
    assert client.get(url, HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_a_change_gives_a_new_etag(seed, client):
    before = current_etag(client, LIST)
    organization = Organization.objects.get(slug="tikb-tr")
    organization.english_name = "Union of Revolutionary Communists of Türkiye"
    organization.save()
    after = current_etag(client, LIST)
    assert after != before
    assert client.get(LIST, HTTP_IF_NONE_MATCH=before).status_code == 200


def test_a_deletion_gives_a_new_etag(seed, client):
    before = current_etag(client, LIST)
    Organization.objects.get(slug="tikb-tr").delete()
    assert current_etag(client, LIST) != before


def test_a_fixture_load_gives_a_new_etag(db, client):
    before = current_etag(client, LIST)
    call_command("loaddata", "icor_members", verbosity=0)
    assert current_etag(client, LIST) != before


def test_loading_a_changed_record_gives_a_new_etag(seed, client, tmp_path):
    fixture = tmp_path / "correction.json"
    tikb = {
        "name": "Türkiye İhtilalci Komünistler Birliği",
        "abbreviation": "TİKB",
        "english_name": "Union of Revolutionary Communists of Türkiye",
        "country": ["TR"],
        "slug": "tikb-tr",
        "created_at": "2026-11-28T00:00:00Z",
        "updated_at": "2026-11-29T00:00:00Z",
    }
    fixture.write_text(json.dumps([{"model": "members.organization", "fields": tikb}]))
    before = current_etag(client, LIST)
    call_command("loaddata", fixture, verbosity=0)
    assert current_etag(client, LIST) != before


def test_a_new_deploy_gives_a_new_etag(seed, client, monkeypatch):
    before = current_etag(client, LIST)
    monkeypatch.setattr(caching, "deploy_salt", lambda: "the-next-deploy")
    assert current_etag(client, LIST) != before
    assert client.get(LIST, HTTP_IF_NONE_MATCH=before).status_code == 200


@pytest.fixture
def fresh_deploy_salt():
    """The deploy salt worked out again, before and after the test."""
    caching.deploy_salt.cache_clear()
    yield caching.deploy_salt
    caching.deploy_salt.cache_clear()


def test_a_changed_template_or_static_file_changes_the_deploy_salt(
    settings, tmp_path, fresh_deploy_salt
):
    templates, static = tmp_path / "templates", tmp_path / "static"
    templates.mkdir(), static.mkdir()
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "DIRS": [*settings.TEMPLATES[0]["DIRS"], templates]}]
    settings.STATICFILES_DIRS = [*settings.STATICFILES_DIRS, static]
    salts = [fresh_deploy_salt()]
    for changed in (templates / "members" / "new.html", static / "css" / "new.css"):
        changed.parent.mkdir()
        changed.write_text("/* new */")
        fresh_deploy_salt.cache_clear()
        salts.append(fresh_deploy_salt())
    assert len(set(salts)) == 3


def test_every_public_page_has_the_same_etag(seed, client):
    etags = {current_etag(client, url) for url in [*PAGES, "/", reverse("members:about")]}
    assert len(etags) == 1


@pytest.mark.parametrize("url", [*PAGES, "/", reverse("members:about")])
def test_a_signed_in_user_gets_private_answers_that_are_never_stale(
    seed, client, django_user_model, url
):
    client.force_login(django_user_model.objects.create_user("editor"))
    response = client.get(url)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"
    # A shared cache keeps public answers apart from answers to a signed-in user.
    assert "Cookie" in response["Vary"]


def test_the_etag_is_one_query_reading_one_row_of_each_history(
    seed, rf, django_assert_num_queries
):
    request = rf.get(LIST)
    with django_assert_num_queries(1):
        caching.registry_etag(request)
        # Asked again during the same request (the facets' cache key), it is not read again.
        caching.registry_etag(request)
    add_many_organizations()
    with django_assert_num_queries(1) as captured:
        caching.registry_etag(rf.get(LIST))
    [query] = captured.captured_queries
    # The newest id of each history, read from the end of its primary key's index:
    # no count, no filter, no grouping.
    assert query["sql"].count("MAX(") == 3
    for clause in ("COUNT(", "WHERE", "GROUP BY"):
        assert clause not in query["sql"]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {query['sql']}")
            plan = [row[-1] for row in cursor.fetchall()]
        assert not [step for step in plan if step.startswith("SCAN")], plan


# Query budgets: fixed whatever the number of rows


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # ETag, countries, the facets' grouped count (which also gives the page's
        # total: it replaced the count), page.
        (LIST, 4),
        (LIST + "?continent=oceania&q=party&ordering=-since&since_min=2010", 4),
        # ETag, countries, facets (which also count the members it could not place), page.
        (LIST + "?year=2016&status=all", 4),
        # ETag only: the form errors need no rows.
        (LIST + "?year=abc", 1),
        # ETag, rows.
        (CSV, 2),
        # ETag, count, rows.
        (JSON, 3),
        (reverse("members:country-list"), 2),
        # ETag, country, count and page of its organizations.
        (reverse("members:country-detail", args=["tr"]), 4),
    ],
)
def test_query_count_does_not_grow_with_rows(seed, client, django_assert_num_queries, url, queries):
    with django_assert_num_queries(queries):
        assert len(body(client.get(url))) > 0
    add_many_organizations()
    with django_assert_num_queries(queries):
        assert len(body(client.get(url))) > 0


def test_downloads_with_many_rows_still_carry_every_row(seed, client):
    add_many_organizations()
    assert len(csv_rows(client.get(CSV, {"status": "all"}))) == 63 + 120
    assert json.loads(body(client.get(JSON, {"country": "xa"})))["count"] == 120


@pytest.mark.parametrize("name", ["members:organization-detail", "members:organization-detail-json"])
def test_organization_page_runs_at_most_five_queries(seed, client, django_assert_max_num_queries, name):
    add_many_organizations()
    organization = Organization.objects.get(name="Test Party 7")
    with django_assert_max_num_queries(5) as captured:
        assert client.get(reverse(name, args=[organization.slug])).status_code == 200
    # ETag, the organization with its country, its periods.
    assert len(captured) == 3


@pytest.mark.parametrize(
    "params",
    [
        # Sorting by name is the default: its address has no `ordering` (test above).
        {"ordering": column} if column != "name" else {}
        for column in ("name", "-name", "abbreviation", "-abbreviation", "country", "-country",
                       "since", "-since")
    ]
    + [{"continent": "europe"}, {"country": "tr"}, {"q": "partisi"}, {"since_min": "2012"},
       {"status": "all"}, {"continent": "europe", "ordering": "-since"}, {"page": "2", "status": "all"}],
)
def test_every_benchmarked_list_runs_four_queries_whatever_the_number_of_rows(
    seed, client, django_assert_num_queries, params
):
    add_many_organizations()
    # ETag, countries, the facets' one grouped count (also the total), then the page:
    # its ids and rows in one statement.
    with django_assert_num_queries(4):
        assert client.get(LIST, params).status_code == 200


def test_a_page_reads_its_rows_by_id_without_repeating_the_filters(seed, client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(LIST, {"q": "partisi", "ordering": "-since"}).status_code == 200
    page = queries.captured_queries[-1]["sql"]
    # The search runs once, inside the subquery that finds the page's ids.
    assert " IN (SELECT " in page
    assert page.count("LIKE") == 1
