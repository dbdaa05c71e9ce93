"""The list's FilterSet on the seed: 63 current members, 8 of them without a joining year."""

import pytest
from django.http import QueryDict

from members.derived import sort_name
from members.models import Country, Membership
from members.public.facets import Facets
from members.public.filters import OrganizationFilter

from .conftest import make_organization


def slugs(query):
    filterset = OrganizationFilter(QueryDict(query))
    assert filterset.is_valid(), filterset.errors
    return [organization.slug for organization in filterset.qs]


def errors(query):
    filterset = OrganizationFilter(QueryDict(query))
    assert not filterset.is_valid()
    return filterset.errors


def make_former_member(**fields):
    """A Turkish organization that was a member from 2011 to 2013."""
    turkey = Country.objects.get(code="TR")
    return make_organization(turkey, name="Eski Parti", since=2011, until=2013, **fields)


def test_no_parameters_lists_every_current_member(seed):
    assert len(slugs("")) == 63


@pytest.mark.parametrize(
    ("continent", "count"),
    [
        ("africa", 9),
        ("asia", 10),
        ("europe", 28),
        ("latin-america", 14),
        ("north-america", 1),
        ("oceania", 1),
    ],
)
def test_continent_narrows_to_its_countries(seed, continent, count):
    assert len(slugs(f"continent={continent}")) == count


@pytest.mark.parametrize("code", ["tr", "TR", "Tr"])
def test_country_takes_the_iso_code_in_any_case(seed, code):
    assert sorted(slugs(f"country={code}")) == [
        "bp-nk-t-tr",
        "mlkp-tr",
        "sgb-tr",
        "tikb-tr",
        "tkp-ml-tr",
    ]


def test_a_well_formed_unknown_country_code_finds_nothing(seed):
    assert slugs("country=zz") == []


@pytest.mark.parametrize("name", ["Turkey", "turkey", "TÜRKEY", " Turkey "])
def test_country_takes_the_english_name_typed_in_full_in_any_case_or_accents(seed, name):
    assert sorted(slugs(f"country={name}")) == sorted(slugs("country=tr"))


def test_a_country_name_of_several_words(seed):
    assert slugs("country=czech  REPUBLIC") == slugs("country=CZ")
    assert len(slugs("country=CZ")) == 3


@pytest.mark.parametrize("typed", ["T", "Turk", "Atlantis"])
def test_a_country_name_cut_short_or_unknown_is_an_error_not_an_empty_list(seed, typed):
    assert errors(f"country={typed}") == {
        "country": [
            f"No country is called “{typed}”. Type its English name, e.g. Turkey, "
            "or its two-letter ISO code, e.g. TR."
        ]
    }


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("komunisticka", ["ksc-cssp-cz"]),
        ("TIKB", ["tikb-tr"]),
        ("cote d'ivoire", ["pcpci-ci"]),
        ("ivory coast", ["pcpci-ci"]),
        ("party india", ["cpi-ml-red-star-in", "pcc-cpi-ml-in"]),
        ("acao popular", ["apr-pdt-br"]),
    ],
)
def test_search_is_folded_and_needs_every_word(seed, query, expected):
    assert sorted(slugs(f"q={query}")) == expected


def test_search_finds_the_country_name_in_the_original_language(seed):
    # Four Turkish names contain "Türkiye"; the fifth (SGB) is found by its country,
    # whose name in Turkish is Türkiye.
    assert set(slugs("q=turkiye")) == {"bp-nk-t-tr", "mlkp-tr", "sgb-tr", "tikb-tr", "tkp-ml-tr"}
    assert set(slugs("q=turkiye+komunist")) == {"mlkp-tr", "tikb-tr", "tkp-ml-tr"}


def test_since_range_uses_the_joining_year(seed):
    # Joined 2015 (1), 2016 (4), 2018 (3) and 2019 (4).
    assert len(slugs("since_min=2015&since_max=2019")) == 12
    # Joined 2020 (2), 2021 (1), 2023 (5).
    assert len(slugs("since_min=2020")) == 8
    # 31 founding members and one 2011 joiner; unknown years are not guessed.
    assert len(slugs("since_max=2011")) == 32


def test_since_min_combines_with_continent(seed):
    # Two French (2018), TKP-ML (2019), UMLP (2020), UoC (2021), ARLAC and UMU (2023).
    assert len(slugs("continent=europe&since_min=2018")) == 7


def test_year_lists_members_known_to_be_members_then(seed):
    # 31 joined in 2010, one in 2011, two in 2012.
    assert len(slugs("year=2012")) == 34
    assert len(slugs("year=2023")) == 55


def unplaced(query):
    """How many organizations the list of `query` says its year could not place."""
    filterset = OrganizationFilter(QueryDict(query))
    assert filterset.is_valid()
    return Facets(filterset, "/organizations/", QueryDict(query)).unplaced


def test_year_reports_members_it_could_not_place(seed):
    assert unplaced("year=2012") == 8


def test_unplaced_members_respect_the_other_filters(seed):
    # Latin America: eight joined by 2015; OAPCM (Mexico) and BDP (Peru) have no year.
    assert len(slugs("continent=latin-america&year=2015")) == 8
    assert unplaced("continent=latin-america&year=2015") == 2
    # Asia's are SPB (Bangladesh) and PPRF (Nepal); Africa has none; a search narrows too.
    assert unplaced("continent=asia&year=2015") == 2
    assert unplaced("continent=africa&year=2015") == 0
    assert unplaced("year=2015&q=peru") == 1
    assert unplaced("year=2015&status=former") == 0


def test_without_a_year_nothing_is_reported_unplaced(seed):
    assert unplaced("continent=asia") is None


def test_status_defaults_to_current_members(seed):
    former = make_former_member()
    assert former.slug not in slugs("")
    assert former.slug not in slugs("status=")
    assert len(slugs("status=current")) == 63


def test_status_former_and_all(seed):
    former = make_former_member()
    assert slugs("status=former") == [former.slug]
    assert len(slugs("status=all")) == 64


def test_year_finds_former_members_of_that_time(seed):
    former = make_former_member()
    assert former.slug in slugs("year=2012&status=all")
    assert former.slug not in slugs("year=2014&status=all")


def test_a_rejoined_organization_counts_once(seed):
    organization = make_organization(
        Country.objects.get(code="TR"), name="Dönen Parti", since=2011, until=2013
    )
    Membership.objects.create(organization=organization, since_year=2016)
    assert slugs("q=donen") == [organization.slug]
    assert slugs("q=donen&year=2012") == [organization.slug]
    assert slugs("q=donen&year=2014") == []


def test_default_order_is_by_name_then_id(seed):
    filterset = OrganizationFilter(QueryDict(""))
    assert filterset.is_valid()
    ordering = filterset.qs.query.order_by
    assert ordering[-2:] == ("sort_name", "pk")


def test_ordering_by_since_puts_unknown_years_last_both_ways(seed):
    for query in ("ordering=since", "ordering=-since"):
        filterset = OrganizationFilter(QueryDict(query))
        assert filterset.is_valid()
        years = [organization.member_since for organization in filterset.qs]
        assert years[-8:] == [None] * 8
        known = years[:-8]
        assert known == sorted(known, reverse=query.endswith("-since"))


def test_ordering_by_since_breaks_ties_by_name(seed):
    filterset = OrganizationFilter(QueryDict("ordering=-since"))
    assert filterset.is_valid()
    newest = [organization.slug for organization in filterset.qs[:5]]
    # The five 2023 joiners, alphabetically by name.
    assert sorted(newest) == ["apr-pdt-br", "arlac-be", "psr-pe", "uc-ve", "umu-ru"]
    names = [organization.name for organization in filterset.qs[:5]]
    # By the name's collation key: "Ação" among the A's, before "Association".
    assert names == sorted(names, key=sort_name)
    assert names[0].startswith("Ação")


def test_ordering_by_country_and_abbreviation(seed):
    assert slugs("ordering=country")[0] == "mloa-af"  # Afghanistan
    assert slugs("ordering=-country")[0] == "uc-ve"  # Venezuela
    # The Belarus group has no abbreviation, so it comes first.
    assert slugs("ordering=abbreviation")[0] == "gruppa-kommunistov-revoliutsionerov-krasny-klin-by"
    assert slugs("ordering=-name") == slugs("ordering=name")[::-1]


@pytest.mark.parametrize(
    ("query", "field"),
    [
        ("year=abc", "year"),
        ("year=2012.5", "year"),
        ("year=99999999999999999999999", "year"),
        ("since_min=abc", "since_min"),
        ("since_max=-1", "since_max"),
        ("continent=mars", "continent"),
        ("country=xyz", "country"),
        ("country=t1", "country"),
        ("status=x", "status"),
        ("ordering=foo", "ordering"),
        ("ordering=-slug", "ordering"),
    ],
)
def test_bad_values_are_form_errors(seed, query, field):
    assert field in errors(query)


def test_since_min_after_since_max_is_an_error_on_since_max(seed):
    assert errors("since_min=2019&since_max=2015") == {
        "since_max": ["The end of the range cannot be before its start (2019)."]
    }


def test_every_field_has_a_label_and_none_lists_a_whole_table(seed):
    form = OrganizationFilter(QueryDict("")).form
    for field in form:
        assert field.label
    html = str(form)
    assert '<select name="country"' not in html
    # Each select offers a handful of choices (continents, statuses, orders), never rows.
    assert max(select.count("<option") for select in html.split("<select")[1:]) < 20
