"""The overview's world map and membership timeline in a real browser: each leads on."""

import re

from playwright.sync_api import expect

MAP = 'svg[aria-labelledby="map-title map-desc"]'
TIMELINE = 'svg[aria-labelledby="timeline-chart-title timeline-chart-desc"]'


def test_a_country_on_the_map_leads_to_its_page(page, seeded_server):
    page.goto(seeded_server.url + "/")

    page.locator(f'{MAP} a[href="/countries/de/"] path').click()

    expect(page).to_have_url(re.compile(r"/countries/de/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Germany")


def test_a_small_country_is_reached_through_its_dot(page, seeded_server):
    page.goto(seeded_server.url + "/")

    page.locator(f'{MAP} a[href="/countries/lu/"] circle').click()

    expect(page).to_have_url(re.compile(r"/countries/lu/$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Luxembourg")


def test_map_countries_are_named_links_the_keyboard_reaches(page, seeded_server):
    page.goto(seeded_server.url + "/")
    germany = page.get_by_role("link", name="Germany: 2 member organizations")

    # Tab from the link just before the map until Germany has the focus.
    page.get_by_role("link", name="Browse by country").focus()
    for _ in range(60):
        page.keyboard.press("Tab")
        if germany.evaluate("link => link === document.activeElement"):
            break
    expect(germany).to_be_focused()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/countries/de/$"))


def test_a_year_on_the_timeline_lists_the_members_of_that_year(page, seeded_server):
    page.goto(seeded_server.url + "/")
    point = page.locator(f'{TIMELINE} a[href*="year=2023"]')
    members = re.search(r"2023: (\d+) member", point.locator("title").text_content()).group(1)

    point.locator("circle").click()

    expect(page).to_have_url(re.compile(r"/organizations/\?year=2023&status=all$"))
    expect(page.locator(".result-count")).to_contain_text(f"{members} organizations found")


def test_the_map_fits_a_phone(page, seeded_server):
    page.set_viewport_size({"width": 360, "height": 740})
    page.goto(seeded_server.url + "/")

    box = page.locator(MAP).bounding_box()

    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    assert box["height"] > 100
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
