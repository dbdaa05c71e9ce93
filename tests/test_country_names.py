"""Country names in every language of the pages, and search that finds a country by
any of them."""

import io
import json

import pytest
from django.conf import settings
from django.core.cache import caches
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members.models import Continent, Country, Organization
from members.public.worldmap import world_map
from members.search import fold

from .conftest import make_country, make_organization
from .test_admin import opened_version
from .test_views import body

GERMAN = {"mlpd-de", "symp-pflp-de"}
TURKISH = {"bp-nk-t-tr", "mlkp-tr", "sgb-tr", "tikb-tr", "tkp-ml-tr"}
JSON = reverse("members:organization-json")


def found(query):
    return set(Organization.objects.search(query).values_list("slug", flat=True))


@pytest.mark.parametrize(
    "query",
    [
        "Germany", "Deutschland", "Allemagne", "Alemania", "Alemanha", "Almanya",
        "Германия", "ألمانيا",
        # Typed without capitals, accents or the hamza, as people type them.
        "DEUTSCHLAND", "германия", "المانيا",
    ],
)
def test_german_organizations_are_found_by_germany_in_every_language(seed, query):
    assert found(query) == GERMAN


@pytest.mark.parametrize("query", ["Türkei", "turkei", "Turquie", "Turquía", "Турция", "تركيا"])
def test_turkish_organizations_are_found_by_turkey_in_every_language(seed, query):
    assert found(query) == TURKISH


def test_a_country_name_narrows_a_search_like_any_other_word(seed):
    assert found("Deutschland pflp") == {"symp-pflp-de"}
    assert found("Германия communist") == set()


def test_the_public_list_finds_by_a_translated_country_name(seed, client):
    response = client.get(JSON, {"q": "Allemagne", "status": "all"})

    results = json.loads(body(response))
    assert results["count"] == 2
    assert {row["name"] for row in results["results"]} == {
        "Marxistisch-Leninistische Partei Deutschlands", "Sympathisanten der PFLP",
    }
    # Downloads stay English.
    assert {row["country_name"] for row in results["results"]} == {"Germany"}


def test_a_translated_country_name_costs_no_query_more_than_an_english_one(
    seed, client, django_assert_num_queries
):
    list_page = reverse("members:organization-list")
    with CaptureQueriesContext(connection) as english:
        client.get(list_page, {"q": "germany"})
    for alias in settings.CACHES:
        caches[alias].clear()

    with django_assert_num_queries(len(english)):
        response = client.get(list_page, {"q": "deutschland"})
    assert "Sympathisanten der PFLP" in body(response)


def test_folding_ignores_cyrillic_case_and_arabic_marks():
    assert fold("ГЕРМАНИЯ") == fold("германия")
    assert fold("ألمانيا") == fold("المانيا")  # alef with hamza, alef without
    assert fold("مِصْر") == fold("مصر")  # vowel marks


@pytest.mark.parametrize(
    ("language", "names"),
    [
        ("en", {"DE": "Germany", "TR": "Turkey", "CI": "Ivory Coast", "CZ": "Czech Republic"}),
        ("de", {"DE": "Deutschland", "TR": "Türkei", "CH": "Schweiz", "RU": "Russland"}),
        ("es", {"DE": "Alemania", "TR": "Turquía", "CI": "Costa de Marfil", "US": "Estados Unidos"}),
        ("fr", {"DE": "Allemagne", "TR": "Turquie", "CH": "Suisse", "NL": "Pays-Bas"}),
        ("pt", {"DE": "Alemanha", "TR": "Turquia", "CI": "Costa do Marfim", "CH": "Suíça"}),
        ("tr", {"DE": "Almanya", "TR": "Türkiye", "CI": "Fildişi Sahili", "NL": "Hollanda"}),
        ("ru", {"DE": "Германия", "TR": "Турция", "RU": "Россия", "CH": "Швейцария"}),
        ("ar", {"DE": "ألمانيا", "TR": "تركيا", "RU": "روسيا", "EG": "مصر"}),
    ],
)
def test_each_country_is_named_in_the_active_language(seed, language, names):
    countries = Country.objects.in_bulk(list(names), field_name="code")
    with translation.override(language):
        assert {code: countries[code].local_name for code in names} == names


def test_english_keeps_the_name_an_editor_stored(seed):
    Country.objects.filter(code="CM").update(name="Republic of Cameroon")
    cameroon = Country.objects.get(code="CM")

    with translation.override("en"):
        assert cameroon.local_name == "Republic of Cameroon"
    with translation.override("de"):
        assert cameroon.local_name == "Kamerun"


def test_kosovo_which_the_library_lacks_keeps_its_stored_name(db):
    kosovo = make_country(code="XK", name="Kosovo", continent="europe")
    make_organization(kosovo, name="Lëvizja Revolucionare")

    for language in ("en", "de", "ru", "ar"):
        with translation.override(language):
            assert kosovo.local_name == "Kosovo"
    assert found("kosovo") == {Organization.objects.get().slug}


def test_the_world_map_names_countries_in_the_active_language(seed):
    with translation.override("ru"):
        drawn = world_map(Country.objects.with_member_counts())
    titles = [country.title for country in drawn.members + drawn.undrawn]
    assert "Германия: 2 member organizations" in titles
    assert "Турция: 5 member organizations" in titles
    # Ordered by the names the reader sees (the small countries' dots come last).
    shapes = [country.name for country in drawn.members if not country.dot]
    assert shapes[:3] == ["Австралия", "Афганистан", "Бангладеш"]
    assert shapes == sorted(shapes, key=fold)


def check_registry(*args):
    out = io.StringIO()
    call_command("check_registry", *args, stdout=out)
    return out.getvalue()


def test_check_registry_finds_the_stored_search_text_right(seed):
    assert "All derived columns of 63 organizations are right." in check_registry()


def test_check_registry_repairs_a_stale_search_text(seed):
    Organization.objects.filter(slug="symp-pflp-de").update(search="stale")
    assert found("sympathisanten") == set()

    with pytest.raises(CommandError, match="1 derived value disagree"):
        check_registry()
    assert "Repaired 1 derived value." in check_registry("--repair")

    assert "are right" in check_registry()
    assert found("sympathisanten deutschland") == {"symp-pflp-de"}


def test_a_country_renamed_in_the_admin_is_found_by_its_new_and_translated_names(
    seed, admin_client
):
    germany = Country.objects.get(code="DE")
    change = reverse("admin:members_country_change", args=[germany.pk])
    response = admin_client.post(change, {
        "code": "DE", "name": "Federal Republic of Germany", "continent": "europe",
        "opened_version": opened_version(admin_client.get(change)),
    })
    assert response.status_code == 302

    assert found("federal") == GERMAN
    assert found("Deutschland") == GERMAN
    assert "are right" in check_registry()


def test_a_corrected_iso_code_is_found_by_its_country_names_at_once(seed):
    """The seed's "Congo" is the Republic (CG); an editor may correct it to the
    Democratic Republic (CD), whose names differ."""
    congo = Country.objects.get(code="CG")
    assert found("Демократическая") == set()

    congo.code = "CD"
    congo.save()

    assert found("Демократическая") == set(congo.organizations.values_list("slug", flat=True))
    assert "are right" in check_registry()


@pytest.mark.parametrize("language", [code for code, _ in settings.LANGUAGES])
def test_a_continent_is_named_as_its_choice_in_every_language(db, language):
    with translation.override(language):
        for value, label in Continent.choices:
            country = Country(code="ZZ", name="Nowhere", continent=value)
            assert country.continent_name == country.get_continent_display() == label
    with translation.override("de"):
        assert str(Country(continent="europe").continent_name) == "Europa"
