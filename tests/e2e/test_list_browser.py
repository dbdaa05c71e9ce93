"""A visitor looks for parties in a real browser: search, narrow, sort, open, download."""

import csv
import re

import pytest
from playwright.sync_api import expect

EXPORT_HEADER = [
    "slug", "name", "abbreviation", "english_name", "country", "country_name",
    "continent", "member_since", "member_until", "url",
]


def search(page, text):
    page.get_by_label("Search").fill(text)
    page.get_by_role("button", name="Show").click()


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
    page.get_by_label("Country code").fill("tr")
    page.get_by_role("button", name="Show").click()
    expect(page.locator(".result-count")).to_contain_text("3 organizations found")
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
