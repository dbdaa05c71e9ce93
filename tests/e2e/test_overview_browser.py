"""The overview in a real browser: its charts lead into the list."""

import re

import pytest
from playwright.sync_api import expect


def test_a_continent_bar_leads_to_the_list_of_that_continent(page, seeded_server):
    page.goto(seeded_server.url + "/")
    chart = page.locator("figure.chart").filter(has=page.locator("#continent-chart-title"))

    chart.locator('a[href$="continent=europe"] rect').click()

    expect(page).to_have_url(re.compile(r"/organizations/\?continent=europe$"))
    expect(page.get_by_label("Continent")).to_have_value("europe")
    expect(page.locator(".result-count")).to_contain_text("28 organizations found")


def test_a_year_bar_leads_to_the_members_that_joined_that_year(page, seeded_server):
    page.goto(seeded_server.url + "/")
    chart = page.locator("figure.chart").filter(has=page.locator("#year-chart-title"))

    chart.locator("a", has_text="2023").locator("rect").click()

    expect(page).to_have_url(re.compile(r"/organizations/\?since_min=2023&since_max=2023$"))
    expect(page.locator(".result-count")).to_contain_text("5 organizations found")


def test_the_skip_link_is_the_first_stop_for_the_keyboard(page, seeded_server):
    page.goto(seeded_server.url + "/")

    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    skip.press("Enter")
    expect(page).to_have_url(re.compile(r"#main$"))


@pytest.mark.parametrize("path", ["/", "/about/", "/organizations/"])
def test_pages_fit_a_phone_without_sideways_scrolling(page, seeded_server, path):
    page.set_viewport_size({"width": 360, "height": 740})

    page.goto(seeded_server.url + path)

    page_width = page.evaluate("document.documentElement.scrollWidth")
    assert page_width <= 360
    expect(page.get_by_role("navigation", name="Main")).to_be_visible()


def test_the_overview_reads_without_javascript(browser, seeded_server):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()

    page.goto(seeded_server.url + "/")

    expect(page.get_by_role("heading", level=1)).to_have_text("ICOR member organizations")
    page.get_by_text("Members and countries per continent as a table").click()
    expect(page.get_by_role("table", name="per continent")).to_contain_text("Europe")
    expect(page.locator("figure.chart svg").first).to_be_visible()
    context.close()
