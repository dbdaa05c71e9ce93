"""The registry's languages in a real browser: the header's language menu keeps the
list's filters, Arabic reads right to left without widening a phone's screen, the pages
pass axe-core in German and Arabic, the offer of the reader's language leads to it, and
the admin speaks the editor's browser's language."""

import re

import pytest
from playwright.sync_api import expect

from .test_accessibility_browser import assert_no_violations
from .test_phone_browser import PHONE, SIDEWAYS_SCROLLERS

FILTERED = "/organizations/?country=tr&status=all"


def results(page):
    return page.get_by_role("table").locator("tbody tr")


def choose_language(page, name):
    """Open the header's language menu and follow the language called `name`."""
    page.locator(".language-menu > summary").click()
    page.locator(".language-menu").get_by_role("link", name=name, exact=True).click()


@pytest.fixture
def phone(page):
    page.set_viewport_size(PHONE)
    return page


def test_the_language_menu_keeps_the_filters(phone, seeded_server):
    phone.goto(seeded_server.url + FILTERED)
    expect(results(phone)).to_have_count(5)

    choose_language(phone, "Deutsch")

    expect(phone).to_have_url(seeded_server.url + "/de" + FILTERED)
    expect(phone.locator("html")).to_have_attribute("lang", "de")
    expect(results(phone)).to_have_count(5)

    choose_language(phone, "العربية")

    expect(phone).to_have_url(seeded_server.url + "/ar" + FILTERED)
    expect(phone.locator("html")).to_have_attribute("dir", "rtl")
    expect(results(phone)).to_have_count(5)

    choose_language(phone, "English")

    expect(phone).to_have_url(seeded_server.url + FILTERED)
    expect(phone.locator("html")).to_have_attribute("lang", "en")


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("path", ["/organizations/", "/organizations/tikb-tr/", "/"])
def test_a_translated_page_fits_a_phone_with_its_menu_open(phone, seeded_server, language, path):
    phone.goto(f"{seeded_server.url}/{language}{path}")
    phone.wait_for_load_state("networkidle")
    phone.locator(".language-menu > summary").click()

    menu = phone.locator(".language-menu ul")
    expect(menu).to_be_visible()
    box = menu.bounding_box()
    assert box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    assert phone.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    assert phone.evaluate(SIDEWAYS_SCROLLERS) == []


@pytest.mark.parametrize("language", ["de", "es", "fr", "pt", "tr", "ru", "ar"])
def test_the_header_stays_short_on_a_phone_in_every_language(phone, seeded_server, language):
    phone.goto(f"{seeded_server.url}/{language}/organizations/")

    # The site's name and the language on one line, the five links on the next.
    brand = phone.locator(".brand").bounding_box()
    summary = phone.locator(".language-menu > summary").bounding_box()
    assert abs((brand["y"] + brand["height"] / 2) - (summary["y"] + summary["height"] / 2)) < 8
    tops = {round(item.bounding_box()["y"]) for item in phone.locator(".site-nav li").all()}
    assert len(tops) == 1
    # Arabic mirrors the header: the name at the right, the language at the left.
    if language == "ar":
        assert summary["x"] < brand["x"]
    else:
        assert brand["x"] < summary["x"]
    # The first organization shows without scrolling.
    first = results(phone).first.get_by_role("link").first.bounding_box()
    assert first["y"] + first["height"] <= PHONE["height"]


@pytest.mark.parametrize("language", ["de", "ar"])
@pytest.mark.parametrize("menu", ["closed", "open"])
def test_the_list_passes_wcag_21_aa_on_a_phone_in_german_and_arabic(phone, seeded_server, language, menu):
    phone.goto(f"{seeded_server.url}/{language}/organizations/?continent=europe&status=all")
    if menu == "open":
        phone.locator(".language-menu > summary").click()

    assert_no_violations(phone)


def test_the_offer_of_the_readers_language_leads_to_it(browser, seeded_server):
    context = browser.new_context(locale="en-GB")
    page = context.new_page()
    page.goto(seeded_server.url + "/de" + FILTERED)

    offer = page.locator(".language-offer")
    expect(offer).to_have_attribute("lang", "en")
    offer.get_by_role("link").click()

    expect(page).to_have_url(seeded_server.url + FILTERED)
    expect(page.locator(".language-offer")).to_have_count(0)
    context.close()


def test_the_admin_signs_in_in_the_editors_language(browser, seeded_server):
    context = browser.new_context(locale="de-DE")
    page = context.new_page()
    page.goto(seeded_server.url + "/admin/login/")

    expect(page.locator("html")).to_have_attribute("lang", re.compile("^de"))
    expect(page.get_by_role("button", name="Anmelden")).to_be_visible()
    context.close()


def test_a_search_for_deutschland_finds_the_german_organizations(page, seeded_server):
    page.goto(seeded_server.url + "/de/organizations/")
    page.get_by_role("searchbox").first.fill("Deutschland")
    page.get_by_role("searchbox").first.press("Enter")
    expect(page).to_have_url(re.compile(r"/de/organizations/\?q=Deutschland"))
    # The MLPD's own name holds the word; the other is found by its country's name only.
    expect(results(page)).to_have_count(2)
    expect(results(page).nth(0)).to_contain_text("Marxistisch-Leninistische Partei Deutschlands")
    expect(results(page).nth(1)).to_contain_text("Sympathisanten der PFLP")
    for row in range(2):
        expect(results(page).nth(row).locator("td[data-label='Land']")).to_have_text("Deutschland")
