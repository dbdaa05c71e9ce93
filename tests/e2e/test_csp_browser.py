"""The Content-Security-Policy blocks nothing the site itself uses, in a real browser:
public pages, the admin's pages for organizations, and its change form with its
autocomplete."""

import pytest
from playwright.sync_api import expect

from members.models import Organization

from .conftest import ADMIN_VIEWS, admin_pages, sign_in_as_editor

# Reports every violation into the page, where the test reads it back; injected by
# the browser itself, so the policy under test does not apply to this script.
LISTEN = """
window.cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


@pytest.fixture
def watched(page):
    """The page, with every policy violation it reports collected in `page.violations`."""
    page.violations = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: page.violations.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    return page


def violations(page):
    return page.violations + page.evaluate("window.cspViolations")


@pytest.mark.parametrize("width", [1280, 360])
@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/organizations/",
        "/organizations/?continent=europe&since_min=2012&status=all",
        "/organizations/tikb-tr/",
        "/countries/",
        "/countries/tr/",
        "/about/",
    ],
)
def test_public_pages_raise_no_policy_violation(watched, seeded_server, path, width):
    watched.set_viewport_size({"width": width, "height": 800})
    response = watched.goto(seeded_server.url + path)
    assert "default-src 'none'" in response.headers["content-security-policy"]
    watched.wait_for_load_state("networkidle")
    # The stylesheet applied: the skip link waits off screen until focused.
    assert watched.locator(".skip-link").evaluate("link => getComputedStyle(link).position") == "absolute"
    assert violations(watched) == []


def test_the_admin_works_under_the_policy(watched, seeded_server):
    sign_in_as_editor(watched, seeded_server)

    organization = Organization.objects.get(slug="tikb-tr")
    watched.goto(f"{seeded_server.url}/admin/members/organization/{organization.pk}/change/")
    # The country field is a select2 autocomplete, driven by the admin's scripts.
    watched.locator(".select2-selection").first.click()
    watched.locator(".select2-search__field").fill("germ")
    expect(watched.locator(".select2-results__option")).to_contain_text(["Germany"])
    watched.locator(".select2-results__option", has_text="Germany").click()
    expect(watched.locator(".select2-selection__rendered").first).to_contain_text("Germany")
    watched.wait_for_load_state("networkidle")
    assert violations(watched) == []


@pytest.mark.parametrize("view", ADMIN_VIEWS)
def test_admin_pages_raise_no_policy_violation(watched, seeded_server, view):
    watched.set_viewport_size({"width": 1280, "height": 800})
    sign_in_as_editor(watched, seeded_server)
    Organization.objects.get(slug="mlpd-de").delete()  # the deleted page lists one
    path = admin_pages(Organization.objects.get(slug="tikb-tr"))[view]

    response = watched.goto(seeded_server.url + path)

    assert response.status == 200
    assert "default-src 'none'" in response.headers["content-security-policy"]
    watched.wait_for_load_state("networkidle")
    # The registry's admin stylesheet applied: breadcrumb links are underlined.
    underline = watched.locator(".breadcrumbs a").first.evaluate(
        "link => getComputedStyle(link).textDecorationLine"
    )
    assert underline == "underline"
    assert violations(watched) == []
