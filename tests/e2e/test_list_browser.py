"""A visitor looks for parties in a real browser: search, narrow by facets, sort, open,
download."""

import csv
import re
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import expect

EXPORT_HEADER = [
    "slug", "name", "abbreviation", "english_name", "country", "country_name",
    "continent", "member_since", "member_until", "url", "website", "wikidata",
]


def search(page, text):
    page.get_by_label("Search").fill(text)
    page.get_by_role("button", name="Search").click()


def body_rows(page):
    return page.get_by_role("table").locator("tbody tr")


@pytest.mark.parametrize(
    "typed, party",
    [
        ("komunisticka", "Komunistická Strana Československa – Československá Strana Práce"),
        ("union proletarienne", "Union Prolétarienne Marxiste Léniniste"),
    ],
)
def test_a_half_remembered_name_without_accents_finds_the_party(page, seeded_server, typed, party):
    page.goto(seeded_server.url + "/organizations/")

    search(page, typed)

    expect(page.locator(".result-count")).to_contain_text("1 organization found")
    expect(body_rows(page)).to_have_count(1)
    page.get_by_role("link", name=party).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(party)


def test_a_visitor_narrows_sorts_opens_and_downloads(page, seeded_server, tmp_path):
    page.goto(seeded_server.url + "/organizations/")

    # Half a word, no accents: the Bulgarian, Czech and Turkish parties all match.
    search(page, "komunist")
    expect(page.locator(".result-count")).to_contain_text("7 organizations found")

    page.get_by_label("Continent").select_option(label="Europe")
    page.get_by_label("Country").fill("tr")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".result-count")).to_contain_text("3 organizations found")
    # The form's empty fields are dropped from the address.
    expect(page).to_have_url(re.compile(r"/organizations/\?q=komunist&continent=europe&country=tr$"))
    expect(page.get_by_label("Search")).to_have_value("komunist")
    expect(page.get_by_label("Continent")).to_have_value("europe")

    # Sorting by joining year: first click ascending, second click descending.
    page.get_by_role("link", name="Member since").click()
    expect(page).to_have_url(re.compile(r"ordering=since(&|$)"))
    expect(body_rows(page).locator("td.number")).to_have_text(["2010", "2010", "2019"])
    page.get_by_role("link", name="Member since").click()
    expect(page).to_have_url(re.compile(r"ordering=-since(&|$)"))
    expect(body_rows(page).locator("td.number")).to_have_text(["2019", "2010", "2010"])
    expect(body_rows(page).first).to_contain_text("TKP-ML")

    body_rows(page).first.get_by_role("link").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Türkiye Komünist Partisi-Marksist-Leninist"
    )
    expect(page.get_by_text("Communist Party of Turkey-Marxist–Leninist")).to_be_visible()

    page.go_back()
    with page.expect_download() as download_info:
        page.get_by_role("link", name=re.compile("as CSV")).click()
    path = tmp_path / "download.csv"
    download_info.value.save_as(path)

    with path.open(encoding="utf-8", newline="") as file:
        rows = list(csv.reader(file))
    assert rows[0] == EXPORT_HEADER
    assert [(row[2], row[4], row[7]) for row in rows[1:]] == [
        ("TKP-ML", "TR", "2019"),
        ("MLKP", "TR", "2010"),
        ("TİKB", "TR", "2010"),
    ]


def json_count(page, url):
    """The count the JSON download gives for the filters of `url`, a link of the list."""
    query = urlsplit(url).query
    return page.request.get(f"{page.url.split('/organizations/')[0]}/organizations.json?{query}").json()["count"]


def facet_options(page):
    """(facet, label, count, href) of every option of every facet on the page that a
    visitor can choose (a chosen one links to its removal instead)."""
    found = []
    for facet in page.locator(".facet").all():
        name = facet.get_by_role("heading").inner_text()
        for link in facet.locator("li > a:not([aria-current])").all():
            label = link.locator(".facet-value").evaluate("node => node.firstChild.textContent")
            count = int(link.locator(".count").text_content())
            found.append((name, label, count, link.get_attribute("href")))
    return found


@pytest.mark.parametrize("start", ["/organizations/", "/organizations/?continent=europe&status=all"])
def test_every_facet_count_is_what_the_json_download_counts(page, seeded_server, start):
    page.goto(seeded_server.url + start)

    options = facet_options(page)

    assert {name for name, *_ in options} == {"Continent", "Country", "Status", "Joined"}
    for name, label, count, href in options:
        assert json_count(page, href) == count, (name, label)


@pytest.mark.parametrize(
    ("facet", "option", "found"),
    [("Continent", "Asia", 10), ("Country", "Turkey", 5), ("Status", "All", 63), ("Joined", "2023", 5)],
)
def test_choosing_a_facet_option_lists_as_many_as_it_said(page, seeded_server, facet, option, found):
    page.goto(seeded_server.url + "/organizations/")
    section = page.locator(".facet").filter(has=page.get_by_role("heading", name=facet, exact=True))
    link = section.locator("li > a").filter(has_text=option).first
    expect(link.locator(".count")).to_have_text(str(found))

    link.click()

    expect(page.locator(".result-count")).to_contain_text(f"{found} organization")
    chosen = page.locator(".facet").filter(has=page.get_by_role("heading", name=facet, exact=True))
    expect(chosen.locator("a[aria-current]")).to_contain_text(option)


def test_the_country_facet_lists_the_countries_of_the_chosen_continent(page, seeded_server):
    page.goto(seeded_server.url + "/organizations/?continent=latin-america")

    countries = [label for name, label, *_ in facet_options(page) if name == "Country"]

    assert countries[0] == "Peru"
    assert "Turkey" not in countries
    assert len(countries) == 11


def test_each_active_filter_is_a_link_that_removes_it(page, seeded_server):
    start = "/organizations/?q=partido&continent=latin-america&since_min=2010&status=all"
    page.goto(seeded_server.url + start)
    filters = page.get_by_role("list", name="Active filters").get_by_role("link")
    expect(filters).to_have_text([
        re.compile("^Search: partido"), re.compile("^Continent: Latin America"),
        re.compile("^Joined in or after 2010"), re.compile("^Status: All"),
    ])

    filters.filter(has_text="Continent: Latin America").click()

    expect(page).to_have_url(re.compile(r"/organizations/\?q=partido&since_min=2010&status=all$"))
    count = int(page.locator(".result-count strong").inner_text())
    assert count == json_count(page, page.url)
    page.get_by_role("link", name="Clear all filters").click()
    expect(page).to_have_url(re.compile(r"/organizations/$"))
    expect(page.locator(".result-count")).to_contain_text("63 organizations found")


def test_a_country_typed_by_name_is_found_and_the_address_keeps_its_code(page, seeded_server):
    page.goto(seeded_server.url + "/organizations/")

    page.get_by_label("Continent").select_option(label="Europe")
    page.get_by_label("Country").fill("Turkey")
    page.get_by_role("button", name="Show").click()

    expect(page).to_have_url(re.compile(r"/organizations/\?continent=europe&country=tr$"))
    expect(page.locator(".result-count")).to_contain_text("5 organizations found")
    expect(page.get_by_role("list", name="Active filters")).to_contain_text("Country: Turkey")
