"""The addresses public pages link to, reversed once per process instead of once per link.

A `{% url %}` tag or a `get_absolute_url()` costs about as much as the whole SQL of an
organization's page, and every page carries a dozen of them (menu, footer, search form,
breadcrumbs, a list's rows). An address depends only on the URLconf, the script
prefix the site is served under and the language (/de/about/), so each is reversed
once per prefix and language and then read back: `{% link "about" %}` in templates
(members/templatetags/site_links.py), the functions below in views.
"""

from functools import cache

from django.urls import get_script_prefix, reverse
from django.utils import translation
from django.utils.translation import get_language

# Stands in for a record's key while its page's address is reversed once.
MARKER = "record-key"


@cache
def reversed_once(name, prefix, language):
    """The address of the public page `name` (members/urls.py) under the script `prefix`
    in `language` (reverse() reads both by itself)."""
    return reverse(f"members:{name}")


def page_link(name):
    """The address of the public page `name`, which takes no argument."""
    return reversed_once(name, get_script_prefix(), get_language())


@cache
def record_address(name, prefix, language):
    """The parts of the address of the page `name` before and after the record's key."""
    head, tail = reverse(f"members:{name}", args=[MARKER]).split(MARKER)
    return head, tail


def record_address_in(language, name):
    """`record_address` of the page `name` in `language`, whatever language is active."""
    with translation.override(language):
        return record_address(name, get_script_prefix(), language)


def record_link(name, key):
    """The address of the page `name` for the record `key` (a slug, a country code)."""
    head, tail = record_address(name, get_script_prefix(), get_language())
    return f"{head}{key}{tail}"


def organization_json_link(organization):
    return record_link("organization-detail-json", organization.slug)


def country_link(country):
    return record_link("country-detail", country.code.lower())
