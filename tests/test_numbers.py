"""Counts in the reader's language: thousands grouped as each language groups them,
years never."""

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import translation

from members.models import Country

from .conftest import add_organizations


@pytest.mark.parametrize(("language", "shown"), [
    ("en", "1,914"), ("de", "1.914"), ("es", "1\xa0914"), ("fr", "1\xa0914"), ("ru", "1\xa0914"),
])
def test_a_count_is_grouped_as_its_language_writes_it(language, shown):
    template = engines["django"].from_string("{% load numbers %}{{ count|grouped }}")
    with translation.override(language):
        assert template.render({"count": 1914}) == shown


def test_the_lists_count_is_grouped_and_its_years_are_not(seed, client):
    add_organizations(1000, list(Country.objects.all()), since=lambda i: 2016)
    english = client.get(reverse("members:organization-list")).content.decode()
    assert "<strong>1,063</strong> organizations found." in english
    assert "Download these 1,063 organizations as CSV" in english
    assert ">2016<" in english and "2,016" not in english
    with translation.override("de"):
        german = client.get(reverse("members:organization-list")).content.decode()
    assert "<strong>1.063</strong>" in german
    assert "2.016" not in german
