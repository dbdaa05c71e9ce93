"""Country names in the languages of the public pages.

English is the registry's own: the name an editor stored ("Turkey", "Ivory Coast"),
exactly. Every other language takes the name that django-countries gives the country's
ISO code in that language (CLDR names, translated in its catalogues). A code the library
does not know keeps the stored name in every language: Kosovo (XK), which ISO 3166 has
not assigned, unless the deployment names it in django-countries' `COUNTRIES_OVERRIDE`.

Search finds a country by any of these names (`codes_named`, used by
`OrganizationQuerySet.search`); they are read from the library when searching, not
stored, so a new release of its catalogues leaves no stored row stale.
"""

from functools import cache, lru_cache

from django.conf import settings
from django.utils import translation
from django_countries import countries

from .search import fold


def is_english(language):
    """Whether `language` (a code such as "en", "en-gb", or None when translation is
    off) is English, whose country names are the stored ones."""
    return not language or language.split("-")[0].lower() == "en"


@cache
def library_name(code, language):
    """django-countries' name of the ISO `code` in `language`; "" if it has none.

    Cached: the catalogues do not change while a process runs.
    """
    with translation.override(language):
        return countries.name(code)


def country_name(country):
    """The name of `country` (a Country) in the active language."""
    language = translation.get_language()
    if is_english(language):
        return country.name
    return library_name(country.code, language) or country.name


@cache
def folded_names():
    """(folded name, ISO code) for the library's name of every code in every language
    of the pages (settings.LANGUAGES), English included ("Czechia" as well as the
    stored "Czech Republic")."""
    names = set()
    for language, _ in settings.LANGUAGES:
        with translation.override(language):
            names.update((fold(countries.name(code)), code) for code in countries.countries)
    return tuple(sorted(names))


@lru_cache(maxsize=1024)
def codes_named(term):
    """The ISO codes of the countries whose name contains the folded search `term` in
    some language of the pages: "deutschland", "allemagne", "германия" give DE."""
    return frozenset(code for name, code in folded_names() if term in name)
