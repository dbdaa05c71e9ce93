"""Public pages answer GET and HEAD; every other method gets 405 and `Allow: GET, HEAD`,
from clients that send no CSRF token as from signed-in editors, never a CSRF 403."""

import pytest
from django.test import Client
from django.urls import reverse

from .test_security import PUBLIC_URL_ARGS

UNSAFE = ["POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE"]


def public_urls():
    return [reverse(f"members:{name}", args=args) for name, args in sorted(PUBLIC_URL_ARGS.items())]


@pytest.fixture
def browser():
    """A client that checks CSRF tokens as the site does for real browsers."""
    return Client(enforce_csrf_checks=True)


@pytest.mark.parametrize("method", UNSAFE)
def test_every_unsafe_method_on_every_public_page_is_not_allowed(seed, browser, method):
    for url in public_urls():
        response = browser.generic(method, url, "name=x", "application/x-www-form-urlencoded")
        assert (url, response.status_code) == (url, 405)
        assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("method", ["POST", "DELETE"])
def test_a_signed_in_editor_gets_the_same_answer(seed, browser, admin_user, method):
    browser.force_login(admin_user)
    for url in public_urls():
        response = browser.generic(method, url)
        assert (url, response.status_code) == (url, 405)
        assert response["Allow"] == "GET, HEAD"


@pytest.mark.parametrize("method", ["GET", "HEAD"])
def test_every_public_page_answers_get_and_head(seed, browser, method):
    for url in public_urls():
        assert (url, browser.generic(method, url).status_code) == (url, 200)


def test_the_admin_still_refuses_a_post_without_a_csrf_token(seed, browser, admin_user):
    browser.force_login(admin_user)
    response = browser.post(reverse("admin:members_country_add"), {"code": "XX"})
    assert response.status_code == 403
