import io

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from members import derived
from members.models import Country, Membership, Organization

from .conftest import make_country, make_organization

pytestmark = pytest.mark.django_db


def refused_by_database(create):
    """True when the database itself refuses what `create()` writes."""
    try:
        with transaction.atomic():
            create()
    except IntegrityError:
        return True
    return False


def messages(error):
    return " ".join(m for ms in error.message_dict.values() for m in ms)


# Country ------------------------------------------------------------------


def test_country_code_is_unique_in_the_database(country):
    assert refused_by_database(lambda: make_country(code="CM", name="Other"))


def test_country_continent_must_be_one_of_the_six(country):
    assert refused_by_database(lambda: make_country(code="XX", name="Atlantis", continent="atlantis"))
    with pytest.raises(ValidationError) as error:
        Country(code="XX", name="Atlantis", continent="atlantis").full_clean()
    assert "continent" in error.value.message_dict


def test_country_code_must_be_two_capital_letters(db):
    assert refused_by_database(lambda: make_country(code="cm"))
    assert refused_by_database(lambda: make_country(code="C"))
    with pytest.raises(ValidationError) as error:
        Country(code="cm", name="Cameroon", continent="africa").full_clean()
    assert "two capital letters" in messages(error.value)


def test_country_natural_key_round_trips(country):
    assert Country.objects.get_by_natural_key(*country.natural_key()) == country


# Organization ---------------------------------------------------------------


def test_slug_is_made_from_abbreviation_and_country_code(country):
    organization = make_organization(country, name="Union des Populations du Cameroun", abbreviation="UPC-Manidem")
    assert organization.slug == "upc-manidem-cm"


def test_slug_falls_back_to_the_name_and_is_numbered_when_taken(country):
    first = make_organization(country, name="Gruppa »Krasny Klin«")
    second = make_organization(country, name="Another", abbreviation="Gruppa Krasny Klin")
    assert first.slug == "gruppa-krasny-klin-cm"
    assert second.slug == "gruppa-krasny-klin-cm-2"


def test_slug_stays_when_the_organization_is_renamed(country):
    organization = make_organization(country, name="Parti", abbreviation="PCT")
    organization.abbreviation = "PCTG"
    organization.name = "Parti Communiste du Togo"
    organization.save()
    organization.refresh_from_db()
    assert organization.slug == "pct-cm"


def test_slug_is_unique_in_the_database(country):
    make_organization(country, name="A", slug="same")
    assert refused_by_database(
        lambda: Organization.objects.create(country=country, name="B", slug="same")
    )


def test_name_is_unique_per_country(country):
    make_organization(country, name="Unité Communiste")
    assert refused_by_database(lambda: make_organization(country, name="Unité Communiste", since=False))
    duplicate = Organization(country=country, name="Unité Communiste", slug="uc-2")
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "already has an organization with this name" in messages(error.value)


def test_same_name_and_abbreviation_in_another_country_is_fine(country):
    venezuela = make_country(code="VE", name="Venezuela", continent="latin-america")
    make_organization(country, name="Unité Communiste", abbreviation="UC")
    other = make_organization(venezuela, name="Unión Comunera", abbreviation="UC")
    other.full_clean()
    assert other.slug == "uc-ve"


def test_empty_name_is_refused(country):
    assert refused_by_database(lambda: Organization.objects.create(country=country, name="", slug="x"))
    with pytest.raises(ValidationError) as error:
        Organization(country=country, name="", slug="x").full_clean()
    assert "name" in error.value.message_dict


@pytest.mark.parametrize("bad", ["Parti\u202eevil", "Tab\there", "New\nline", "Nul\x00", "Mark\u200f"])
def test_names_refuse_control_and_bidi_characters(country, bad):
    organization = Organization(country=country, name=bad, english_name=bad, slug="x")
    with pytest.raises(ValidationError) as error:
        organization.full_clean()
    assert "invisible character" in messages(error.value)
    assert {"name", "english_name"} <= set(error.value.message_dict)


def test_country_cannot_be_deleted_while_it_has_organizations(country):
    make_organization(country)
    with pytest.raises(IntegrityError), transaction.atomic():
        country.delete()


def test_organization_natural_key_round_trips(country):
    organization = make_organization(country)
    assert Organization.objects.get_by_natural_key(*organization.natural_key()) == organization


# Search column --------------------------------------------------------------


def test_search_column_is_folded_on_save(country):
    organization = make_organization(country, name="Komunistická Strana", abbreviation="KSČ")
    assert organization.search == "komunisticka strana ksc cameroon"
    assert list(Organization.objects.search("KOMUNISTICKA ksc")) == [organization]


def test_search_column_is_written_by_derived_for_bulk_writes_and_repaired_after_update(country):
    organization = Organization(country=country, name="Türkiye İhtilalci", abbreviation="TİKB", slug="tikb-cm")
    derived.fill_text(organization)
    Organization.objects.bulk_create([organization])
    assert Organization.objects.get().search == "turkiye ihtilalci tikb cameroon"

    Organization.objects.filter(pk=organization.pk).update(name="Bolşevik Parti")
    assert not Organization.objects.search("bolsevik").exists()
    call_command("check_registry", "--repair", stdout=io.StringIO())
    assert Organization.objects.get().search.startswith("bolsevik parti")


def test_renaming_a_country_refolds_its_organizations(country):
    make_organization(country, name="Parti")
    country.name = "Côte d’Ivoire"
    country.save()
    assert Organization.objects.search("cote d'ivoire").count() == 1
    Country.objects.filter(pk=country.pk).update(name="Kamerun")
    call_command("check_registry", "--repair", stdout=io.StringIO())
    assert Organization.objects.search("kamerun").count() == 1


def test_search_needs_every_word(country):
    make_organization(country, name="Communist Party of Kenya", abbreviation="CPK")
    assert Organization.objects.search("communist kenya").count() == 1
    assert Organization.objects.search("communist togo").count() == 0
    assert Organization.objects.search("   ").count() == 1


# Membership -----------------------------------------------------------------


@pytest.mark.parametrize("field", ["since_year", "until_year"])
def test_years_before_the_founding_are_refused(country, field):
    organization = make_organization(country, since=False)
    values = {"since_year": 2010, "until_year": 2011, field: 2009}
    assert refused_by_database(lambda: Membership.objects.create(organization=organization, **values))
    with pytest.raises(ValidationError) as error:
        Membership(organization=organization, **values).full_clean()
    assert "ICOR was founded in 2010" in " ".join(error.value.message_dict[field])


def test_a_year_in_the_future_is_refused(country):
    organization = make_organization(country, since=False)
    next_year = timezone.now().year + 1
    with pytest.raises(ValidationError) as error:
        Membership(organization=organization, since_year=next_year).full_clean()
    assert "in the future" in " ".join(error.value.message_dict["since_year"])


def test_until_year_cannot_be_before_since_year(country):
    organization = make_organization(country, since=False)
    assert refused_by_database(
        lambda: Membership.objects.create(organization=organization, since_year=2015, until_year=2012)
    )
    with pytest.raises(ValidationError) as error:
        Membership(organization=organization, since_year=2015, until_year=2012).full_clean()
    assert "leaving year cannot be before the joining year" in messages(error.value)


def test_only_one_open_period_per_organization(country):
    organization = make_organization(country, since=2010)
    assert refused_by_database(
        lambda: Membership.objects.create(organization=organization, since_year=2015)
    )
    with pytest.raises(ValidationError) as error:
        Membership(organization=organization, since_year=2015).full_clean()
    assert "already has an open membership period" in messages(error.value)


def test_overlapping_periods_are_refused(country):
    organization = make_organization(country, since=2010, until=2015)
    with pytest.raises(ValidationError) as error:
        Membership(organization=organization, since_year=2014, until_year=2016).full_clean()
    assert "overlaps the period 2010–2015" in messages(error.value)


def test_leaving_and_rejoining_are_separate_periods(country):
    organization = make_organization(country, since=2010, until=2015)
    rejoined = Membership(organization=organization, since_year=2015)
    rejoined.full_clean()
    rejoined.save()
    assert Organization.objects.current().get() == organization


def test_unknown_joining_year_is_stored_as_unknown(country):
    organization = make_organization(country, since=None)
    membership = organization.memberships.get()
    membership.full_clean()
    assert membership.since_year is None
    assert str(membership).endswith("?–today")


def test_membership_natural_key_round_trips_with_known_and_unknown_year(country):
    known = make_organization(country, name="A", abbreviation="A").memberships.get()
    unknown = make_organization(country, name="B", abbreviation="B", since=None).memberships.get()
    for membership in (known, unknown):
        key = membership.natural_key()
        assert Membership.objects.get_by_natural_key(*key) == membership
    assert unknown.natural_key() == ("b-cm", None)


# Rules about members --------------------------------------------------------


def test_current_former_and_members_during_a_year(country):
    current = make_organization(country, name="Current", since=2012)
    former = make_organization(country, name="Former", since=2010, until=2014)
    unknown = make_organization(country, name="Unknown", since=None)
    never = make_organization(country, name="Never", since=False)

    assert set(Organization.objects.current()) == {current, unknown}
    assert set(Organization.objects.former()) == {former}
    assert set(Organization.objects.members_during(2011)) == {former}
    assert set(Organization.objects.members_during(2013)) == {current, former}
    assert set(Organization.objects.members_during(2020)) == {current}
    assert set(Organization.objects.unplaced_during(2020)) == {unknown}
    assert never not in Organization.objects.all().former()


def test_members_during_a_year_apart_are_the_same_organizations_split_in_two(country):
    current = make_organization(country, name="Current", since=2012)
    make_organization(country, name="Former", since=2010, until=2014)
    rejoined = make_organization(country, name="Rejoined", since=2010, until=2013)
    Membership.objects.create(organization=rejoined, since_year=2016)
    # Left in 2015 and rejoined the same year: both periods cover 2015.
    again = make_organization(country, name="Again", since=2011, until=2015)
    Membership.objects.create(organization=again, since_year=2015)
    # An open period of unknown start after a known one: only the known one is placed.
    unknown_later = make_organization(country, name="Unknown later", since=2010, until=2011)
    Membership.objects.create(organization=unknown_later, since_year=None)
    make_organization(country, name="Never", since=False)

    for year in range(2010, 2018):
        latest, earlier = Organization.objects.members_during_apart(year)
        assert not set(latest) & set(earlier), year
        assert set(latest) | set(earlier) == set(Organization.objects.members_during(year)), year
    latest, earlier = Organization.objects.members_during_apart(2011)
    assert set(earlier) == {rejoined, again, unknown_later}
    latest, earlier = Organization.objects.members_during_apart(2016)
    assert set(latest) == {current, rejoined, again}
    assert set(earlier) == set()


def test_the_latest_period_and_status_are_stored_on_the_organization(country):
    organization = make_organization(country, since=2010, until=2013)
    assert organization.status == "former"
    Membership.objects.create(organization=organization, since_year=2016)
    # The copy that made the period is read back: it shows the period and can be saved.
    assert (organization.member_since, organization.member_until, organization.status) == (
        2016, None, "current"
    )
    organization.english_name = "Saved after a new period"
    organization.save()
    stored = Organization.objects.get()
    assert (stored.member_since, stored.member_until, stored.is_member) == (2016, None, True)
    assert make_organization(country, name="None", since=False).status is None


def test_names_sort_folded_then_exactly_alike_on_every_database(seed):
    country = Country.objects.get(code="CM")
    for name in ["ärzte Partei", "Ärzte Partei", "Arzte Partei", "Arzte"]:
        make_organization(country, name=name, since=False)
    names = list(Organization.objects.values_list("name", flat=True))
    assert names.index("Ação Popular Revolucionária (PDT)") < names.index(
        "All Pakistan Trade Union Federation"
    ) < names.index("Association des Réfugiés Latino-Américains et des Caraïbes")
    # Accents and case are ignored first; the exact name decides between equals.
    assert [n for n in names if n.lower().startswith(("arzte", "ärzte"))] == [
        "Arzte", "Arzte Partei", "Ärzte Partei", "ärzte Partei",
    ]
    assert names == sorted(names, key=derived.sort_name)
