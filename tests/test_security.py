"""Security headers on every page, unknown hosts refused, read-only public URLs,
and admin sign-in locked after repeated failures."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import URLPattern, reverse

from members import urls as public_urls
from members.models import Organization

# Arguments for each public URL name; a new public URL must be added here.
PUBLIC_URL_ARGS = {
    "overview": [],
    "about": [],
    "data": [],
    "data-json": [],
    "organization-list": [],
    "organization-csv": [],
    "organization-json": [],
    "organization-detail": ["tikb-tr"],
    "organization-detail-json": ["tikb-tr"],
    "country-list": [],
    "country-detail": ["tr"],
    "change-list": [],
    "change-feed": [],
}
PUBLIC_PAGES = [
    reverse("members:overview"),
    reverse("members:organization-list"),
    reverse("members:organization-detail", args=["tikb-tr"]),
    reverse("members:country-detail", args=["tr"]),
    reverse("members:organization-json"),
]
LOGIN = reverse("admin:login")


def public_url_names():
    return [pattern.name for pattern in public_urls.urlpatterns if isinstance(pattern, URLPattern)]


def assert_security_headers(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    policy = dict(
        directive.strip().split(" ", 1)
        for directive in response["Content-Security-Policy"].split(";")
        if directive.strip()
    )
    assert policy["default-src"] == "'none'"
    assert policy["script-src"] == "'self'"
    assert policy["style-src"] == "'self'"
    assert policy["frame-ancestors"] == "'none'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_send_the_security_headers(seed, client, url):
    response = client.get(url)
    assert response.status_code == 200
    assert_security_headers(response)


def test_the_csv_download_sends_the_security_headers(seed, client):
    assert_security_headers(client.get(reverse("members:organization-csv")))


def test_a_missing_page_sends_the_security_headers(db, client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert_security_headers(response)


def test_the_admin_sign_in_page_sends_the_security_headers(db, client):
    response = client.get(LOGIN)
    assert response.status_code == 200
    assert_security_headers(response)


def test_the_admin_change_form_renders_under_the_policy(seed, admin_client):
    organization = Organization.objects.get(slug="tikb-tr")
    response = admin_client.get(reverse("admin:members_organization_change", args=[organization.pk]))
    assert response.status_code == 200
    assert_security_headers(response)
    page = response.content.decode()
    # Scripts come from files only: every <script> has a src.
    assert len(re.findall(r"<script\b", page)) == len(re.findall(r"<script\b[^>]*\ssrc=", page))
    assert " style=" not in page


def test_the_admin_country_autocomplete_answers_under_the_policy(seed, admin_client):
    response = admin_client.get(
        reverse("admin:autocomplete"),
        {"app_label": "members", "model_name": "organization", "field_name": "country", "term": "tur"},
    )
    assert response.status_code == 200
    assert any("Turkey" in result["text"] for result in response.json()["results"])
    assert_security_headers(response)


def test_the_site_refuses_hosts_it_does_not_serve(db, client):
    assert client.get("/", HTTP_HOST="localhost").status_code == 200
    assert client.get("/", HTTP_HOST="registry.example.net").status_code == 400


def test_every_public_url_is_covered_here():
    assert sorted(public_url_names()) == sorted(PUBLIC_URL_ARGS)


@pytest.mark.parametrize("name", sorted(PUBLIC_URL_ARGS))
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_no_public_url_accepts_a_write(seed, client, name, method):
    url = reverse(f"members:{name}", args=PUBLIC_URL_ARGS[name])
    response = getattr(client, method)(url, {"name": "x"})
    assert response.status_code == 405
    assert set(response["Allow"].replace(" ", "").split(",")) <= {"GET", "HEAD", "OPTIONS"}


# Sign-in lockout


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_user("editor", password="correct horse", is_staff=True)


def sign_in(client, password, username="editor", address="203.0.113.7"):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=address,
    )


def fail_until_locked(client, address="203.0.113.7"):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "wrong", address=address)
        assert response.status_code == 200
        assert "Please enter the correct username and password" in response.content.decode()
    return sign_in(client, "wrong", address=address)


def test_an_editor_signs_in_with_the_right_password(editor, client):
    response = sign_in(client, "correct horse")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"


def test_repeated_failures_lock_the_account_from_that_address(editor, client):
    response = fail_until_locked(client)
    assert response.status_code == 429
    page = response.content.decode()
    assert "Sign-in locked" in page
    assert "Too many failed sign-ins for the account “editor” from your address." in page
    assert f"locked for {settings.AXES_COOLOFF_TIME.seconds // 60} minutes" in page
    assert_security_headers(response)

    # Even the right password is refused while the lock holds.
    response = sign_in(client, "correct horse")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_lock_holds_for_one_account_and_one_address_only(editor, client, django_user_model):
    django_user_model.objects.create_user("colleague", password="battery staple", is_staff=True)
    fail_until_locked(client)

    assert sign_in(client, "battery staple", username="colleague").status_code == 302
    client.logout()
    assert sign_in(client, "correct horse", address="198.51.100.4").status_code == 302


def test_the_lock_ends_after_the_cool_off_time(editor, client):
    fail_until_locked(client)
    AccessAttempt.objects.update(
        attempt_time=AccessAttempt.objects.get().attempt_time - settings.AXES_COOLOFF_TIME - timedelta(seconds=1)
    )
    assert sign_in(client, "correct horse").status_code == 302


def test_failures_below_the_limit_are_forgotten_after_a_good_sign_in(editor, client):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        sign_in(client, "wrong")
    assert sign_in(client, "correct horse").status_code == 302
    client.logout()
    assert sign_in(client, "wrong").status_code == 200
