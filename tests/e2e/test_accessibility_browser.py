"""axe-core's WCAG 2.1 A and AA rules on every public page, wide and narrow, and on the
admin pages editors use most; and a keyboard walk through the header menu whose focus
stays visible."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from members.models import Organization

from .conftest import ADMIN_VIEWS, admin_pages, sign_in_as_editor

# The rules of WCAG 2.1 at levels A and AA, as axe-core tags them.
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_21_AA}, "resultTypes": ["violations"]}
# --focus in site.css: the background of a link under keyboard focus.
FOCUS_COLOUR = "rgb(255, 221, 0)"
WIDTHS = {"wide": {"width": 1280, "height": 800}, "phone": {"width": 360, "height": 740}}

PUBLIC_PAGES = [
    "/",
    "/organizations/",
    "/organizations/?continent=europe&since_min=2015&status=all&ordering=-since",
    "/organizations/tikb-tr/",
    "/countries/",
    "/countries/tr/",
    "/about/",
    "/changes/",
    "/data/",
]


def assert_no_violations(page):
    """Fail with axe's report (rule, element, why) if any rule fails on the page as it is now."""
    results = Axe().run(page, options=AXE_OPTIONS)
    if results.violations_count:
        pytest.fail(f"{page.url}\n{results.generate_report()}", pytrace=False)


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_public_pages_pass_wcag_21_aa(page, seeded_server, path, width):
    page.set_viewport_size(WIDTHS[width])
    page.goto(seeded_server.url + path)
    assert_no_violations(page)


@pytest.fixture
def editor_page(page, seeded_server):
    """The page, signed in to the admin as a superuser."""
    return sign_in_as_editor(page, seeded_server)


@pytest.mark.parametrize("view", ADMIN_VIEWS)
def test_admin_pages_pass_wcag_21_aa(editor_page, seeded_server, view):
    Organization.objects.get(slug="mlpd-de").delete()  # the deleted page lists one
    path = admin_pages(Organization.objects.get(slug="tikb-tr"))[view]
    editor_page.goto(seeded_server.url + path)
    assert_no_violations(editor_page)


def luminance(colour):
    """The relative luminance (WCAG 2.1) of a computed colour, "rgb(r, g, b)"."""
    channels = [int(part) / 255 for part in re.findall(r"\d+", colour)[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(first, second):
    lighter, darker = sorted([luminance(first), luminance(second)], reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


@pytest.mark.parametrize("width", WIDTHS)
def test_keyboard_focus_in_the_header_menu_stands_out(page, seeded_server, width):
    page.set_viewport_size(WIDTHS[width])
    page.goto(seeded_server.url + "/countries/")
    bar = page.locator(".site-header").evaluate("header => getComputedStyle(header).backgroundColor")

    page.keyboard.press("Tab")
    expect(page.get_by_role("link", name="Skip to content")).to_be_focused()
    for name in ["ICOR Registry", "Overview", "Organizations", "Countries", "About"]:
        page.keyboard.press("Tab")
        link = page.locator(".site-header").get_by_role("link", name=name, exact=True)
        expect(link).to_be_focused()
        style = link.evaluate(
            "link => { const s = getComputedStyle(link);"
            " return {background: s.backgroundColor, color: s.color, outline: s.outlineColor,"
            " outlineWidth: s.outlineWidth, outlineStyle: s.outlineStyle}; }"
        )
        # The focused link is a block of colour that differs from the bar by at least
        # 3:1 (WCAG 2.1, non-text contrast), its outline too, and its text stays legible.
        assert contrast(style["background"], bar) >= 3, (name, style, bar)
        assert style["outlineStyle"] == "solid" and style["outlineWidth"] != "0px"
        assert contrast(style["outline"], bar) >= 3, (name, style, bar)
        assert contrast(style["color"], style["background"]) >= 4.5, (name, style)


@pytest.mark.parametrize(
    "path",
    ["/organizations/?continent=europe&status=all", "/countries/", "/countries/tr/", "/organizations/tikb-tr/"],
)
def test_every_link_turns_to_the_focus_colour_under_the_keyboard(page, seeded_server, path):
    page.goto(seeded_server.url + path)
    page.keyboard.press("Tab")
    seen = 0
    # Tab through the page (header, filters, facets, results): every link the keyboard
    # reaches is painted in the focus colour, whatever background it had.
    for _ in range(250):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            "() => { const e = document.activeElement; return e.tagName === 'A'"
            " ? [e.outerHTML.slice(0, 80), getComputedStyle(e).backgroundColor] : null; }"
        )
        if focused:
            assert focused[1] == FOCUS_COLOUR, focused
            seen += 1
        if page.evaluate("document.activeElement === document.body"):
            break
    assert seen > 10
