"""The public list of recent changes: what and when, never who."""

import pytest

from members.models import Organization
from members.public.recent import recent_changes

pytestmark = pytest.mark.django_db


def test_recent_changes_lists_the_latest_edits_first(seed):
    organization = Organization.objects.get(slug="tikb-tr")
    organization.english_name = "Union of Revolutionary Communists in Turkey"
    organization.save()
    period = organization.memberships.get()
    period.until_year = 2024
    period.save()

    latest, previous = recent_changes()[:2]
    assert latest.sentence == "Membership period 2010–2024 of Türkiye İhtilalci Komünistler Birliği changed"
    assert previous.what == "Türkiye İhtilalci Komünistler Birliği (TİKB)"
    assert previous.url == "/organizations/tikb-tr/"


def test_a_removed_organization_is_listed_without_a_link(seed):
    Organization.objects.get(slug="uc-ve").delete()
    entries = {(change.sentence, change.url) for change in recent_changes()}
    assert ("Unión Comunera (UC) removed", "") in entries
    assert ("Membership period 2023–today of a removed organization removed", "") in entries


def test_recent_changes_run_five_queries_whatever_the_history(seed, django_assert_num_queries):
    organization = Organization.objects.get(slug="uc-fr")
    for year in range(2011, 2020):
        organization.english_name = f"Communist Unity {year}"
        organization.save()
    # The newest dates of each history; the changes from the tenth newest date on; the
    # records they link to.
    with django_assert_num_queries(5) as captured:
        assert len(recent_changes(limit=10)) == 10
    grouped = captured.captured_queries[3]["sql"]
    assert "WHERE change_date >=" in grouped
