"""The seed fixture: the article's member table, complete and valid."""

import json
from collections import Counter
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command

from members.models import Country, Membership, Organization

SEED = Path(settings.BASE_DIR, "fixtures", "icor_members.json")
ARTICLE = Path(settings.BASE_DIR).parent / "shared" / "seed" / "icor-article.txt"


def test_seed_gives_63_organizations_in_47_countries(seed):
    assert Organization.objects.count() == 63
    assert Country.objects.count() == 47
    assert Membership.objects.count() == 63
    assert Organization.objects.current().count() == 63


def test_seed_counts_per_continent(seed):
    per_continent = Counter(Organization.objects.values_list("country__continent", flat=True))
    assert per_continent == {
        "africa": 9,
        "asia": 10,
        "europe": 28,
        "latin-america": 14,
        "north-america": 1,
        "oceania": 1,
    }


def test_the_eight_rows_without_a_joining_year_load_as_unknown(seed):
    unknown = Organization.objects.filter(memberships__since_year__isnull=True)
    assert sorted(unknown.values_list("abbreviation", flat=True)) == [
        "BDP", "KGS", "OAPCM", "PPRF", "PR", "SGB", "SPB", "Symp.PFLP",
    ]


def test_every_seed_object_passes_full_clean(seed):
    for model in (Country, Organization, Membership):
        for obj in model.objects.all():
            obj.full_clean()


def test_loading_the_seed_twice_changes_nothing(seed):
    def snapshot():
        return [
            list(model.objects.order_by("pk").values())
            for model in (Country, Organization, Membership)
        ]

    before = snapshot()
    call_command("loaddata", "icor_members", verbosity=0)
    assert snapshot() == before


def test_seed_carries_no_database_ids():
    records = json.loads(SEED.read_text(encoding="utf-8"))
    assert all("pk" not in record for record in records)


def test_seed_names_are_the_articles_characters(seed):
    """Names, abbreviations and translations appear verbatim in the source article."""
    if not ARTICLE.exists():
        pytest.skip(f"the source article is not beside the project ({ARTICLE})")
    article = ARTICLE.read_text(encoding="utf-8")
    for organization in Organization.objects.select_related("country"):
        for value in (organization.name, organization.abbreviation, organization.english_name):
            assert value in article, f"{organization.slug}: {value!r} is not in the article"
        assert organization.country.name in article


def test_seed_keeps_diacritics_dashes_and_quotes(seed):
    names = set(Organization.objects.values_list("name", flat=True))
    assert "Türkiye İhtilalci Komünistler Birliği" in names
    assert "Komunistická Strana Československa – Československá Strana Práce" in names
    assert "Union des Populations du Cameroun - Manifeste National pour l’Instauration de la Démocratie" in names
    assert "Suryoye Gawonoye d´Bethnahrin" in names
    belarus = Organization.objects.get(country__code="BY")
    assert belarus.abbreviation == ""
    assert belarus.english_name == "Group of Revolutionary Communists ‘Red Wedge'"


def test_seed_sources_cite_the_article_and_its_footnotes(seed):
    sources = dict(Membership.objects.values_list("organization__abbreviation", "source"))
    assert all("International Coordination of Revolutionary Parties" in s for s in sources.values())
    assert sources["UMLP"].endswith("footnote [16]")
    assert sources["APR (PDT)"].endswith("footnote [17]")
    assert sources["CPA M-L"].endswith("footnote [18]")


def test_two_organizations_share_the_abbreviation_uc(seed):
    assert sorted(Organization.objects.filter(abbreviation="UC").values_list("slug", flat=True)) == [
        "uc-fr",
        "uc-ve",
    ]


@pytest.mark.parametrize(
    ("typed", "abbreviation"),
    [
        ("komunisticka", "KSC-CSSP"),
        ("turkiye ihtilalci", "TİKB"),
        ("TÜRKİYE tikb", "TİKB"),
        ("tikb", "TİKB"),
        ("cote d'ivoire", "PCPCI"),
        ("ivory coast", "PCPCI"),
        ("krasny klin", ""),
        ("ray o. light", "ROL"),
        ("acao popular", "APR (PDT)"),
    ],
)
def test_seed_is_findable_however_it_is_typed(seed, typed, abbreviation):
    assert list(Organization.objects.search(typed).values_list("abbreviation", flat=True)) == [abbreviation]
