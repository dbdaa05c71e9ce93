"""The dataset page (/data/) and its downloads: the whole registry as JSON and CSV, the
spreadsheet CSV, sizes and counts, the codebook, the licence and the citation."""

import csv
import html
import io
import json
import re
from itertools import chain

import pytest
from django.conf import settings
from django.core import serializers
from django.core.cache import caches
from django.test import RequestFactory
from django.urls import reverse
from django.utils import translation

from members.models import Country, Membership, Organization
from members.public import dataset
from members.public.codebook import CODEBOOK
from members.registry_io import export as registry_export

from .conftest import add_organizations, make_organization
from .test_import_export import export

pytestmark = pytest.mark.django_db

DATA = reverse("members:data")
FIXTURE = reverse("members:data-json")
CSV = reverse("members:organization-csv")
JSON = reverse("members:organization-json")
BOM = b"\xef\xbb\xbf"


def raw(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content) if response.streaming else response.content


def page(client):
    return html.unescape(raw(client.get(DATA)).decode())


def codebook(slug):
    return next(table for table in CODEBOOK if table.slug == slug).keys()


def sizes(text):
    """{download title: bytes} as the page states them."""
    found = re.findall(r'download>([^<]+)</a></h3>.*?<dt>Size</dt>\s*<dd>[^(]*\(([\d,]+) bytes\)',
                       text, re.S)
    return {title: int(size.replace(",", "")) for title, size in found}


# The codebook


def test_the_codebook_names_every_key_of_every_download_in_order(seed, client):
    Membership.objects.filter(organization__slug="tikb-tr").update(note="Checked.")
    rows = list(csv.reader(io.StringIO(raw(client.get(CSV, {"status": "all"})).decode())))
    listed = json.loads(raw(client.get(JSON, {"status": "all"})))
    detail = json.loads(raw(client.get(reverse("members:organization-detail-json", args=["tikb-tr"]))))
    records = json.loads(raw(client.get(FIXTURE)))

    assert rows[0] == codebook("organization")
    assert list(listed) == codebook("list")
    assert {tuple(result) for result in listed["results"]} == {tuple(codebook("organization"))}
    assert list(detail) == codebook("organization") + codebook("detail")
    assert list(detail["memberships"][0]) == codebook("period")
    assert {tuple(record) for record in records} == {tuple(codebook("record"))}
    for model in ("country", "organization", "membership"):
        fields = {tuple(r["fields"]) for r in records if r["model"] == f"members.{model}"}
        assert fields == {tuple(codebook(f"fixture-{model}"))}, model


def test_the_page_shows_each_key_of_the_codebook_with_its_meaning(seed, client):
    text = page(client)
    for table in CODEBOOK:
        # Each table's own section: its keys in order, each with its meaning.
        section = re.search(
            rf'<section aria-labelledby="codebook-{table.slug}">(.*?)</section>', text, re.S
        ).group(1)
        assert f'<h3 id="codebook-{table.slug}">{table.title}</h3>' in section
        keys = re.findall(r'<th scope="row"><code>([^<]+)</code></th>', section)
        assert keys == [field.name for field in table.fields]
        for field in table.fields:
            assert str(field.meaning) in section
    assert "An unknown year is written as <code>null</code> in JSON and as an empty cell in CSV" in " ".join(text.split())


def test_the_codebook_is_read_in_the_language_of_the_page(seed, client):
    # Made once per process, it is shown in each page's language, one after the other.
    english = client.get(reverse("members:data")).content.decode()
    with translation.override("de"):
        german = client.get(reverse("members:data")).content.decode()
    assert "<td data-label=\"Meaning\">The name in English.</td>" in english
    assert "Der Name auf Englisch.</td>" in german
    assert "The name in English." not in german
    assert "The name in English." in client.get(reverse("members:data")).content.decode()


# Sizes, counts, date, citation


def test_each_download_is_as_large_as_the_page_says(seed, client):
    stated = sizes(page(client))

    assert stated == {
        "The whole registry as JSON": len(raw(client.get(FIXTURE))),
        "All organizations as CSV": len(raw(client.get(CSV, {"status": "all"}))),
        "All organizations as CSV for Excel": len(raw(client.get(CSV, {"status": "all", "bom": "1"}))),
    }


def test_the_page_links_every_download(seed, client):
    text = page(client)
    for url in [FIXTURE, f"{CSV}?status=all", f"{CSV}?status=all&bom=1"]:
        assert f'<a href="{url}" download>' in text


def test_the_page_counts_the_records_and_names_the_last_change(seed, client):
    make_organization(Country.objects.get(code="TR"), name="Eski Parti", since=2011, until=2012)
    latest = Membership.history.latest().history_date  # written after its organization

    text = page(client)

    assert "47 countries, 64 organizations and 64 membership periods" in text
    assert "64 organizations, a row each" in text
    day = f"{latest.day} {latest:%B %Y}"
    assert f"The data last changed on <time datetime=\"{latest.isoformat()}\">{day}</time>." in text
    assert (f'<p class="citation">ICOR Registry, data as of {day}, 64 organizations. '
            f"http://testserver/data/. Derived from the Wikipedia article") in text


def test_the_page_gives_the_licence_and_its_attribution(seed, client):
    text = page(client)
    assert '<a href="https://creativecommons.org/licenses/by-sa/4.0/" rel="license">' in text
    assert "https://en.wikipedia.org/wiki/International_Coordination_of_Revolutionary_Parties_and_Organizations" in text
    assert "CC BY-SA 4.0" in text


def test_the_sizes_are_measured_once_per_version_of_the_registry(seed, client, monkeypatch):
    measured = []
    measure = dataset.measure
    monkeypatch.setattr(dataset, "measure", lambda request: measured.append(1) or measure(request))
    before = sizes(page(client))
    # The page rendered again (in another language, say) reads the sizes back: no file
    # is written again.
    caches["pages"].clear()
    assert sizes(page(client)) == before
    assert len(measured) == 1

    make_organization(Country.objects.get(code="TR"), name="Yeni Parti")

    after = sizes(page(client))
    assert len(measured) == 2
    assert after["All organizations as CSV"] > before["All organizations as CSV"]
    assert after["All organizations as CSV"] == len(raw(client.get(CSV, {"status": "all"})))
    assert after["The whole registry as JSON"] == len(raw(client.get(FIXTURE)))


def test_an_empty_registry_has_a_page_too(db, client):
    text = page(client)
    assert "0 countries, 0 organizations and 0 membership periods" in text
    assert '<p class="citation">ICOR Registry, no data yet.' in text
    assert sizes(text)["The whole registry as JSON"] == len(b"[\n]\n")


# The downloads


def test_the_whole_registry_download_is_the_export_byte_for_byte(seed, client):
    Organization.objects.filter(slug="tikb-tr").update(website="https://tikb.example/", wikidata="Q5")
    response = client.get(FIXTURE)

    assert response["Content-Type"] == "application/json"
    assert response["Content-Disposition"] == 'attachment; filename="icor-registry.json"'
    assert raw(response) == export().encode()


def test_the_excel_csv_starts_with_a_bom_and_is_otherwise_the_same(seed, client):
    plain = raw(client.get(CSV, {"status": "all"}))
    excel = raw(client.get(CSV, {"status": "all", "bom": "1"}))

    assert not plain.startswith(BOM)
    assert excel.startswith(BOM)
    assert excel[len(BOM):] == plain
    assert "Türkiye İhtilalci".encode() in excel
    assert raw(client.get(CSV, {"status": "all", "bom": "0"})) == plain


def test_a_bad_bom_value_is_a_400_that_names_it(seed, client):
    response = client.get(CSV, {"bom": "yes", "status": "nobody"})
    assert response.status_code == 400
    errors = json.loads(response.content)["errors"]
    assert set(errors) == {"bom", "status"}
    assert "bom=1" in errors["bom"][0]


# Ways in


def test_the_header_and_the_list_link_the_dataset_page(seed, client):
    overview = raw(client.get(reverse("members:overview"))).decode()
    assert f'<li><a href="{DATA}">Data</a></li>' in overview
    assert f'<li><a href="{DATA}" aria-current="page">Data</a></li>' in page(client)
    listing = raw(client.get(reverse("members:organization-list"))).decode()
    assert f'<a href="{DATA}">The whole dataset, codebook and licence</a>' in listing


def test_the_dataset_page_and_its_download_are_public_pages(seed, client):
    for url in [DATA, FIXTURE]:
        response = client.get(url)
        assert response.has_header("ETag")
        assert "public" in response["Cache-Control"]
        assert client.get(url, HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
        assert client.post(url).status_code == 405


@pytest.mark.parametrize("chunk", [1, 7, 2000])
def test_the_fixture_in_chunks_is_one_serialization_of_every_record(seed, monkeypatch, chunk):
    monkeypatch.setattr(registry_export, "CHUNK", chunk)
    whole = serializers.serialize(
        "json", chain.from_iterable(registry_export.ordered(*registry_export.everything())),
        indent=2, ensure_ascii=False, use_natural_foreign_keys=True, use_natural_primary_keys=True,
        fields=sorted(set(chain.from_iterable(registry_export.FIXTURE_FIELDS.values()))),
    )
    assert "".join(registry_export.fixture_chunks()) == whole



def test_a_large_registry_states_sizes_estimated_from_a_sample(seed, client, monkeypatch):
    add_organizations(240, list(Country.objects.all()))
    exact = sizes(page(client))
    monkeypatch.setattr(dataset, "EXACT_UP_TO", 60)
    for alias in settings.CACHES:
        caches[alias].clear()
    text = page(client)
    estimates = re.findall(
        r"<dt>Size</dt>\s*<dd>About [^<]+ \(estimated from a sample of the organizations\)", text)
    assert len(estimates) == 3
    facts = dataset.measured(RequestFactory().get(reverse("members:data")))
    assert not facts["exact"]
    # Within a tenth of the files' real sizes.
    for key, title in (("fixture_bytes", "The whole registry as JSON"),
                       ("csv_bytes", "All organizations as CSV")):
        assert abs(facts[key] - exact[title]) < exact[title] / 10, (key, facts[key], exact[title])
