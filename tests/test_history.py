"""Every write leaves a history entry; a stale copy cannot overwrite a newer one."""

import json

import pytest
from django.core.management import call_command

from members import history
from members.locking import StaleRecordError
from members.models import Country, Membership, Organization

from members.registry_io import import_data

from .conftest import make_organization

pytestmark = pytest.mark.django_db


def test_seed_load_is_the_first_entry_of_each_records_history(seed):
    for model in (Country, Organization, Membership):
        assert model.history.count() == model.objects.count()
        assert set(model.history.values_list("history_type", flat=True)) == {"+"}
    entry = Organization.history.get(slug="tikb-tr")
    assert entry.history_change_reason == "Loaded from icor_members.json"
    assert entry.name == "Türkiye İhtilalci Komünistler Birliği"


def test_loading_the_seed_again_adds_no_history(seed):
    call_command("loaddata", "icor_members", verbosity=0)
    assert Organization.history.count() == 63


def test_a_fixture_that_changes_a_record_adds_an_entry(seed, tmp_path):
    organization = Organization.objects.get(slug="tikb-tr")
    fixture = tmp_path / "change.json"
    fixture.write_text(
        '[{"model": "members.organization", "fields": {"name": "TİKB renamed", "abbreviation": "TİKB",'
        ' "english_name": "", "country": ["TR"], "slug": "tikb-tr",'
        ' "created_at": "2026-11-28T00:00:00Z", "updated_at": "2026-11-28T00:00:00Z"}}]',
        encoding="utf-8",
    )
    call_command("loaddata", str(fixture), verbosity=0)
    latest, first = organization.history.all()[:2]
    assert (latest.history_type, latest.name) == ("~", "TİKB renamed")
    assert first.name == "Türkiye İhtilalci Komünistler Birliği"


def test_save_in_code_records_old_and_new_values(country):
    organization = make_organization(country, name="Old name")
    organization.name = "New name"
    organization.save()
    new, old = organization.history.all()[:2]
    assert (old.name, new.name) == ("Old name", "New name")
    assert [change.field for change in new.diff_against(old).changes] == ["name"]


def test_bulk_writes_record_history(country):
    [created] = history.create(Organization, [Organization(country=country, name="Bulk", slug="b")], "Bulk")
    assert created.history.get().history_type == "+"

    created.english_name = "In bulk"
    history.update(Organization, [created], ["english_name"], "Bulk")
    types_and_values = list(created.history.values_list("history_type", "english_name", "history_change_reason"))
    assert types_and_values == [("~", "In bulk", "Bulk"), ("+", "", "Bulk")]


def test_a_raw_queryset_update_writes_no_history(country):
    """Plain Django: code that must leave a trace writes through save() or members.history."""
    organization = make_organization(country)
    Organization.objects.filter(pk=organization.pk).update(abbreviation="BLK")
    assert organization.history.count() == 1


def test_deleting_records_history_for_the_organization_and_its_periods(country):
    organization = make_organization(country, since=2012)
    pk = organization.pk
    organization.delete()
    assert Organization.history.filter(id=pk).first().history_type == "-"
    assert Membership.history.filter(organization_id=pk).first().history_type == "-"


def test_restoring_an_old_version_brings_its_values_back(country):
    organization = make_organization(country, name="First", english_name="One")
    organization.name, organization.english_name = "Second", "Two"
    organization.save()
    restored = organization.history.earliest().instance
    with pytest.raises(StaleRecordError):
        restored.save()  # an old version, read at its old version number
    restored.version = Organization.objects.get(pk=organization.pk).version
    restored.save()
    organization.refresh_from_db()
    assert (organization.name, organization.english_name) == ("First", "One")
    assert organization.search.startswith("first one")


def test_a_stale_copy_cannot_overwrite_a_newer_save(country):
    organization = make_organization(country, name="Original")
    opened = organization.version
    first = Organization.objects.get(pk=organization.pk)
    second = Organization.objects.get(pk=organization.pk)
    first.name = "First editor"
    first.save()
    second.name = "Second editor"
    with pytest.raises(StaleRecordError):
        second.save()
    organization.refresh_from_db()
    assert organization.name == "First editor"
    assert organization.version == opened + 1


def test_an_import_moves_the_version_forward(country, tmp_path):
    organization = make_organization(country)
    stale = Organization.objects.get(pk=organization.pk)
    fixture = [{"model": "members.organization", "fields": {
        "slug": organization.slug, "name": organization.name, "english_name": "x",
        "country": [country.code]}}]
    assert import_data(json.dumps(fixture).encode(), "change.json").ok
    assert Organization.objects.get(pk=organization.pk).version == stale.version + 1
    with pytest.raises(StaleRecordError):
        stale.save()


def test_a_changed_membership_changes_when_the_organization_last_changed(country):
    organization = make_organization(country, since=2012)
    before = Organization.objects.get(pk=organization.pk).updated_at
    membership = organization.memberships.get()
    membership.until_year = 2015
    membership.save()
    assert Organization.objects.get(pk=organization.pk).updated_at > before


def test_saving_named_fields_keeps_the_search_column_right(country):
    organization = make_organization(country, name="Old name")
    organization.name = "Zzyzx Partisi"
    organization.save(update_fields=["name"])
    assert list(Organization.objects.search("zzyzx")) == [organization]
