"""The overview and about pages: figures, charts, their tables, caching."""

import re
from html import unescape

import pytest
from django.urls import reverse

from members.models import Organization
from members.public.charts import bar_chart
from tests.conftest import add_organizations, make_country, make_organization

# Worked out from the seed table: the year each current member joined.
SEED_JOINING_YEARS = {
    2010: 31, 2011: 1, 2012: 2, 2013: 0, 2014: 1, 2015: 1, 2016: 4,
    2017: 0, 2018: 3, 2019: 4, 2020: 2, 2021: 1, 2022: 0, 2023: 5,
}
SEED_UNKNOWN_YEAR = 8
SEED_CONTINENTS = {
    "africa": ("Africa", 9),
    "asia": ("Asia", 10),
    "europe": ("Europe", 28),
    "latin-america": ("Latin America", 14),
    "north-america": ("North America", 1),
    "oceania": ("Oceania", 1),
}
LIST = "/organizations/"


def page(client, name="members:overview"):
    response = client.get(reverse(name))
    assert response.status_code == 200
    return response.content.decode()


def svg_links(html, chart_id):
    """The (href, bar value) pairs of the chart whose title has `chart_id`."""
    svg = re.search(rf'<svg[^>]*aria-labelledby="{chart_id}.*?</svg>', html, re.S).group(0)
    return [
        (unescape(href), int(value))
        for href, value in re.findall(
            r'<a href="([^"]+)"[^>]*>.*?class="chart-value"[^>]*>(\d+)</text>', svg, re.S
        )
    ]


def table_rows(html, caption):
    """(header cell, data cells) of each body row of the table with `caption`."""
    table = re.search(rf"<table[^>]*>\s*<caption>{caption}</caption>.*?</table>", html, re.S)
    body = re.search(r"<tbody>(.*?)</tbody>", table.group(0), re.S).group(1)
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        head = re.search(r"<th[^>]*>(.*?)</th>", row, re.S).group(1)
        cells = [re.sub(r"<[^>]+>", "", cell).strip() for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        rows.append((head.strip(), cells))
    return rows


def test_overview_shows_the_seed_figures(client, seed):
    html = page(client)

    assert "<strong>63</strong> member organizations" in html
    assert "<strong>47</strong> countries" in html
    assert "<strong>6</strong> continents" in html


def test_continent_chart_has_one_linked_bar_per_continent(client, seed):
    html = page(client)

    assert svg_links(html, "continent-chart-title") == [
        (f"{LIST}?continent={slug}", count) for slug, (_, count) in SEED_CONTINENTS.items()
    ]


def test_year_chart_links_every_year_with_members_into_the_list(client, seed):
    html = page(client)

    assert svg_links(html, "year-chart-title") == [
        (f"{LIST}?since_min={year}&since_max={year}", count)
        for year, count in SEED_JOINING_YEARS.items()
        if count
    ]


def test_year_chart_says_how_many_joined_in_an_unknown_year(client, seed):
    html = page(client)

    assert "8 members joined in a year the sources do not give" in html


def test_charts_are_images_with_a_title_and_description(client, seed):
    html = page(client)

    assert html.count('<svg role="img"') == 2
    assert '<title id="continent-chart-title">' in html
    assert "<desc id=\"continent-chart-desc\">Africa: 9; Asia: 10; Europe: 28;" in html
    assert '<title id="year-chart-title">' in html
    assert "2023: 5; year unknown: 8." in html


def test_continent_table_lists_members_and_countries(client, seed):
    rows = table_rows(page(client), "Current member organizations and their countries, per continent")

    assert [(head, cells[0]) for head, cells in rows] == [
        (name, str(count)) for name, count in SEED_CONTINENTS.values()
    ]
    assert sum(int(cells[1]) for _, cells in rows) == 47


def test_year_table_lists_every_year_and_the_unknown_ones(client, seed):
    rows = table_rows(page(client), "Current member organizations by the year they joined")

    expected = [(str(year), [str(count)]) for year, count in SEED_JOINING_YEARS.items()]
    assert rows == [*expected, ("Unknown", [str(SEED_UNKNOWN_YEAR)])]


def test_table_counts_link_into_the_list(client, seed):
    html = page(client)

    assert f'<a href="{LIST}?continent=latin-america">14</a>' in html
    assert f'<a href="{LIST}?since_min=2010&amp;since_max=2010">31</a>' in html


def test_former_members_are_not_counted(client, db):
    togo = make_country("TG", "Togo", "africa")
    make_organization(togo, name="Parti Communiste du Togo", since=2016)
    make_organization(togo, name="Ancien Parti", since=2011, until=2014)

    html = page(client)

    assert "<strong>1</strong> member organizations" in html
    assert svg_links(html, "year-chart-title") == [(f"{LIST}?since_min=2016&since_max=2016", 1)]


def test_an_empty_registry_shows_zeros(client, db):
    html = page(client)

    assert "<strong>0</strong> member organizations" in html
    assert svg_links(html, "continent-chart-title") == []
    assert 'aria-labelledby="year-chart-title' not in html


def test_overview_runs_a_fixed_number_of_queries(client, seed, django_assert_num_queries):
    countries = [
        make_country(f"Q{letter}", f"Land {letter}", "asia") for letter in "ABCDEFGHIJ"
    ]
    add_organizations(300, countries, since=lambda i: 2010 + i % 14)

    # ETag, continents, joining years, and the recent changes to organizations and periods.
    with django_assert_num_queries(5):
        html = page(client)
    assert "<strong>363</strong> member organizations" in html
    assert "<strong>57</strong> countries" in html


def test_bar_widths_scale_to_the_largest_value():
    chart = bar_chart([("a", 10, "/a"), ("b", 5, "/b"), ("c", 0, "/c")])

    assert [bar.percent for bar in chart.bars] == [54, 27, 0]
    assert [bar.url for bar in chart.bars] == ["/a", "/b", ""]
    assert chart.bars[1].y > chart.bars[0].y
    assert chart.height > chart.bars[-1].y


def test_about_page_tells_what_icor_is(client, db):
    html = page(client, "members:about")

    assert "founded on 6 October 2010" in html
    assert "dictatorship of the proletariat" in html
    assert "International League for People's Struggle (ILPS)" in html
    assert "Anti-Imperialist and Anti-Fascist United Front (AIAFUF)" in html
    assert "Kobanê" in html and "2015" in html


def test_about_page_attributes_the_source_as_its_licence_asks(client, db):
    html = page(client, "members:about")

    assert (
        'href="https://en.wikipedia.org/wiki/'
        'International_Coordination_of_Revolutionary_Parties_and_Organizations"' in html
    )
    assert "International Coordination of Revolutionary Parties and Organizations</a>" in html
    assert 'href="https://creativecommons.org/licenses/by-sa/4.0/"' in html
    assert "data is derived from" in html


def test_about_page_says_where_to_send_corrections(client, db, settings):
    settings.REGISTRY_CORRECTIONS_EMAIL = "fixes@registry.example"

    html = page(client, "members:about")

    assert '<a href="mailto:fixes@registry.example">fixes@registry.example</a>' in html


@pytest.mark.parametrize("name", ["members:overview", "members:about"])
def test_every_page_names_the_source_and_licence_in_its_footer(client, db, name):
    footer = page(client, name).split('<footer class="site-footer">')[1]

    assert "Wikipedia article" in footer
    assert "CC BY-SA 4.0" in footer


@pytest.mark.parametrize(
    "name, label", [("members:overview", "Overview"), ("members:about", "About")]
)
def test_navigation_marks_the_current_page(client, db, name, label):
    html = page(client, name)

    assert re.findall(r'<a href="[^"]+" aria-current="page">([^<]+)</a>', html) == [label]


@pytest.mark.parametrize("name", ["members:overview", "members:about"])
def test_pages_can_be_cached_publicly(client, seed, name):
    response = client.get(reverse(name))

    assert "public" in response["Cache-Control"]
    assert re.search(r"max-age=\d+", response["Cache-Control"])
    assert response["ETag"]


@pytest.mark.parametrize("name", ["members:overview", "members:about"])
def test_an_unchanged_page_answers_304(client, seed, name):
    etag = client.get(reverse(name))["ETag"]

    response = client.get(reverse(name), headers={"if-none-match": etag})

    assert response.status_code == 304
    assert response.content == b""


def test_an_edit_changes_the_overview_etag(client, seed):
    etag = client.get(reverse("members:overview"))["ETag"]
    Organization.objects.filter(country__continent="oceania").delete()

    response = client.get(reverse("members:overview"), headers={"if-none-match": etag})

    assert response.status_code == 200
    assert "<strong>62</strong> member organizations" in response.content.decode()


@pytest.mark.parametrize("name", ["members:overview", "members:about"])
def test_head_is_answered(client, db, name):
    response = client.head(reverse(name))

    assert response.status_code == 200


@pytest.mark.parametrize("name", ["members:overview", "members:about"])
@pytest.mark.parametrize("method", ["post", "put", "delete", "patch"])
def test_pages_refuse_writes(client, db, name, method):
    response = getattr(client, method)(reverse(name))

    assert response.status_code == 405
    assert sorted(response["Allow"].split(", ")) == ["GET", "HEAD"]


def test_pages_carry_no_inline_styles_or_scripts(client, seed):
    for name in ["members:overview", "members:about"]:
        html = page(client, name)
        assert " style=" not in html
        assert "<script" not in html


def test_overview_lists_recent_changes_without_who_made_them(client, seed, admin_user):
    organization = Organization.objects.get(slug="tikb-tr")
    organization._history_user = admin_user
    organization.english_name = "Union of Revolutionary Communists in Turkey"
    organization.save()

    html = page(client)
    section = html[html.index('id="recent-changes"') :]
    assert "Türkiye İhtilalci Komünistler Birliği (TİKB)</a>\n      changed" in section
    assert 'href="/organizations/tikb-tr/"' in section
    assert admin_user.username not in section
