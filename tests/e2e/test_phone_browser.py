"""The public pages on a phone (360 × 740 px) in a real browser: nothing wider than the
screen, the member list as cards under a folded "Filters" disclosure, countries as lists."""

import re

import pytest
from playwright.sync_api import expect

from members.models import Organization

PHONE = {"width": 360, "height": 740}
PUBLIC_PAGES = [
    "/",
    "/organizations/",
    "/organizations/?q=partido&continent=latin-america&status=all&since_min=2010",
    "/organizations/?country=Atlantis",
    "/organizations/tikb-tr/",
    "/countries/",
    "/countries/tr/",
    "/about/",
    "/changes/",
    "/data/",
]
# Elements whose content is wider than their box and that scroll it sideways.
SIDEWAYS_SCROLLERS = """
() => [...document.querySelectorAll("body *")]
  .filter((element) => ["auto", "scroll"].includes(getComputedStyle(element).overflowX)
    && element.scrollWidth > element.clientWidth + 1)
  .map((element) => element.outerHTML.slice(0, 80))
"""


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_public_page_is_wider_than_a_phone(phone, seeded_server, path):
    phone.goto(seeded_server.url + path)
    phone.wait_for_load_state("networkidle")

    assert phone.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    assert phone.evaluate(SIDEWAYS_SCROLLERS) == []


def test_the_member_list_shows_a_card_per_organization(phone, seeded_server):
    phone.goto(seeded_server.url + "/organizations/?q=tikb")

    card = phone.get_by_role("table").locator("tbody tr").first
    assert card.evaluate("row => getComputedStyle(row).display") == "block"
    box = card.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    expect(card.get_by_role("link", name="Türkiye İhtilalci Komünistler Birliği")).to_be_visible()
    expect(card.get_by_text("Union of Revolutionary Communists of Turkey")).to_be_visible()
    for label, value in [("Abbreviation", "TİKB"), ("Country", "Turkey"), ("Member since", "2010")]:
        cell = card.locator(f'td[data-label="{label}"]')
        expect(cell).to_be_visible()
        expect(cell).to_have_text(value)
        # Each value is named on the card, as the table's heading names it on a wide screen.
        assert cell.evaluate("cell => getComputedStyle(cell, '::before').content") == f'"{label}: "'
    expect(card.locator('td[data-label="Continent"]')).to_be_hidden()


@pytest.mark.parametrize("path", ["/organizations/", "/organizations/?continent=europe&since_min=2012"])
def test_the_first_result_is_on_the_first_screen_with_the_filters_folded(phone, seeded_server, path):
    phone.goto(seeded_server.url + path)

    panel = phone.locator("details.filter-panel")
    expect(panel).not_to_have_attribute("open", re.compile(".*"))
    expect(phone.get_by_label("Search")).to_be_hidden()
    # The first organization's name, at least, shows without scrolling.
    first = phone.get_by_role("table").locator("tbody tr").first.get_by_role("link").first
    box = first.bounding_box()
    assert box["y"] + box["height"] <= PHONE["height"]


def test_the_filters_unfold_and_a_facet_narrows_the_list(phone, seeded_server):
    phone.goto(seeded_server.url + "/organizations/")

    phone.locator("details.filter-panel > summary").click()
    expect(phone.get_by_label("Search")).to_be_visible()
    phone.get_by_role("link", name=re.compile(r"^Asia\b")).click()

    expect(phone.locator(".result-count")).to_contain_text("10 organizations found")
    expect(phone.get_by_role("list", name="Active filters")).to_contain_text("Continent: Asia")


def test_a_form_error_opens_the_filters(phone, seeded_server):
    phone.goto(seeded_server.url + "/organizations/?country=Atlantis")

    expect(phone.get_by_text("No country is called “Atlantis”")).to_be_visible()


def test_on_a_wide_screen_the_filters_stand_open_beside_the_list(page, seeded_server):
    page.set_viewport_size({"width": 1280, "height": 800})
    page.goto(seeded_server.url + "/organizations/")

    expect(page.locator("details.filter-panel > summary")).to_be_hidden()
    expect(page.get_by_label("Search")).to_be_visible()
    expect(page.get_by_role("heading", name="Narrow the list")).to_be_visible()
    panel = page.locator("details.filter-panel").bounding_box()
    table = page.get_by_role("table").bounding_box()
    assert panel["x"] + panel["width"] < table["x"]
    # Keyboard users reach the fields too.
    page.get_by_label("Search").focus()
    expect(page.get_by_label("Search")).to_be_focused()


def test_the_countries_page_is_a_list_per_continent_with_linked_counts(phone, seeded_server):
    phone.goto(seeded_server.url + "/countries/")

    lists = phone.locator("ul.country-counts")
    expect(lists).to_have_count(6)
    turkey = lists.locator("li").filter(has=phone.get_by_role("link", name="Turkey", exact=True))
    count = turkey.locator("a.count")
    expect(count).to_have_accessible_name("5 current members in Turkey")
    count.click()

    expect(phone).to_have_url(re.compile(r"/organizations/\?country=tr$"))
    expect(phone.locator(".result-count")).to_contain_text("5 organizations found")


def test_the_organization_page_has_no_empty_note_column(phone, seeded_server):
    phone.goto(seeded_server.url + "/organizations/tikb-tr/")

    periods = phone.get_by_role("table", name="Membership periods of TİKB")
    expect(periods.locator('td[data-label="Source"]')).to_be_visible()
    expect(periods.locator('td[data-label="Note"]')).to_have_count(0)


@pytest.mark.parametrize("path", ["/", "/organizations/", "/data/"])
def test_the_header_menu_is_one_line_on_a_phone(phone, seeded_server, path):
    phone.goto(seeded_server.url + path)

    items = phone.locator(".site-nav li")
    expect(items).to_have_count(5)
    tops = {round(box["y"]) for box in (item.bounding_box() for item in items.all())}
    assert len(tops) == 1


def test_a_long_website_does_not_widen_the_organization_page(phone, seeded_server):
    long = "https://www.example-organization-with-a-long-domain-name.org/" + "path/" * 20
    Organization.objects.filter(slug="tikb-tr").update(website=long)
    phone.goto(seeded_server.url + "/organizations/tikb-tr/")

    expect(phone.get_by_role("link", name=long)).to_be_visible()
    assert phone.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
