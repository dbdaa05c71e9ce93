"""The overview and about pages: figures, charts, their tables, caching."""

import gzip
import re
from html import unescape

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils import timezone

from members.models import Membership, Organization
from members.public import caching
from members.public.charts import bar_chart, nice_ticks, step_chart
from members.public.overview import period_spans, timeline_rows
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


def test_charts_are_labelled_with_a_title_and_description(client, seed):
    html = page(client)

    assert html.count('<svg role="group"') == 3
    assert '<title id="continent-chart-title">' in html
    assert '<title id="timeline-chart-title">' in html
    assert "2010: 31; 2011: 32;" in html
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

    # ETag; countries with their members (map, continents); periods grouped by their
    # years (timeline, joining years); the recent changes: where their window starts in
    # each of the three histories, the changes, the records they link to.
    with django_assert_num_queries(8):
        html = page(client)
    assert "<strong>363</strong> member organizations" in html
    assert "<strong>57</strong> countries" in html


def test_bar_widths_scale_to_the_largest_value():
    chart = bar_chart([("a", 10, "/a"), ("b", 5, "/b"), ("c", 0, "/c")])

    assert [bar.percent for bar in chart.bars] == [54, 27, 0]
    assert [bar.url for bar in chart.bars] == ["/a", "/b", ""]
    assert chart.bars[1].y > chart.bars[0].y
    assert chart.height > chart.bars[-1].y


def timeline(html):
    """(year, members, href) of each point of the membership-over-time chart."""
    svg = re.search(r'<svg[^>]*aria-labelledby="timeline-chart-title.*?</svg>', html, re.S).group(0)
    return [
        (int(year), int(count), unescape(href))
        for href, year, count in re.findall(
            r'<a href="([^"]+)"[^>]*><title>(\d+): (\d+) member organization', svg
        )
    ]


def test_timeline_counts_the_seed_members_of_each_year(client, seed):
    points = timeline(page(client))

    years = range(2010, timezone.now().year + 1)
    assert [year for year, _, _ in points] == list(years)
    # Nobody has left: each year adds that year's joiners to the years before.
    running = 0
    for year, count, href in points:
        running += SEED_JOINING_YEARS.get(year, 0)
        assert count == running
        assert href == f"{LIST}?year={year}&status=all"
    assert points[-1][1] == 63 - SEED_UNKNOWN_YEAR


@pytest.fixture
def histories(seed):
    """Members that left, left and rejoined within a year, or began in an unknown year."""
    peru = make_country("ZP", "Zeeland Peru", "latin-america")
    left = make_organization(peru, name="Left in 2013", since=2011, until=2013)
    rejoined = make_organization(peru, name="Rejoined in 2015", since=2012, until=2015)
    Membership.objects.create(organization=rejoined, since_year=2015)
    unknown_then_known = make_organization(peru, name="Unknown, then 2018", since=None, until=2014)
    Membership.objects.create(organization=unknown_then_known, since_year=2018)
    make_organization(peru, name="Left twice", since=2010, until=2011)
    Membership.objects.create(
        organization=Organization.objects.get(name="Left twice"), since_year=2013, until_year=2016
    )
    return [left, rejoined, unknown_then_known]


def test_timeline_counts_what_members_during_counts_in_every_year(client, histories):
    points = timeline(page(client))

    # One point a year, from ICOR's founding to this year.
    assert [year for year, _, _ in points] == list(range(2010, timezone.now().year + 1))
    for year, count, _ in points:
        assert count == Organization.objects.members_during(year).count(), year


def test_timeline_counts_a_rejoin_within_a_year_once(histories):
    spans = period_spans()
    rows = timeline_rows(spans, 2016)

    assert [(since, until) for since, until, _, rejoined in spans if rejoined] == [(2012, 2015)]
    counts = {row["year"]: row["organizations"] for row in rows}
    assert counts[2015] == Organization.objects.members_during(2015).count()


def test_timeline_places_unknown_starts_in_no_year(db):
    make_organization(name="Year unknown", since=None)
    make_organization(name="Joined 2012", since=2012)

    rows = timeline_rows(period_spans(), 2013)

    assert [(row["year"], row["organizations"]) for row in rows] == [
        (2010, 0), (2011, 0), (2012, 1), (2013, 1)
    ]


def test_unknown_joining_years_are_a_figure_of_their_own(client, seed):
    html = page(client)
    section = html[html.index('id="over-time"') : html.index('id="by-year"')]

    assert re.search(
        r"<strong>8</strong> current members joined in a year the sources do not give; "
        r"the chart counts them in no year\.",
        section,
    )


def test_timeline_table_lists_every_year_with_a_link(client, seed):
    rows = table_rows(page(client), "Member organizations in each year")

    assert rows[0] == ("2010", ["31"])
    assert rows[-1][0] == str(timezone.now().year)
    assert f'<a href="{LIST}?year=2016&amp;status=all">40</a>' in page(client)


def test_tables_behind_the_charts_are_folded_away(client, seed):
    html = page(client)

    for caption in [
        "Current member organizations and their countries, per continent",
        "Member organizations in each year",
        "Current member organizations by the year they joined",
    ]:
        before = html[: html.index(f"<caption>{caption}</caption>")]
        opened = before.rindex("<details")
        assert "</details>" not in before[opened:]


def test_step_chart_scales_to_a_round_grid_line():
    chart = step_chart([(2010, 31, "/a"), (2011, 32, "/b"), (2012, 0, "/c")])

    assert [value for value, _ in chart.ticks] == [0, 10, 20, 30, 40]
    assert [step.x for step in chart.steps] == [0, 33.33, 66.67]
    assert chart.steps[2].y == chart.baseline
    assert chart.steps[0].y < chart.baseline
    first, second, _ = chart.steps
    assert chart.risers == [(33.33, first.y, second.y), (66.67, second.y, chart.baseline)]
    assert chart.labels == [("2010", 0, "start")]


@pytest.mark.parametrize(
    "largest, ticks",
    [(0, [0, 1]), (3, [0, 1, 2, 3]), (63, [0, 20, 40, 60, 80]), (100_000, [0, 50_000, 100_000])],
)
def test_grid_lines_fall_on_round_numbers(largest, ticks):
    assert nice_ticks(largest) == ticks


def test_the_overview_weighs_under_60_kb_gzipped_with_its_css(client, seed):
    html = page(client)
    stylesheets = re.findall(r'<link rel="stylesheet" href="/static/([^"]+)"', html)

    assert stylesheets
    weight = len(gzip.compress(html.encode()))
    for name in stylesheets:
        weight += len(gzip.compress(open(finders.find(name), "rb").read()))
    assert weight < 60 * 1024


def test_about_page_tells_what_icor_is(client, db):
    html = page(client, "members:about")

    assert "founded on 6 October 2010" in html
    assert "dictatorship of the proletariat" in html
    assert "International League for People's Struggle (ILPS)" in html
    assert "Anti-Imperialist and Anti-Fascist United Front (AIAFUF)" in html
    assert "Kobanê" in html and "2015" in html


def test_about_page_counts_members_and_countries_from_the_registry(client, seed):
    Organization.objects.filter(country__code="LU").delete()

    html = page(client, "members:about")

    assert "more than 40 members; this registry lists" in html
    assert ">62 current member organizations</a> in 46 countries." in " ".join(html.split())


def test_about_page_dates_what_the_article_reported(client, db):
    html = " ".join(page(client, "members:about").split())

    assert (
        "Writing before 2021, the article reported that the front's formal launch was "
        "planned for early 2021" in html
    )
    assert (
        "As the article reported in 2015, volunteers from several countries were to build "
        "a new hospital" in html
    )
    assert "was planned for early 2021.</p>" not in html


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
    assert "Türkiye İhtilalci Komünistler Birliği (TİKB)</a> changed" in " ".join(section.split())
    assert 'href="/organizations/tikb-tr/"' in section
    assert admin_user.username not in section


def test_a_new_year_gives_a_new_etag(client, seed, monkeypatch):
    """The membership chart runs to the current year: on 1 January it grows a point."""
    etag = client.get(reverse("members:overview"))["ETag"]
    next_year = timezone.now().replace(year=timezone.now().year + 1)
    monkeypatch.setattr(caching.timezone, "now", lambda: next_year)
    response = client.get(reverse("members:overview"), headers={"if-none-match": etag})
    assert response.status_code == 200


def test_the_map_data_files_are_part_of_the_deploy():
    names = [name for name, _ in caching.deploy_files()]
    assert "data:public/data/countries-110m.json" in names
