"""Rendered once per version: a visitor who is not signed in gets a kept answer while the
registry stands, the same answer a fresh rendering gives, and an edit shows at once."""

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.models import Organization
from members.public import caching

ORGANIZATION = reverse("members:organization-detail", args=["tikb-tr"])
LIST = reverse("members:organization-list")
CSV = reverse("members:organization-csv")


def queries_of(client, url, **headers):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, **headers)
        if response.streaming:
            response.body = b"".join(response.streaming_content)
    return response, len(captured)


def kept_answer(rf, url):
    """What the "pages" cache holds for an anonymous GET of `url`, if anything."""
    return caches[caching.PAGE_CACHE].get(caching.page_key(rf.get(url)))


@pytest.mark.parametrize("url", [
    ORGANIZATION,
    LIST,
    f"{LIST}?country=tr&status=all",
    reverse("members:overview"),
    reverse("members:country-list"),
    reverse("members:country-detail", args=["tr"]),
    reverse("members:about"),
    reverse("members:organization-detail-json", args=["tikb-tr"]),
])
def test_a_page_asked_again_is_the_kept_answer_after_one_query(seed, client, url):
    first, _ = queries_of(client, url)
    again, queries = queries_of(client, url)
    # The ETag's query only.
    assert queries == 1
    assert again.status_code == first.status_code == 200
    assert again.content == first.content
    for header in ("ETag", "Cache-Control", "Content-Type", "Content-Security-Policy", "Vary"):
        assert again[header] == first[header]


def test_another_address_is_another_answer(seed, client, rf):
    queries_of(client, LIST)
    assert kept_answer(rf, LIST) is not None
    assert kept_answer(rf, f"{LIST}?status=all") is None
    response, _ = queries_of(client, f"{LIST}?status=all")
    assert response.content != kept_answer(rf, LIST).content
    assert kept_answer(rf, f"{LIST}?status=all").content == response.content


def test_an_edit_shows_at_once(seed, client):
    queries_of(client, ORGANIZATION)
    organization = Organization.objects.get(slug="tikb-tr")
    organization.english_name = "Revolutionary Communist Union of Turkey, renamed"
    organization.save()
    response, queries = queries_of(client, ORGANIZATION)
    assert queries > 1
    assert "renamed" in response.content.decode()


def test_a_signed_in_editor_is_never_given_a_kept_answer(seed, client, django_user_model):
    queries_of(client, ORGANIZATION)
    client.force_login(django_user_model.objects.create_user("editor"))
    response, queries = queries_of(client, ORGANIZATION)
    again, queries_again = queries_of(client, ORGANIZATION)
    assert queries > 1 and queries_again > 1
    assert response["Cache-Control"] == again["Cache-Control"] == "private, no-cache"


@pytest.mark.parametrize("url", [
    f"{LIST}?year=abc",  # 400, errors beside the form
    f"{LIST}?q=",  # 302 to the clean address
    reverse("members:organization-detail", args=["no-such-party"]),  # 404
])
def test_only_successful_answers_are_kept(seed, client, rf, url):
    first, _ = queries_of(client, url)
    again, _ = queries_of(client, url)
    assert first.status_code == again.status_code != 200
    assert kept_answer(rf, url) is None


def test_downloads_stream_and_are_never_kept(seed, client):
    first, _ = queries_of(client, CSV)
    again, queries = queries_of(client, CSV)
    assert again.streaming
    assert queries > 1
    assert again.body == first.body


def test_a_page_larger_than_the_limit_is_not_kept(seed, client, settings):
    settings.REGISTRY_PAGE_CACHE_MAX_BYTES = 1000
    queries_of(client, ORGANIZATION)
    _, queries = queries_of(client, ORGANIZATION)
    assert queries > 1


def test_a_304_still_answers_a_kept_page(seed, client):
    etag = client.get(ORGANIZATION)["ETag"]
    response, queries = queries_of(client, ORGANIZATION, HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 304
    assert queries == 1


def test_each_host_gets_its_own_answer(seed, client, settings):
    settings.ALLOWED_HOSTS = ["registry.example.org", "mirror.example.net"]
    url = reverse("members:organization-detail-json", args=["tikb-tr"])
    first = client.get(url, HTTP_HOST="registry.example.org")
    second = client.get(url, HTTP_HOST="mirror.example.net")
    assert first.json()["url"].startswith("http://registry.example.org/")
    assert second.json()["url"].startswith("http://mirror.example.net/")
