"""What an anonymous GET of a public page costs, and that the work it skips changes nothing
anyone sees: the same headers, the same messages for editors, the same edit history."""

import pytest
from csp.decorators import csp_update
from csp.utils import build_policy
from django.contrib import messages
from django.db import connection
from django.http import HttpResponse
from django.template import engines
from django.template.loaders.cached import Loader as CachedLoader
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from simple_history.models import HistoricalRecords

from icor_registry.middleware import (
    AdminMessageMiddleware,
    ContentSecurityPolicyMiddleware,
    WriteHistoryRequestMiddleware,
)
from members.public import caching

ORGANIZATION = reverse("members:organization-detail", args=["tikb-tr"])


def directives(header):
    return {part.strip() for part in header.split(";") if part.strip()}


def test_an_anonymous_page_reads_no_session_and_no_user(seed, client):
    with CaptureQueriesContext(connection) as captured:
        assert client.get(ORGANIZATION).status_code == 200
    tables = " ".join(query["sql"] for query in captured)
    assert "django_session" not in tables
    assert "auth_user" not in tables


def test_a_304_is_one_query(seed, client):
    etag = client.get(ORGANIZATION)["ETag"]
    with CaptureQueriesContext(connection) as captured:
        assert client.get(ORGANIZATION, HTTP_IF_NONE_MATCH=etag).status_code == 304
    assert len(captured) == 1


def test_the_etag_query_is_not_built_again_for_each_request(seed, rf, monkeypatch):
    caching.registry_etag(rf.get(ORGANIZATION))

    def built_again():
        raise AssertionError("the ETag's query was built again")

    monkeypatch.setattr(caching, "history_ids_query", built_again)
    assert caching.registry_etag(rf.get(ORGANIZATION))


def test_the_compiled_etag_query_reads_what_the_orm_query_reads(seed):
    from_orm = dict(caching.history_ids_query())
    assert caching.latest_history_ids() == [from_orm[kind] for kind in caching.HISTORIES]


def test_the_policy_is_the_one_django_csp_builds(seed, client):
    response = client.get(ORGANIZATION)
    assert directives(response["Content-Security-Policy"]) == directives(build_policy())
    assert "Content-Security-Policy-Report-Only" not in response


def test_a_view_that_changes_the_policy_still_gets_its_own(rf):
    view = csp_update({"img-src": ["https://tiles.example.org"]})(lambda request: HttpResponse())
    response = ContentSecurityPolicyMiddleware(view)(rf.get("/"))
    assert "img-src 'self' https://tiles.example.org" in response["Content-Security-Policy"]
    # The next answer has the settings' policy again.
    plain = ContentSecurityPolicyMiddleware(lambda request: HttpResponse())(rf.get("/"))
    assert directives(plain["Content-Security-Policy"]) == directives(build_policy())


def test_a_request_that_asks_for_a_nonce_gets_the_policy_django_csp_builds_for_it(rf):
    def view(request):
        return HttpResponse(f'<script nonce="{request.csp_nonce}"></script>')

    response = ContentSecurityPolicyMiddleware(view)(rf.get("/"))
    nonce = response.content.decode().split('"')[1]
    assert directives(response["Content-Security-Policy"]) == directives(build_policy(nonce=nonce))


def test_an_answer_that_already_has_a_policy_keeps_it(rf):
    def view(request):
        response = HttpResponse()
        response["Content-Security-Policy"] = "default-src 'self'"
        return response

    assert ContentSecurityPolicyMiddleware(view)(rf.get("/"))["Content-Security-Policy"] == (
        "default-src 'self'"
    )


@pytest.mark.parametrize(("path", "kept"), [("/admin/members/", True), (ORGANIZATION, False)])
def test_messages_are_kept_for_the_admin_only(rf, path, kept):
    def view(request):
        if hasattr(request, "_messages"):
            messages.success(request, "Saved.")
        return HttpResponse()

    request = rf.get(path)
    request.session = {}
    response = AdminMessageMiddleware(view)(request)
    assert ("messages" in response.cookies) == kept


@pytest.mark.parametrize(("method", "recorded"), [("get", False), ("head", False), ("post", True)])
def test_the_history_knows_the_request_only_when_it_can_write(rf, method, recorded):
    seen = []

    def view(request):
        seen.append(getattr(HistoricalRecords.context, "request", None))
        return HttpResponse()

    request = getattr(rf, method)("/admin/members/organization/1/change/")
    WriteHistoryRequestMiddleware(view)(request)
    assert (seen == [request]) == recorded
    assert getattr(HistoricalRecords.context, "request", None) is None


def test_templates_are_parsed_once_per_process():
    # Django wraps the loaders in its cached loader when TEMPLATES names none.
    assert [type(loader) for loader in engines["django"].engine.template_loaders] == [CachedLoader]
