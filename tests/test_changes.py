"""/changes/ and /changes.atom: every change to the public data, newest first, what and
when, never who; a fixture load or an import is one change."""

import json
import re
from html import unescape

import feedparser
import pytest
from django.core.management import call_command
from django.urls import reverse

from members import history
from members.models import Country, Membership, Organization
from members.registry_io import import_data

from .conftest import make_country, make_organization

pytestmark = pytest.mark.django_db

CHANGES = reverse("members:change-list")
FEED = reverse("members:change-feed")
SEED_LOAD = "173 records loaded from icor_members.json"


def entries(client, path=CHANGES):
    """(id, text) of each change a page lists, the text without its time."""
    response = client.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    return [
        (key, " ".join(unescape(re.sub(r"<[^>]+>", "", text)).split()))
        for key, text in re.findall(
            r'<li id="(change-[^"]+)"><time[^>]*>.*?</time>:(.*?)</li>', html, re.S
        )
    ]


def texts(client, path=CHANGES):
    return [text for _, text in entries(client, path)]


def feed(client):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


def rename(organization, english_name, user=None):
    organization._history_user = user
    organization.english_name = english_name
    organization.save()


def test_changes_are_listed_newest_first_in_plain_words(client, seed):
    organization = Organization.objects.get(slug="tikb-tr")
    rename(organization, "Union of Revolutionary Communists in Turkey")
    period = organization.memberships.get()
    period.until_year = 2024
    period.save()

    assert texts(client) == [
        "Membership period 2010–2024 of Türkiye İhtilalci Komünistler Birliği changed",
        "Türkiye İhtilalci Komünistler Birliği (TİKB) changed",
        SEED_LOAD,
    ]
    html = client.get(CHANGES).content.decode()
    assert html.count('href="/organizations/tikb-tr/"') == 2


def test_added_and_removed_records_say_so_and_a_removed_one_has_no_link(client, seed):
    added = make_organization(
        name="Partido Comunista Revolucionario", abbreviation="PCR", since=2020
    )
    Organization.objects.get(slug="uc-ve").delete()

    listed = texts(client)
    assert "Partido Comunista Revolucionario (PCR) added" in listed
    assert "Membership period 2020–today of Partido Comunista Revolucionario added" in listed
    assert "Unión Comunera (UC) removed" in listed
    assert "Membership period 2023–today of a removed organization removed" in listed
    html = client.get(CHANGES).content.decode()
    assert f'href="{added.get_absolute_url()}"' in html
    assert 'href="/organizations/uc-ve/"' not in html


def test_a_country_change_is_a_change_with_a_link_to_the_country(client, seed):
    country = Country.objects.get(code="CI")
    country.name = "Côte d’Ivoire"
    country.save()

    assert texts(client)[0] == "Country Côte d’Ivoire changed"
    html = client.get(CHANGES).content.decode()
    assert 'href="/countries/ci/">Country Côte d’Ivoire</a>' in html


def test_the_editors_name_is_never_shown(client, seed, admin_user):
    rename(Organization.objects.get(slug="tikb-tr"), "Renamed by an editor", user=admin_user)

    assert texts(client)[0] == "Türkiye İhtilalci Komünistler Birliği (TİKB) changed"
    assert admin_user.username not in client.get(CHANGES).content.decode()
    assert admin_user.username not in client.get(FEED).content.decode()
    assert admin_user.email not in client.get(FEED).content.decode()


def test_a_fixture_load_is_one_change_and_a_second_load_another(client, db, tmp_path):
    call_command("loaddata", "icor_members.json", verbosity=0)
    # Loading the seed again changes nothing, so it is no change.
    call_command("loaddata", "icor_members", verbosity=0)
    assert texts(client) == [SEED_LOAD]

    fixture = tmp_path / "correction.json"
    fixture.write_text(json.dumps([
        {"model": "members.country", "fields": {"code": code, "name": name, "continent": "africa"}}
        for code, name in [("CI", "Côte d’Ivoire"), ("CG", "Republic of the Congo")]
    ]), encoding="utf-8")
    call_command("loaddata", str(fixture), verbosity=0)

    assert texts(client) == ["2 records loaded from correction.json", SEED_LOAD]


def test_an_import_is_one_change_naming_its_file(client, seed):
    fixture = [
        {"model": "members.country", "fields": {"code": code, "name": name, "continent": "africa"}}
        for code, name in [("CM", "Cameroun"), ("GH", "Ghana")]
    ] + [
        {"model": "members.organization", "fields": {
            "slug": "pcg-gh", "name": "Parti Communiste du Ghana", "country": ["GH"]}},
        {"model": "members.membership", "fields": {
            "organization": ["pcg-gh"], "since_year": 2021, "until_year": None}},
    ]
    report = import_data(json.dumps(fixture).encode(), "corrections.json")
    assert report.ok, report.problem_text()

    assert texts(client) == ["4 records imported from corrections.json", SEED_LOAD]
    assert [entry.title for entry in feed(client).entries] == texts(client)


def test_the_feed_is_atom_and_lists_what_the_page_lists(client, seed):
    organization = Organization.objects.get(slug="tikb-tr")
    rename(organization, "Union of Revolutionary Communists in Turkey")
    Organization.objects.get(slug="uc-ve").delete()

    parsed = feed(client)
    listed = entries(client)
    assert [entry.title for entry in parsed.entries] == [text for _, text in listed]
    assert [entry.id.split("#")[1] for entry in parsed.entries] == [key for key, _ in listed]
    assert len({entry.id for entry in parsed.entries}) == len(parsed.entries)
    assert parsed.feed.author == "ICOR Registry"
    assert parsed.feed.link == "http://testserver/changes/"
    tikb = next(entry for entry in parsed.entries if entry.title.startswith("Türkiye"))
    assert tikb.link == "http://testserver/organizations/tikb-tr/"
    assert tikb.updated_parsed is not None


def test_changes_are_paginated_and_a_page_out_of_range_shows_the_nearest(client, seed, settings):
    settings.REGISTRY_PAGE_SIZE = 5
    organization = Organization.objects.get(slug="uc-fr")
    for number in range(1, 12):
        rename(organization, f"Name {number}")

    first, second = texts(client), texts(client, f"{CHANGES}?page=2")
    last = texts(client, f"{CHANGES}?page=3")
    assert first == ["Unité Communiste (UC) changed"] * 5
    assert second == ["Unité Communiste (UC) changed"] * 5
    # Eleven renames and the seed's load: each on one page, none twice.
    listed = [key for number in (1, 2, 3) for key, _ in entries(client, f"{CHANGES}?page={number}")]
    assert len(listed) == len(set(listed)) == 12
    assert last == ["Unité Communiste (UC) changed", SEED_LOAD]
    assert texts(client, f"{CHANGES}?page=99") == last
    assert texts(client, f"{CHANGES}?page=0") == first
    assert texts(client, f"{CHANGES}?page=x") == first
    html = client.get(f"{CHANGES}?page=2").content.decode()
    assert "Changes 6–10, newest first." in html
    assert 'href="?page=3" rel="next">Older changes</a>' in html
    assert 'href="?" rel="prev">Newer changes</a>' in html
    # The feed is the first page.
    assert len(feed(client).entries) == 5


@pytest.mark.parametrize("path", [CHANGES, FEED])
def test_queries_are_fixed_whatever_the_size_of_the_history(client, seed, django_assert_num_queries, path):
    # ETag; the newest dates of each of the three histories (where the page's window
    # starts); the page of changes; the records it links to. Nothing counts them.
    queries = 6
    organization = Organization.objects.get(slug="tikb-tr")
    rename(organization, "Small history")
    with django_assert_num_queries(queries):
        client.get(path)

    countries = [make_country(f"Q{letter}", f"Land {letter}", "asia") for letter in "ABCDE"]
    organizations = [
        make_organization(country, name=f"Party {i}") for i, country in enumerate(countries * 30)
    ]
    history.update(Membership, [o.memberships.get() for o in organizations], ["note"], "Checked")
    rename(organization, "Large history")
    latest = organization.history.first().history_id
    with django_assert_num_queries(queries):
        assert f"change-organization-{latest}" in client.get(path).content.decode()


@pytest.mark.parametrize("path", [CHANGES, FEED])
def test_the_pages_are_public_pages(client, seed, path):
    response = client.get(path)
    assert "public" in response["Cache-Control"]

    assert client.get(path, headers={"if-none-match": response["ETag"]}).status_code == 304
    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405
    rename(Organization.objects.get(slug="tikb-tr"), "Edited")
    assert client.get(path, headers={"if-none-match": response["ETag"]}).status_code == 200


def test_an_empty_history_says_so(client, db):
    assert "No changes recorded yet." in client.get(CHANGES).content.decode()
    assert feed(client).entries == []


def test_the_overview_links_to_all_changes_and_the_feed(client, seed):
    html = client.get(reverse("members:overview")).content.decode()
    section = html[html.index('id="recent-changes"'):]

    assert f'<a href="{CHANGES}">All changes</a>' in section
    assert f'<a href="{FEED}" type="application/atom+xml">Atom feed</a>' in section
    assert texts(client, reverse("members:overview")) == [SEED_LOAD]


@pytest.mark.parametrize("name", ["members:change-list", "members:overview"])
def test_the_pages_announce_the_feed_to_feed_readers(client, seed, name):
    html = client.get(reverse(name)).content.decode()
    head = html[: html.index("</head>")]

    assert (
        '<link rel="alternate" type="application/atom+xml" title="ICOR Registry: changes"'
        f' href="{FEED}">'
    ) in head


def test_a_load_of_many_records_on_top_still_leaves_a_full_page(client, seed, settings, tmp_path):
    settings.REGISTRY_PAGE_SIZE = 5
    organization = Organization.objects.get(slug="uc-fr")
    for number in range(1, 8):
        rename(organization, f"Name {number}")
    # Thirty entries newer than every edit, all one change.
    fixture = tmp_path / "many.json"
    fixture.write_text(json.dumps([
        {"model": "members.country",
         "fields": {"code": f"Q{chr(65 + i // 26)}{chr(65 + i % 26)}"[-2:], "name": f"Land {i}",
                    "continent": "asia"}}
        for i in range(30)
    ]), encoding="utf-8")
    call_command("loaddata", str(fixture), verbosity=0)

    assert texts(client) == ["30 records loaded from many.json"] + ["Unité Communiste (UC) changed"] * 4
    assert texts(client, f"{CHANGES}?page=2") == ["Unité Communiste (UC) changed"] * 3 + [SEED_LOAD]
