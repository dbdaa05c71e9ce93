"""Addresses reversed once per process are the addresses Django's reverse() gives, under
any script prefix."""

import pytest
from django.template import engines
from django.urls import NoReverseMatch, URLPattern, get_script_prefix, reverse, set_script_prefix

from members import urls
from members.models import Country, Organization
from members.public import links

NAMES = [
    pattern.name for pattern in urls.urlpatterns
    if isinstance(pattern, URLPattern) and "<" not in str(pattern.pattern)
]


@pytest.fixture
def prefix():
    """Serve the site under /registry/ for one test, as behind a proxy's sub-path."""
    before = get_script_prefix()
    set_script_prefix("/registry/")
    yield "/registry/"
    set_script_prefix(before)


def rendered(source):
    return engines["django"].from_string("{% load site_links %}" + source).render({})


@pytest.mark.parametrize("name", NAMES)
def test_the_link_tag_gives_the_pages_address(name):
    assert rendered(f'{{% link "{name}" %}}') == reverse(f"members:{name}")


def test_every_page_without_an_argument_is_tried():
    assert {"overview", "organization-list", "country-list", "about"} <= set(NAMES)


def test_addresses_follow_the_script_prefix(prefix, db):
    assert rendered('{% link "about" %}') == "/registry/about/"
    country = Country(code="TR")
    organization = Organization(slug="tkp-ml", country=country)
    page = links.record_link("organization-detail", organization.slug)
    assert page == organization.get_absolute_url()
    assert page.startswith(prefix)
    assert links.country_link(country) == country.get_absolute_url() == "/registry/countries/tr/"
    assert links.organization_json_link(organization) == reverse(
        "members:organization-detail-json", args=["tkp-ml"])


def test_a_page_that_does_not_exist_is_an_error():
    with pytest.raises(NoReverseMatch, match="nowhere"):
        rendered('{% link "nowhere" %}')
