"""The public pages laid out right to left, as Arabic reads, in a real browser: each page
is opened and its <html> given dir="rtl", the attribute the Arabic pages carry. Text
starts at the right edge, nothing is wider than a phone, and the charts still read."""

import pytest
from playwright.sync_api import expect

from .test_phone_browser import PHONE, PUBLIC_PAGES, SIDEWAYS_SCROLLERS

WIDE = {"width": 1280, "height": 800}
# The left and right edges of an element's text (a range over its contents), of its
# content box, and of its border box, in viewport pixels.
TEXT_EDGES = """(element) => {
  const range = document.createRange();
  range.selectNodeContents(element);
  const box = range.getBoundingClientRect();
  return [box.left, box.right];
}"""
CONTENT_EDGES = """(element) => {
  const box = element.getBoundingClientRect(), style = getComputedStyle(element);
  return [box.left + parseFloat(style.paddingLeft) + parseFloat(style.borderLeftWidth),
          box.right - parseFloat(style.paddingRight) - parseFloat(style.borderRightWidth)];
}"""
EDGES = "(element) => { const box = element.getBoundingClientRect(); return [box.left, box.right]; }"


def right_to_left(page, server, path, size):
    page.set_viewport_size(size)
    page.goto(server.url + path)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.documentElement.dir = 'rtl'")
    return page


def edges(locator, script=EDGES):
    left, right = locator.evaluate(script)
    return left, right


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_no_right_to_left_page_is_wider_than_a_phone(page, seeded_server, path):
    right_to_left(page, seeded_server, path, PHONE)

    assert page.evaluate("document.documentElement.scrollWidth") == PHONE["width"]
    assert page.evaluate(SIDEWAYS_SCROLLERS) == []


@pytest.mark.parametrize("size", [PHONE, WIDE])
@pytest.mark.parametrize("path", ["/organizations/tikb-tr/", "/countries/tr/"])
def test_the_breadcrumb_and_heading_start_at_the_right_edge(page, seeded_server, path, size):
    right_to_left(page, seeded_server, path, size)

    for element in (page.get_by_role("navigation", name="Breadcrumb"), page.locator("h1")):
        text_left, text_right = edges(element, TEXT_EDGES)
        box_left, box_right = edges(element, CONTENT_EDGES)
        assert text_right == pytest.approx(box_right, abs=1)
        assert text_left > box_left + 20


@pytest.mark.parametrize("size", [PHONE, WIDE])
def test_the_site_name_and_menu_start_at_the_right_edge(page, seeded_server, size):
    right_to_left(page, seeded_server, "/organizations/", size)

    header = page.locator(".site-header-inner")
    _, header_right = edges(header, CONTENT_EDGES)
    _, brand_right = edges(page.locator(".brand"))
    assert brand_right == pytest.approx(header_right, abs=1)
    # The menu reads from the right: each item left of the one before it.
    items = [edges(item) for item in page.locator(".site-nav li").all()]
    assert len(items) == 5
    assert all(after[1] <= before[0] for before, after in zip(items, items[1:]))
    # The language menu opens inside the screen.
    page.locator(".language-menu > summary").click()
    menu = page.locator(".language-menu ul")
    expect(menu).to_be_visible()
    left, right = edges(menu)
    assert left >= 0 and right <= size["width"]


def test_the_member_table_reads_from_the_right(page, seeded_server):
    right_to_left(page, seeded_server, "/organizations/", WIDE)

    headings = [edges(th) for th in page.locator("table.data thead th").all()]
    assert len(headings) == 5
    assert all(after[1] <= before[0] for before, after in zip(headings, headings[1:]))
    first_row = page.locator("table.data tbody tr").first
    for cell in (first_row.locator("th"), first_row.locator('td[data-label="Country"]')):
        _, text_right = edges(cell, TEXT_EDGES)
        _, box_right = edges(cell, CONTENT_EDGES)
        assert text_right == pytest.approx(box_right, abs=1)


def test_member_cards_on_a_phone_read_from_the_right(page, seeded_server):
    right_to_left(page, seeded_server, "/organizations/?q=tikb", PHONE)

    card = page.get_by_role("table").locator("tbody tr").first
    for cell in (card.locator("th"), card.locator('td[data-label="Member since"]')):
        _, text_right = edges(cell, TEXT_EDGES)
        _, box_right = edges(cell, CONTENT_EDGES)
        assert text_right == pytest.approx(box_right, abs=1)


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        # The chosen facet's bar, an error's bar and an empty result's bar.
        ("/organizations/?continent=europe", ".facet-continent [aria-current]"),
        ("/organizations/?country=Atlantis", ".errorlist"),
        ("/organizations/?q=nothing-is-called-this", ".empty"),
    ],
)
def test_marks_beside_text_stand_at_its_start_on_the_right(page, seeded_server, path, selector):
    right_to_left(page, seeded_server, path, WIDE)

    marked = page.locator(selector).first
    expect(marked).to_be_visible()
    style = marked.evaluate(
        "(element) => { const style = getComputedStyle(element);"
        " return [style.borderRightWidth, style.borderLeftWidth, style.boxShadow]; }"
    )
    assert style == ["4px", "0px", "none"]


def test_the_skip_link_shows_at_the_right_edge(page, seeded_server):
    right_to_left(page, seeded_server, "/", PHONE)

    page.keyboard.press("Tab")

    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    expect(skip).to_be_in_viewport()
    _, right = edges(skip)
    assert right == pytest.approx(PHONE["width"] - 8, abs=1)


@pytest.mark.parametrize("size", [PHONE, WIDE])
def test_chart_labels_stand_beside_their_bars_inside_the_chart(page, seeded_server, size):
    """SVG is drawn as it is in English, left to right: a label's anchor would otherwise
    flip and lay the label over its bar."""
    right_to_left(page, seeded_server, "/", size)

    chart = page.locator("figure.chart").filter(has=page.locator("#continent-chart-title"))
    svg_left, svg_right = edges(chart.locator("svg"))
    bars = chart.locator("a")
    assert bars.count() >= 5
    for bar in bars.all():
        label_left, label_right = edges(bar.locator("text.chart-label"))
        bar_left, bar_right = edges(bar.locator("rect"))
        value_left, value_right = edges(bar.locator("text.chart-value"))
        assert svg_left <= label_left < label_right <= bar_left
        assert bar_right < value_left < value_right <= svg_right
    timeline = page.locator("figure.chart").filter(has=page.locator("#timeline-chart-title"))
    svg_left, svg_right = edges(timeline.locator("svg"))
    years = [edges(label) for label in timeline.locator("text.chart-label").all()]
    assert years and all(svg_left <= left < right <= svg_right for left, right in years)
    # Years run left to right, as on the English page.
    assert [left for left, _ in years] == sorted(left for left, _ in years)
