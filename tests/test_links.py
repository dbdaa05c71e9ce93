"""Links to other datasets: an organization's website and Wikidata identifier, through the
admin, the public pages and downloads, the list's filter, and export and import; and
sources that are web addresses, shown as links."""

import csv
import io
import json
import re

import pytest
from django.urls import reverse

from members.models import Country, Membership, Organization

from .conftest import make_organization
from .test_admin import ADD_ORGANIZATION, assert_refused, change_url, organization_form, text
from .test_import_export import export, fixture, organization, refused, run_import, togo, write

pytestmark = pytest.mark.django_db

LIST = reverse("members:organization-list")
CSV = reverse("members:organization-csv")
JSON = reverse("members:organization-json")
WIKIDATA_MESSAGE = (
    "Enter a Wikidata identifier: the letter Q and the item's number, e.g. Q2342 "
    "(upper-case Q, no leading zero, nothing else)."
)
WEBSITE_MESSAGE = "Enter the full address of a web page, starting with https:// or http://."
# A website with what a file must keep exactly: accents, a query, an ampersand.
WEBSITE = "https://example.org/ação/?lang=pt&x=1"


def body(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode()


def link(organization, website=WEBSITE, wikidata="Q2342"):
    Organization.objects.filter(pk=organization.pk).update(website=website, wikidata=wikidata)


def tikb():
    return Organization.objects.get(slug="tikb-tr")


# Export and import


@pytest.mark.parametrize("format", ["json", "csv"])
def test_website_and_wikidata_come_back_from_an_export_into_an_empty_registry(seed, tmp_path, format):
    link(tikb())
    first = export(format)
    assert WEBSITE in first and "Q2342" in first
    path = write(tmp_path, f"registry.{format}", first)
    Membership.objects.all().delete()
    Organization.objects.all().delete()
    Country.objects.all().delete()

    run_import(path)

    assert (tikb().website, tikb().wikidata) == (WEBSITE, "Q2342")
    assert export(format) == first


def test_the_fixture_gives_the_new_keys_after_the_old_ones(seed):
    records = json.loads(export())
    fields = next(r["fields"] for r in records if r["model"] == "members.organization")
    assert list(fields) == ["name", "abbreviation", "english_name", "country", "slug",
                            "created_at", "updated_at", "website", "wikidata"]


def test_an_import_sets_and_clears_the_links_of_a_stored_organization(seed, tmp_path):
    run_import(write(tmp_path, "x.json", fixture(
        ("members.organization", {"slug": "tikb-tr", "website": WEBSITE, "wikidata": "Q2342"}),
    )))
    assert (tikb().website, tikb().wikidata) == (WEBSITE, "Q2342")

    output = run_import(write(tmp_path, "y.json", fixture(
        ("members.organization", {"slug": "tikb-tr", "wikidata": ""}),
    )))
    assert "wikidata: “Q2342” → (empty)" in output
    assert (tikb().website, tikb().wikidata) == (WEBSITE, "")


def test_a_csv_without_the_new_columns_leaves_the_stored_links_alone(seed, tmp_path):
    link(tikb())
    rows = list(csv.reader(io.StringIO(export("csv"), newline="")))
    assert rows[0][-2:] == ["website", "wikidata"]
    old = io.StringIO(newline="")
    csv.writer(old).writerows(row[:-2] for row in rows)

    output = run_import(write(tmp_path, "old.csv", old.getvalue()))

    assert "Organizations: 0 created, 0 updated, 63 unchanged." in output
    assert (tikb().website, tikb().wikidata) == (WEBSITE, "Q2342")


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("wikidata", "Q0123", WIKIDATA_MESSAGE),
        ("wikidata", "q2342", WIKIDATA_MESSAGE),
        ("wikidata", "Q2342\n", WIKIDATA_MESSAGE),
        ("wikidata", "2342", WIKIDATA_MESSAGE),
        ("website", "not a web address", WEBSITE_MESSAGE),
        ("website", "javascript:alert(1)", WEBSITE_MESSAGE),
        ("website", "ftp://example.org/", WEBSITE_MESSAGE),
    ],
)
def test_a_malformed_link_is_refused_with_its_record_and_field(seed, tmp_path, field, value, message):
    report = refused(tmp_path, "x.json", fixture(togo(), organization(**{field: value})))
    assert f"record 2 (organization pct-tg), field {field}: {message}" in report


def test_a_malformed_wikidata_in_a_csv_is_refused_with_its_row_and_column(seed, tmp_path):
    rows = list(csv.reader(io.StringIO(export("csv"), newline="")))
    rows[1][-1] = "Q-7"
    bad = io.StringIO(newline="")
    csv.writer(bad).writerows(rows)

    report = refused(tmp_path, "bad.csv", bad.getvalue())

    assert f"row 2 (organization {rows[1][0]}), field wikidata: {WIKIDATA_MESSAGE}" in report


# The admin


def test_an_editor_gives_an_organization_its_website_and_wikidata(admin_client, country):
    response = admin_client.post(
        ADD_ORGANIZATION, organization_form(country, website="pcr.example.org", wikidata="Q2342")
    )

    assert response.status_code == 302
    organization = Organization.objects.get()
    # An address typed without its scheme gets https://, as the field's help says.
    assert (organization.website, organization.wikidata) == ("https://pcr.example.org", "Q2342")


@pytest.mark.parametrize("wikidata", ["Q", "Q02342", "2342", "q2342", "Q2342 Q5"])
def test_the_admin_refuses_a_malformed_wikidata_beside_its_field(admin_client, country, wikidata):
    response = admin_client.post(ADD_ORGANIZATION, organization_form(country, wikidata=wikidata))

    assert_refused(response, WIKIDATA_MESSAGE)
    row = re.search(r'<div class="form-row errors field-wikidata">.*?</div>', text(response), re.S)
    assert row and WIKIDATA_MESSAGE in row.group()
    assert not Organization.objects.exists()


def test_the_admin_refuses_a_website_that_is_no_web_page(admin_client, country):
    response = admin_client.post(
        ADD_ORGANIZATION, organization_form(country, website="javascript:alert(1)")
    )

    assert_refused(response, WEBSITE_MESSAGE)
    assert not Organization.objects.exists()


def test_the_change_form_shows_the_links(admin_client, seed):
    organization = tikb()
    link(organization)
    page = text(admin_client.get(change_url(organization)))
    assert f'name="website" value="{WEBSITE}"' in page
    assert 'name="wikidata" value="Q2342"' in page


# Public pages and downloads


def test_the_organization_page_links_its_website_and_wikidata(seed, client):
    link(tikb())
    html = body(client.get(tikb().get_absolute_url()))
    assert '<a href="https://example.org/ação/?lang=pt&amp;x=1" rel="nofollow noopener">' in html
    assert '<a href="https://www.wikidata.org/wiki/Q2342">Q2342</a>' in html
    assert "<dt>Website</dt>" in html
    assert "<dt>Wikidata</dt>" in html


def test_an_organization_without_links_shows_none(seed, client):
    html = body(client.get(tikb().get_absolute_url()))
    assert "<dt>Website</dt>" not in html
    assert "<dt>Wikidata</dt>" not in html


def test_the_downloads_carry_the_links_as_their_last_keys(seed, client):
    link(tikb())
    [row] = json.loads(body(client.get(JSON, {"q": "tikb"})))["results"]
    assert list(row)[-3:] == ["url", "website", "wikidata"]
    assert (row["website"], row["wikidata"]) == (WEBSITE, "Q2342")
    [line] = list(csv.DictReader(io.StringIO(body(client.get(CSV, {"q": "tikb"})))))
    assert (line["website"], line["wikidata"]) == (WEBSITE, "Q2342")
    detail = json.loads(body(client.get(reverse("members:organization-detail-json", args=["tikb-tr"]))))
    assert (detail["website"], detail["wikidata"]) == (WEBSITE, "Q2342")


def test_sources_that_are_web_addresses_are_links_and_the_rest_is_text(seed, client):
    organization = make_organization(Country.objects.get(code="TR"), name="Kaynak Partisi", since=2012,
                                     until=2013)
    Membership.objects.filter(organization=organization).update(source="https://example.org/icor?a=1&b=2")
    Membership.objects.create(organization=organization, since_year=2015, until_year=2016,
                              source="ICOR statement, see https://example.org/statement")
    Membership.objects.create(organization=organization, since_year=2018,
                              source="javascript:alert(1)")

    html = body(client.get(organization.get_absolute_url()))

    assert ('<td data-label="Source"><a href="https://example.org/icor?a=1&amp;b=2" '
            'rel="nofollow noopener">https://example.org/icor?a=1&amp;b=2</a></td>') in html
    assert '<td data-label="Source">ICOR statement, see https://example.org/statement</td>' in html
    assert '<td data-label="Source">javascript:alert(1)</td>' in html
    assert html.count('rel="nofollow noopener"') == 1


# The list's filter


def test_the_list_filters_on_having_a_wikidata_identifier(seed, client):
    link(tikb())
    link(Organization.objects.get(slug="pr-ba"), website="")

    linked = json.loads(body(client.get(JSON, {"wikidata": "yes", "status": "all"})))
    unlinked = json.loads(body(client.get(JSON, {"wikidata": "no", "status": "all"})))
    page = client.get(LIST, {"wikidata": "yes"})

    assert sorted(row["slug"] for row in linked["results"]) == ["pr-ba", "tikb-tr"]
    assert unlinked["count"] == Organization.objects.count() - 2
    assert "tikb-tr" not in {row["slug"] for row in unlinked["results"]}
    assert [row["slug"] for row in csv.DictReader(io.StringIO(body(client.get(CSV, {"wikidata": "yes"}))))] \
        == [row["slug"] for row in json.loads(body(client.get(JSON, {"wikidata": "yes"})))["results"]]
    assert "<strong>2</strong> organizations found" in body(page)


def test_the_wikidata_filter_is_in_the_form_and_a_bad_value_is_named(seed, client):
    html = body(client.get(LIST))
    assert '<select name="wikidata" id="id_wikidata">' in html
    assert '<option value="yes">Has one</option>' in html

    response = client.get(JSON, {"wikidata": "maybe"})
    assert response.status_code == 400
    assert list(json.loads(response.content)["errors"]) == ["wikidata"]
    assert client.get(LIST, {"wikidata": "maybe"}).status_code == 400
