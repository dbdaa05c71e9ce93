"""The 404 and 500 pages, as a visitor meets them with DEBUG off: the site's layout, a
search box and a way back."""

import re

import pytest
from django.test import RequestFactory
from django.urls import include, path
from django.views.defaults import server_error


def broken(request):
    raise RuntimeError("a bug in a view")


def broken_context_processor(request):
    raise RuntimeError("a bug in a context processor")


# The site's own addresses, and one that fails (see the tests marked with this module).
urlpatterns = [path("broken/", broken), path("", include("members.urls"))]


def assert_site_page_with_search_and_way_back(html):
    assert '<header class="site-header">' in html
    assert '<footer class="site-footer">' in html
    form = re.search(r'<form[^>]*role="search"[^>]*>.*?</form>', html, re.S).group(0)
    assert 'action="/organizations/"' in form
    assert 'method="get"' in form
    assert re.search(r'<input type="search" id="error-search" name="q"', form)
    assert '<label for="error-search">' in form
    assert '<a href="/">Back to the overview</a>' in html
    assert " style=" not in html and "<script" not in html


def test_the_suite_runs_with_debug_off(settings):
    assert settings.DEBUG is False


@pytest.mark.parametrize(
    "address", ["/no-such-page/", "/organizations/no-such-party/", "/countries/zz/"]
)
def test_an_unknown_address_shows_the_sites_404_page(client, db, address):
    response = client.get(address)

    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found · ICOR Registry</title>" in html
    assert "<h1>Page not found</h1>" in html
    assert_site_page_with_search_and_way_back(html)


@pytest.mark.urls(__name__)
def test_an_error_in_a_view_shows_the_sites_500_page(client, db):
    client.raise_request_exception = False

    response = client.get("/broken/")

    assert response.status_code == 500
    html = response.content.decode()
    assert "<h1>Something went wrong</h1>" in html
    assert "a bug in a view" not in html
    assert_site_page_with_search_and_way_back(html)


def test_the_500_page_needs_no_database():
    """No `db` fixture: any query here would fail the test."""
    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert_site_page_with_search_and_way_back(response.content.decode())


def test_the_500_page_needs_no_request_context(settings):
    """A broken context processor (or session, or user) cannot break the error page."""
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "context_processors": [f"{__name__}.broken_context_processor"],
            },
        }
    ]

    response = server_error(RequestFactory().get("/"))

    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()
