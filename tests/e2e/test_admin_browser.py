"""The admin fitted to the registry's records on a 1280 px screen: the organization list
shows its columns without sideways scrolling, and the change form shows the longest
names of the seed whole."""

import pytest
from playwright.sync_api import expect

from members.models import Organization

from .conftest import sign_in_as_editor

WIDE = {"width": 1280, "height": 800}
# The list's columns an editor must see at once (English names may wrap).
COLUMNS = ["Name", "Abbreviation", "Country", "Continent", "Member since", "Status"]
# Whether an element's contents fit inside it, with nothing scrolled out of sight.
FITS = "element => element.scrollWidth <= element.clientWidth"


@pytest.fixture
def editor_page(page, seeded_server):
    page.set_viewport_size(WIDE)
    return sign_in_as_editor(page, seeded_server)


def box(locator):
    found = locator.bounding_box()
    return found["x"], found["x"] + found["width"], found["y"], found["y"] + found["height"]


def longest(field):
    """The organization of the seed with the longest value of `field`."""
    return max(Organization.objects.all(), key=lambda organization: len(getattr(organization, field)))


def test_the_organization_list_shows_its_columns_without_scrolling_sideways(editor_page, seeded_server):
    editor_page.goto(seeded_server.url + "/admin/members/organization/")

    # The navigation sidebar does not take the list's room.
    expect(editor_page.locator("#nav-sidebar")).to_have_count(0)
    results = editor_page.locator("#changelist .results")
    assert results.evaluate(FITS)
    assert editor_page.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]
    _, results_right, _, _ = box(results)
    for heading in COLUMNS:
        column = editor_page.locator("#result_list thead th", has_text=heading).first
        expect(column).to_be_visible()
        _, right, _, _ = box(column)
        assert right <= results_right, heading
    # A row's cells are there to read, the filters beside them.
    row = editor_page.locator("#result_list tbody tr", has_text="Türkiye İhtilalci Komünistler Birliği")
    for value in ["TİKB", "Turkey", "Europe", "2010", "current"]:
        _, right, _, _ = box(row.get_by_text(value, exact=True))
        assert right <= results_right, value
    filters_left, filters_right, _, _ = box(editor_page.locator("#changelist-filter"))
    assert results_right <= filters_left and filters_right <= WIDE["width"]


def assert_names_shown_whole(page, organization):
    for field in ["name", "english_name"]:
        box_ = page.locator(f"#id_{field}")
        expect(box_).to_have_value(getattr(organization, field))
        assert box_.evaluate(FITS), (field, getattr(organization, field))


def test_the_change_form_shows_the_longest_names_of_the_seed_whole(editor_page, seeded_server):
    organization = longest("name")
    assert organization == longest("english_name")  # one record holds both (91 and 88 characters)
    editor_page.goto(f"{seeded_server.url}/admin/members/organization/{organization.pk}/change/")

    assert_names_shown_whole(editor_page, organization)
    # Its name under the title wraps before the History and View on site buttons.
    _, title_right, title_top, title_bottom = box(editor_page.locator("#content > h2"))
    history_left, _, history_top, history_bottom = box(editor_page.get_by_role("link", name="History"))
    assert title_right <= history_left or history_bottom <= title_top or title_bottom <= history_top
    assert editor_page.evaluate("document.documentElement.scrollWidth") <= WIDE["width"]

    # The same on a version of it to restore.
    editor_page.goto(
        f"{seeded_server.url}/admin/members/organization/{organization.pk}/history/"
        f"{organization.history.earliest().history_id}/"
    )
    assert_names_shown_whole(editor_page, organization)
