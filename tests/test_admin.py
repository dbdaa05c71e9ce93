"""The editors' admin, as a superuser sees it: lists, search, filters, forms, messages."""

import html
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from members.models import Country, Membership, Organization

from .conftest import add_organizations, make_country, make_organization

pytestmark = pytest.mark.django_db

ORGANIZATIONS = reverse("admin:members_organization_changelist")
COUNTRIES = reverse("admin:members_country_changelist")
MEMBERSHIPS = reverse("admin:members_membership_changelist")
AUTOCOMPLETE = reverse("admin:autocomplete")
ADD_ORGANIZATION = reverse("admin:members_organization_add")
ADD_COUNTRY = reverse("admin:members_country_add")
ADD_MEMBERSHIP = reverse("admin:members_membership_add")
KSC_CSSP = "Komunistická Strana Československa – Československá Strana Práce"
TIKB = "Türkiye İhtilalci Komünistler Birliği"
NEXT_YEAR = timezone.now().year + 1

MESSAGES = {
    "duplicate name": "This country already has an organization with this name.",
    "invisible": "Remove the invisible character U+202E at position 8: names may not "
    "contain control or text-direction characters.",
    "before founding": "ICOR was founded in 2010; a membership year cannot be 2009.",
    "future": f"{NEXT_YEAR} is in the future; record a membership once it has happened.",
    "until before since": "The leaving year cannot be before the joining year.",
    "second open": "This organization already has an open membership period; "
    "give that one a leaving year first.",
    "second unknown": "This organization already has a period with an unknown joining year.",
    "same start": "This organization already has a period starting that year.",
    "overlap": "This period overlaps the period 2012–today of the same organization.",
}


def text(response):
    """The page as the editor reads it: HTML entities decoded."""
    return html.unescape(response.content.decode())


def rows(response):
    """The organizations (or other records) on a list page."""
    return list(response.context["cl"].result_list)


def names(response):
    return {row.name for row in rows(response)}


def organization_form(country, periods=(), initial=0, **fields):
    """POST data of the organization form with its membership rows (a stored row
    carries the version it was opened at: its stored one unless it gives another)."""
    data = {
        "name": "Partido Comunista Revolucionario",
        "abbreviation": "PCR",
        "english_name": "Revolutionary Communist Party",
        "country": country.pk,
        "slug": "",
        "memberships-TOTAL_FORMS": len(periods),
        "memberships-INITIAL_FORMS": initial,
        "memberships-MIN_NUM_FORMS": 0,
        "memberships-MAX_NUM_FORMS": 1000,
        **fields,
    }
    for i, period in enumerate(periods):
        if "id" in period and "opened_version" not in period:
            # The version a page opened now would carry for this row.
            period = {**period, "opened_version": Membership.objects.get(pk=period["id"]).version}
        for field in ["id", "since_year", "until_year", "source", "note", "opened_version", "DELETE"]:
            value = period.get(field, "")
            if value not in ("", None, False):
                data[f"memberships-{i}-{field}"] = value
    return data


def membership_rows(organization):
    """The stored periods of `organization` as form rows."""
    return [
        {"id": period.pk, "since_year": period.since_year, "until_year": period.until_year}
        for period in organization.memberships.all()
    ]


def change_url(record):
    return reverse(f"admin:members_{record._meta.model_name}_change", args=[record.pk])


def opened_version(response, row=None):
    """The version the change form (or its inline period `row`) was opened at, as the
    browser will send it back."""
    name = "opened_version" if row is None else f"memberships-{row}-opened_version"
    return int(re.search(rf'name="{name}" value="(\d+)"', response.content.decode())[1])


# Organization list -----------------------------------------------------------------


def test_organization_list_shows_every_seed_organization_with_its_summary(admin_client, seed):
    response = admin_client.get(ORGANIZATIONS)

    assert response.status_code == 200
    assert len(rows(response)) == 63
    assert "63 organizations" in text(response)
    page = text(response)
    headings = ["Name", "Abbreviation", "English name", "Country", "Continent", "Member since"]
    headings.append("Status")
    for heading in headings:
        assert f">{heading}<" in page
    tikb = Organization.objects.get(abbreviation="TİKB")
    row = page[page.index(tikb.name) :].split("</tr>")[0]
    assert "Turkey" in row and "Europe" in row and "current" in row
    assert f">{tikb.memberships.get().since_year or 'unknown'}<" in row


@pytest.mark.parametrize("url", [ORGANIZATIONS, COUNTRIES, MEMBERSHIPS])
def test_the_registry_lists_leave_out_the_navigation_sidebar(admin_client, seed, url):
    # The lists need the page's width for their columns (tests/e2e/test_admin_browser.py).
    response = admin_client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="result_list"' in page
    assert 'id="nav-sidebar"' not in page


def test_a_change_form_keeps_the_navigation_sidebar(admin_client, seed):
    organization = Organization.objects.get(slug="tikb-tr")
    assert 'id="nav-sidebar"' in admin_client.get(change_url(organization)).content.decode()


def test_organization_list_says_when_the_joining_year_is_unknown(admin_client, country):
    make_organization(country, name="Krasny Klin", since=None)

    response = admin_client.get(ORGANIZATIONS)

    assert '<td class="field-member_since">unknown</td>' in text(response)


def test_organization_list_tells_former_members_from_current_ones(admin_client, country):
    make_organization(country, name="Left Party", since=2011, until=2015)
    make_organization(country, name="Staying Party", since=2012)

    response = admin_client.get(ORGANIZATIONS + "?o=-7")  # by status, current first

    assert [(row.name, row.is_member) for row in rows(response)] == [
        ("Staying Party", True),
        ("Left Party", False),
    ]
    assert '<td class="field-status">former</td>' in text(response)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("komunisticka", KSC_CSSP),
        ("tikb", "Türkiye İhtilalci Komünistler Birliği"),
        ("TÜRKİYE ihtilalci", "Türkiye İhtilalci Komünistler Birliği"),
        ("cote d'ivoire", "Parti Communiste Proletarien de Côte d'Ivoire"),
        ("ivory coast", "Parti Communiste Proletarien de Côte d'Ivoire"),
    ],
)
def test_organization_search_ignores_case_and_accents(admin_client, seed, query, expected):
    response = admin_client.get(ORGANIZATIONS, {"q": query})

    assert response.status_code == 200
    assert names(response) == {expected}


def test_organization_search_without_match_says_so(admin_client, seed):
    response = admin_client.get(ORGANIZATIONS, {"q": "no such party"})

    assert rows(response) == []
    assert "0 organizations" in text(response)


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"continent": "africa"}, 9),
        ({"continent": "europe"}, 28),
        ({"continent": "latin-america"}, 14),
        ({"country": "TR"}, 5),
        ({"country": "tr"}, 5),
        ({"continent": "europe", "country": "PE"}, 0),
        ({"status": "current"}, 63),
        ({"status": "former"}, 0),
        ({"since": "unknown"}, 8),
    ],
)
def test_organization_filters_narrow_the_seed(admin_client, seed, params, count):
    response = admin_client.get(ORGANIZATIONS, params)

    assert response.status_code == 200
    assert len(rows(response)) == count


def test_organization_joining_year_filter_offers_the_years_and_unknown(admin_client, seed):
    known = Membership.objects.exclude(since_year=None)
    years = sorted(set(known.values_list("since_year", flat=True)))

    page = text(admin_client.get(ORGANIZATIONS))
    for year in years:
        assert f'href="?since={year}"' in page
    assert 'href="?since=unknown"' in page

    for year in years:
        response = admin_client.get(ORGANIZATIONS, {"since": year})
        assert {row.member_since for row in rows(response)} == {year}
        assert len(rows(response)) == Membership.objects.filter(since_year=year).count()


def test_organization_status_filter_uses_the_registry_rule(admin_client, country):
    make_organization(country, name="Left Party", since=2011, until=2015)
    make_organization(country, name="Staying Party", since=2012)
    make_organization(country, name="Party Without Periods", since=False)

    assert names(admin_client.get(ORGANIZATIONS, {"status": "current"})) == {"Staying Party"}
    assert names(admin_client.get(ORGANIZATIONS, {"status": "former"})) == {"Left Party"}


def test_country_filter_lists_only_countries_with_organizations(admin_client, seed):
    make_country(code="IS", name="Iceland", continent="europe")

    page = text(admin_client.get(ORGANIZATIONS))
    assert 'href="?country=TR"' in page
    assert "?country=IS" not in page

    narrowed = text(admin_client.get(ORGANIZATIONS, {"continent": "oceania"}))
    assert "country=AU" in narrowed
    assert "country=TR" not in narrowed


# Organization forms ----------------------------------------------------------------


def test_organization_add_form_chooses_the_country_by_autocomplete(admin_client, seed):
    response = admin_client.get(ADD_ORGANIZATION)

    assert response.status_code == 200
    page = text(response)
    assert 'class="admin-autocomplete"' in page
    assert "Ivory Coast" not in page  # no <option> for every country
    assert 'name="slug"' in page
    assert 'name="memberships-0-since_year"' in page
    assert 'name="memberships-1-since_year"' not in page


def test_adding_an_organization_makes_its_slug_and_period(admin_client, country):
    response = admin_client.post(
        ADD_ORGANIZATION,
        organization_form(country, [{"since_year": 2014, "source": "Report, p. 2"}]),
    )

    assert response.status_code == 302
    organization = Organization.objects.get(abbreviation="PCR")
    assert organization.slug == "pcr-cm"
    assert list(organization.memberships.values_list("since_year", "until_year", "source")) == [
        (2014, None, "Report, p. 2")
    ]
    assert names(admin_client.get(ORGANIZATIONS, {"q": "revolucionario"})) == {organization.name}


BAD_KEYS = ["abc", "1.5", "1 OR 1=1", "99999999999999999999"]


@pytest.mark.parametrize("bad", BAD_KEYS)
def test_an_organization_with_a_country_that_is_no_key_is_refused(admin_client, seed, bad):
    """The autocomplete widget shows the posted choice again: a value that is no
    country's key gets the form's message, not an error page."""
    data = organization_form(Country.objects.get(code="TR"))

    response = admin_client.post(ADD_ORGANIZATION, {**data, "country": bad})

    assert_refused(response, "Select a valid choice. That choice is not one of the available choices.")
    assert 'class="admin-autocomplete"' in text(response)
    assert Organization.objects.count() == 63


@pytest.mark.parametrize("bad", BAD_KEYS)
def test_a_period_with_an_organization_that_is_no_key_is_refused(admin_client, seed, bad):
    response = admin_client.post(ADD_MEMBERSHIP, {"organization": bad, "since_year": 2016})

    assert_refused(response, "Select a valid choice. That choice is not one of the available choices.")
    assert Membership.objects.count() == 63


def test_adding_an_organization_keeps_a_slug_the_editor_gives(admin_client, country):
    admin_client.post(
        ADD_ORGANIZATION, organization_form(country, slug="pcr-yaounde")
    )

    assert Organization.objects.get().slug == "pcr-yaounde"


def test_organization_change_form_shows_slug_and_timestamps_read_only(admin_client, seed):
    organization = Organization.objects.get(slug="tikb-tr")

    response = admin_client.get(change_url(organization))

    assert response.status_code == 200
    page = text(response)
    assert 'name="slug"' not in page
    assert "tikb-tr" in page
    assert "Created at" in page and "Updated at" in page
    assert 'name="memberships-0-since_year"' in page
    assert 'name="memberships-1-since_year"' not in page


def test_renaming_an_organization_keeps_its_slug(admin_client, seed):
    organization = Organization.objects.get(slug="tikb-tr")

    response = admin_client.post(
        change_url(organization),
        organization_form(
            organization.country,
            membership_rows(organization),
            initial=1,
            opened_version=organization.version,
            name="Türkiye İhtilalci Komünistler Birliği (renamed)",
            abbreviation="TİKB-R",
            slug="ignored",
        ),
    )

    assert response.status_code == 302
    organization.refresh_from_db()
    assert organization.slug == "tikb-tr"
    assert organization.abbreviation == "TİKB-R"
    assert names(admin_client.get(ORGANIZATIONS, {"q": "tikb-r"})) == {organization.name}


def test_closing_the_open_period_and_adding_the_next_in_one_save(admin_client, country):
    organization = make_organization(country, since=2012)
    [period] = membership_rows(organization)

    response = admin_client.post(
        change_url(organization),
        organization_form(
            country,
            [{**period, "until_year": 2015}, {"since_year": 2018}],
            initial=1,
            opened_version=organization.version,
            name=organization.name,
        ),
    )

    assert response.status_code == 302
    assert list(organization.memberships.values_list("since_year", "until_year")) == [
        (2012, 2015),
        (2018, None),
    ]


def test_deleting_the_open_period_and_adding_another_in_one_save(admin_client, country):
    organization = make_organization(country, since=2012)
    [period] = membership_rows(organization)

    response = admin_client.post(
        change_url(organization),
        organization_form(
            country,
            [{**period, "DELETE": "on"}, {"since_year": 2013}],
            initial=1,
            opened_version=organization.version,
            name=organization.name,
        ),
    )

    assert response.status_code == 302
    assert list(organization.memberships.values_list("since_year", "until_year")) == [(2013, None)]


def test_reopening_a_period_and_deleting_the_later_one_in_one_save(admin_client, country):
    organization = make_organization(country, since=2012, until=2014)
    Membership.objects.create(organization=organization, since_year=2016)
    organization.refresh_from_db()  # the form is opened after the second period
    earlier, later = membership_rows(organization)

    response = admin_client.post(
        change_url(organization),
        organization_form(
            country,
            [{**earlier, "until_year": ""}, {**later, "DELETE": "on"}],
            initial=2,
            opened_version=organization.version,
            name=organization.name,
        ),
    )

    assert response.status_code == 302
    assert list(organization.memberships.values_list("since_year", "until_year")) == [(2012, None)]


def assert_refused(response, message):
    assert response.status_code == 200
    page = text(response)
    assert "Please correct the error" in page
    assert message in page


def test_organization_with_a_name_its_country_already_has_is_refused(admin_client, seed):
    turkey = Country.objects.get(code="TR")

    response = admin_client.post(
        ADD_ORGANIZATION,
        organization_form(turkey, name=TIKB),
    )

    assert_refused(response, MESSAGES["duplicate name"])
    assert Organization.objects.count() == 63


def test_the_same_name_in_another_country_is_accepted(admin_client, seed):
    response = admin_client.post(
        ADD_ORGANIZATION,
        organization_form(Country.objects.get(code="DE"), name=TIKB),
    )

    assert response.status_code == 302


@pytest.mark.parametrize("field", ["name", "abbreviation", "english_name"])
def test_organization_names_with_invisible_characters_are_refused(admin_client, country, field):
    response = admin_client.post(
        ADD_ORGANIZATION, organization_form(country, **{field: "Partido\u202eX"})
    )

    assert_refused(response, MESSAGES["invisible"])
    assert not Organization.objects.exists()


def test_organization_names_with_control_characters_are_refused(admin_client, country):
    response = admin_client.post(
        ADD_ORGANIZATION, organization_form(country, name="Partido\tComunista")
    )

    assert_refused(response, "Remove the invisible character U+0009 at position 8")


# Each rule spanning periods, entered in the inline on a new and on an existing
# organization. Existing organizations already have a period 2012–today.
PERIOD_CASES = [
    ("before founding", [{"since_year": 2009}]),
    ("future", [{"since_year": 2012, "until_year": NEXT_YEAR}]),
    ("until before since", [{"since_year": 2016, "until_year": 2014}]),
    (
        "second open",
        [{"since_year": 2012, "until_year": 2014}, {"since_year": 2014}, {"since_year": 2016}],
    ),
    ("second unknown", [{"source": "one"}, {"source": "two", "until_year": 2015}]),
    (
        "same start",
        [{"since_year": 2012, "until_year": 2013}, {"since_year": 2012, "until_year": 2014}],
    ),
]


@pytest.mark.parametrize(("rule", "periods"), PERIOD_CASES, ids=[case[0] for case in PERIOD_CASES])
def test_new_organization_with_periods_breaking_a_rule_is_refused(
    admin_client, country, rule, periods
):
    response = admin_client.post(ADD_ORGANIZATION, organization_form(country, periods))

    assert_refused(response, MESSAGES[rule])
    assert not Organization.objects.exists()


def test_new_organization_with_overlapping_periods_is_refused(admin_client, country):
    response = admin_client.post(
        ADD_ORGANIZATION,
        organization_form(
            country, [{"since_year": 2012}, {"since_year": 2014, "until_year": 2016}]
        ),
    )

    assert_refused(response, MESSAGES["overlap"])
    assert "overlaps the period 2014–2016 of the same organization." in text(response)
    assert not Organization.objects.exists()


def test_a_rule_spanning_periods_is_shown_on_the_row_that_breaks_it(admin_client, country):
    periods = [{"since_year": 2012, "until_year": 2013}, {"since_year": 2012, "until_year": 2014}]

    response = admin_client.post(ADD_ORGANIZATION, organization_form(country, periods))

    [formset] = response.context["inline_admin_formsets"]
    first, second = formset.formset.forms
    assert MESSAGES["same start"] not in first.non_field_errors()
    assert MESSAGES["same start"] in second.non_field_errors()


CHANGE_CASES = [
    ("before founding", [{"since_year": 2009, "until_year": 2011}]),
    ("future", [{"since_year": NEXT_YEAR}]),
    ("until before since", [{"since_year": 2011, "until_year": 2010}]),
    ("second open", [{"since_year": 2016}]),
    ("second unknown", [{"until_year": 2011}, {"until_year": 2011}]),
    ("overlap", [{"since_year": 2010, "until_year": 2013}]),
    ("same start", [{"since_year": 2012, "until_year": 2013}]),
]


@pytest.mark.parametrize(("rule", "added"), CHANGE_CASES, ids=[case[0] for case in CHANGE_CASES])
def test_adding_a_period_breaking_a_rule_to_an_organization_is_refused(
    admin_client, country, rule, added
):
    organization = make_organization(country, since=2012)

    response = admin_client.post(
        change_url(organization),
        organization_form(
            country, [*membership_rows(organization), *added], initial=1, name=organization.name,
            opened_version=organization.version,
        ),
    )

    assert_refused(response, MESSAGES[rule])
    assert organization.memberships.count() == 1


def test_changing_a_stored_period_to_overlap_another_is_refused(admin_client, country):
    organization = make_organization(country, since=2012)
    Membership.objects.create(organization=organization, since_year=2010, until_year=2011)
    organization.refresh_from_db()  # the form is opened after the second period
    earlier, current = membership_rows(organization)

    response = admin_client.post(
        change_url(organization),
        organization_form(
            country, [{**earlier, "until_year": 2013}, current], initial=2, name=organization.name,
            opened_version=organization.version,
        ),
    )

    assert_refused(response, MESSAGES["overlap"])
    assert organization.memberships.get(since_year=2010).until_year == 2011


# Countries -------------------------------------------------------------------------


def test_country_list_shows_current_member_counts(admin_client, seed):
    peru = Country.objects.get(code="PE")
    make_organization(peru, name="Partido Retirado", since=2011, until=2013)

    response = admin_client.get(COUNTRIES, {"q": "peru"})

    assert response.status_code == 200
    [row] = rows(response)
    assert (row.code, row.members) == ("PE", 4)
    page = text(response)
    assert "Latin America" in page
    assert f'href="{ORGANIZATIONS}?country=PE&status=current">4</a>' in page


def test_country_list_counts_countries_without_current_members_as_zero(admin_client, seed):
    make_country(code="IS", name="Iceland", continent="europe")

    [row] = rows(admin_client.get(COUNTRIES, {"q": "iceland"}))

    assert row.members == 0


def test_country_list_filters_by_continent_and_searches_code_and_name(admin_client, seed):
    european = rows(admin_client.get(COUNTRIES, {"continent__exact": "europe"}))
    assert {row.continent for row in european} == {"europe"}
    assert len(european) == Country.objects.filter(continent="europe").count()
    assert {row.code for row in rows(admin_client.get(COUNTRIES, {"q": "ivory"}))} == {"CI"}
    assert {row.code for row in rows(admin_client.get(COUNTRIES, {"q": "ci"}))} >= {"CI"}


def test_country_add_and_change(admin_client, seed):
    assert admin_client.get(ADD_COUNTRY).status_code == 200

    response = admin_client.post(
        ADD_COUNTRY, {"code": "is", "name": "Iceland", "continent": "europe"}
    )
    assert response.status_code == 302
    iceland = Country.objects.get(code="IS")

    form = admin_client.get(change_url(iceland))
    assert form.status_code == 200
    response = admin_client.post(
        change_url(iceland),
        {"code": "IS", "name": "Iceland (Ísland)", "continent": "europe",
         "opened_version": opened_version(form)},
    )
    assert response.status_code == 302
    assert Country.objects.get(code="IS").name == "Iceland (Ísland)"


def test_renaming_a_country_keeps_organization_search_right(admin_client, seed):
    ivory_coast = Country.objects.get(code="CI")

    response = admin_client.post(
        change_url(ivory_coast),
        {"code": "CI", "name": "Côte d’Ivoire", "continent": "africa",
         "opened_version": opened_version(admin_client.get(change_url(ivory_coast)))},
    )

    assert response.status_code == 302

    assert names(admin_client.get(ORGANIZATIONS, {"q": "cote d'ivoire communiste"})) == {
        "Parti Communiste Proletarien de Côte d'Ivoire"
    }


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"code": "C1"}, "Use the two capital letters of ISO 3166-1."),
        ({"code": "CM"}, "Country with this ISO code already exists."),
        ({"name": "Cameroon"}, "Country with this Name already exists."),
        ({"name": "Some\u202ewhere"}, "Remove the invisible character U+202E at position 5"),
        ({"continent": "antarctica"}, "Select a valid choice."),
    ],
)
def test_country_breaking_a_rule_is_refused(admin_client, seed, data, message):
    response = admin_client.post(
        ADD_COUNTRY, {"code": "XX", "name": "Somewhere", "continent": "africa", **data}
    )

    assert_refused(response, message)
    assert Country.objects.count() == 47


def test_country_autocomplete_finds_by_name_and_code(admin_client, seed):
    params = {"app_label": "members", "model_name": "organization", "field_name": "country"}

    by_name = admin_client.get(AUTOCOMPLETE, {**params, "term": "ivory"}).json()
    by_code = admin_client.get(AUTOCOMPLETE, {**params, "term": "TR"}).json()

    assert [result["text"] for result in by_name["results"]] == ["Ivory Coast"]
    assert "Turkey" in [result["text"] for result in by_code["results"]]


# Membership periods ----------------------------------------------------------------


def test_membership_list_shows_periods_with_their_organization(admin_client, seed):
    response = admin_client.get(MEMBERSHIPS)

    assert response.status_code == 200
    assert len(rows(response)) == 63
    page = text(response)
    assert "Türkiye İhtilalci Komünistler Birliği (TİKB)" in page
    assert "Wikipedia, “International Coordination" in page


def test_membership_list_searches_and_filters(admin_client, seed):
    organization = Organization.objects.get(slug="tikb-tr")
    Membership.objects.filter(organization=organization).update(until_year=2020)

    found = rows(admin_client.get(MEMBERSHIPS, {"q": "tikb"}))
    assert [period.organization for period in found] == [organization]
    assert len(rows(admin_client.get(MEMBERSHIPS, {"period": "open"}))) == 62
    closed = rows(admin_client.get(MEMBERSHIPS, {"period": "closed"}))
    assert [period.organization for period in closed] == [organization]
    assert len(rows(admin_client.get(MEMBERSHIPS, {"continent": "africa"}))) == 9
    assert len(rows(admin_client.get(MEMBERSHIPS, {"since_year__isnull": "True"}))) == 8


def test_membership_autocomplete_finds_organizations_folded(admin_client, seed):
    params = {"app_label": "members", "model_name": "membership", "field_name": "organization"}

    response = admin_client.get(AUTOCOMPLETE, {**params, "term": "komunisticka strana"})

    assert [result["text"] for result in response.json()["results"]] == [f"{KSC_CSSP} (KSC-CSSP)"]


def test_membership_add_and_change(admin_client, country):
    organization = make_organization(country, since=2012, until=2014)
    assert admin_client.get(ADD_MEMBERSHIP).status_code == 200

    response = admin_client.post(
        ADD_MEMBERSHIP,
        {"organization": organization.pk, "since_year": 2016, "source": "Congress report"},
    )
    assert response.status_code == 302
    period = organization.memberships.get(since_year=2016)

    form = admin_client.get(change_url(period))
    assert form.status_code == 200
    response = admin_client.post(
        change_url(period),
        {"organization": organization.pk, "since_year": 2016, "until_year": 2019, "source": "R.",
         "opened_version": opened_version(form)},
    )
    assert response.status_code == 302
    period.refresh_from_db()
    assert (period.until_year, period.source) == (2019, "R.")


@pytest.mark.parametrize(
    ("period", "rule"),
    [
        ({"since_year": 2009}, "before founding"),
        ({"since_year": 2013, "until_year": NEXT_YEAR}, "future"),
        ({"since_year": 2016, "until_year": 2014}, "until before since"),
        ({"since_year": 2016}, "second open"),
        ({"since_year": 2010, "until_year": 2013}, "overlap"),
        ({"since_year": 2012, "until_year": 2012}, "same start"),
    ],
)
def test_membership_breaking_a_rule_is_refused(admin_client, country, period, rule):
    organization = make_organization(country, since=2012)

    response = admin_client.post(ADD_MEMBERSHIP, {"organization": organization.pk, **period})

    assert_refused(response, MESSAGES[rule])
    assert organization.memberships.count() == 1


def test_membership_with_a_second_unknown_start_is_refused(admin_client, country):
    organization = make_organization(country, since=None, until=2013)

    response = admin_client.post(
        ADD_MEMBERSHIP, {"organization": organization.pk, "until_year": 2015}
    )

    assert_refused(response, MESSAGES["second unknown"])


# Query counts ----------------------------------------------------------------------


def count_queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.parametrize(
    ("url", "most"),
    [
        (ORGANIZATIONS, 6),
        (ORGANIZATIONS + "?q=party&continent=europe&status=current&o=6.-7", 6),
        (ORGANIZATIONS + "?since=2012&country=TR", 6),
        # "Show counts": each filter's counts in one query (its choices are read again).
        (ORGANIZATIONS + "?_facets=True", 18),
        (COUNTRIES + "?o=4", 4),
        (COUNTRIES + "?_facets=True", 5),
        (MEMBERSHIPS, 5),
        (MEMBERSHIPS + "?q=party&period=open", 5),
        (MEMBERSHIPS + "?_facets=True", 8),
    ],
)
def test_lists_run_the_same_queries_whatever_the_number_of_rows(
    admin_client, seed, django_assert_max_num_queries, url, most
):
    with_seed = count_queries(admin_client, url)

    add_organizations(200, list(Country.objects.all()))
    with django_assert_max_num_queries(most):
        response = admin_client.get(url)

    assert response.status_code == 200
    assert count_queries(admin_client, url) == with_seed


@pytest.mark.parametrize("periods", [1, 5])
def test_organization_change_form_runs_a_fixed_number_of_queries(
    admin_client, country, django_assert_max_num_queries, periods
):
    organization = make_organization(country, since=False)
    Membership.objects.bulk_create(
        Membership(organization=organization, since_year=2010 + 2 * i, until_year=2011 + 2 * i)
        for i in range(periods)
    )

    with django_assert_max_num_queries(8):
        response = admin_client.get(change_url(organization))

    assert response.status_code == 200
    assert f'name="memberships-{periods - 1}-since_year"' in text(response)


def test_autocomplete_runs_a_fixed_number_of_queries(
    admin_client, seed, django_assert_max_num_queries
):
    add_organizations(200, list(Country.objects.all()))
    params = {"app_label": "members", "model_name": "membership", "field_name": "organization"}

    with django_assert_max_num_queries(5):
        response = admin_client.get(AUTOCOMPLETE, {**params, "term": "party"})

    assert response.status_code == 200
    assert len(response.json()["results"]) == 20


def test_organization_list_shows_a_full_page_in_the_same_queries(admin_client, seed):
    with_seed = count_queries(admin_client, ORGANIZATIONS)
    add_organizations(200, list(Country.objects.all()))

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(ORGANIZATIONS)

    assert len(rows(response)) == 100
    assert len(queries) == with_seed
