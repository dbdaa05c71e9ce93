"""Real-browser tests: Debian's Chromium driven by Playwright against `live_server`."""

import os
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.conftest import load_seed

CHROMIUM = Path("/usr/bin/chromium")

# Playwright's sync API runs an event loop in the test thread; Django would otherwise
# refuse the ORM calls the tests make there (loading the seed, checking rows).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Launch Debian's Chromium: sandbox off (the tests run as root), nothing fetched."""
    if not CHROMIUM.exists():
        reason = f"{CHROMIUM} is missing: install Debian's chromium package to run browser tests"
        if os.environ.get("REGISTRY_REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def seeded_server(live_server, transactional_db):
    """The live server with the seed loaded: 63 organizations in 47 countries."""
    load_seed()
    return live_server


def sign_in_as_editor(page, server):
    """Sign `page` in to the admin of the live `server` as a new superuser, "editor"."""
    get_user_model().objects.create_superuser("editor", password="correct horse")
    page.goto(server.url + "/admin/login/")
    page.get_by_label("Username").fill("editor")
    page.get_by_label("Password").fill("correct horse")
    page.get_by_role("button", name="Log in").click()
    expect(page.locator("#user-tools")).to_contain_text("editor")
    return page


# The admin's pages for organizations that the browser tests visit.
ADMIN_VIEWS = ["list", "change", "history", "restore", "import", "deleted"]


def admin_pages(organization):
    """The admin's pages for organizations, by name: list, change form, history, one
    version to restore, import, deleted organizations."""
    base = "/admin/members/organization"
    return {
        "list": f"{base}/",
        "change": f"{base}/{organization.pk}/change/",
        "history": f"{base}/{organization.pk}/history/",
        "restore": f"{base}/{organization.pk}/history/{organization.history.earliest().history_id}/",
        "import": f"{base}/import/",
        "deleted": f"{base}/deleted/",
    }
