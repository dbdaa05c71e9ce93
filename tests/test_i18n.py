"""The registry in eight languages: every public page at its address in each, marked with
its language and direction and linked to its translations; a language menu that keeps
the page's filters; the offer of the reader's own language; the admin in the editor's
language; and catalogues that are complete, current and compiled."""

import json
import os
import re
import shutil
import subprocess
import sys
from html import unescape
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from members.models import Organization

from .test_security import PUBLIC_URL_ARGS

LANGUAGES = [code for code, _ in settings.LANGUAGES]
TRANSLATED = [code for code in LANGUAGES if code != settings.LANGUAGE_CODE]
LOCALE = Path(settings.BASE_DIR) / "locale"
# What `makemessages` leaves out of the catalogues: environments, the benchmark, tests.
IGNORED = [".venv", "bench", "tests", "staticfiles"]
# The public pages that are HTML (the others are downloads).
PAGES = ["overview", "about", "data", "organization-list", "organization-detail", "country-list",
         "country-detail", "change-list"]


def address(name, language="en", query=""):
    """The address of the public page `name` in `language`, with `query`."""
    with translation.override(language):
        path = reverse(f"members:{name}", args=PUBLIC_URL_ARGS[name])
    return f"{path}?{query}" if query else path


def html_of(response):
    assert response.status_code == 200, response
    return response.content.decode()


def alternates(html):
    """{hreflang: href} of the page's <link rel="alternate" hreflang> elements."""
    return {
        language: unescape(href)
        for language, href in re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', html)
    }


def language_menu(html):
    """{language: (href, its name)} of the links in the header's language menu."""
    menu = re.search(r'<details class="language-menu">.*?</details>', html, re.S).group(0)
    return {
        language: (unescape(href), name)
        for href, language, name in re.findall(
            r'<a href="([^"]*)" hreflang="([^"]+)"[^>]*>([^<]+)</a>', menu
        )
    }


# Every page in every language


def test_english_keeps_its_addresses_and_every_other_language_has_a_prefix():
    assert address("organization-list") == "/organizations/"
    assert address("overview") == "/"
    assert address("organization-list", "de") == "/de/organizations/"
    assert address("organization-detail", "ar") == "/ar/organizations/tikb-tr/"
    assert address("country-detail", "pt") == "/pt/countries/tr/"
    assert reverse("admin:index") == "/admin/"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", PAGES)
def test_every_page_answers_in_every_language_marked_with_its_language(seed, client, name, language):
    response = client.get(address(name, language))

    html = html_of(response)
    direction = "rtl" if language == "ar" else "ltr"
    assert f'<html lang="{language}" dir="{direction}">' in html
    assert response["Content-Language"] == language
    # The page links itself in every language, and English as the default.
    links = alternates(html)
    assert list(links) == [*LANGUAGES, "x-default"]
    for other in LANGUAGES:
        assert links[other] == f"http://testserver{address(name, other)}"
    assert links["x-default"] == links["en"]
    # The header's links stay in the page's language.
    assert f'<a class="brand" href="{address("overview", language)}">' in html


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("name", ["organization-csv", "organization-json", "organization-detail-json",
                                  "change-feed", "data-json"])
def test_downloads_answer_in_every_language(seed, client, name, language):
    answer = body(client.get(address(name, language)))
    if name == "change-feed":
        # The feed is a page of changes: in the address's language, linking itself.
        feed = answer.decode()
        assert f'<feed xml:lang="{language}" xmlns="http://www.w3.org/2005/Atom">' in feed
        assert f'<link href="http://testserver{address(name, language)}" rel="self"/>' in feed
    else:
        # The data is the same in every language.
        assert answer == body(client.get(address(name)))


def streamed(response):
    assert response.status_code == 200
    return b"".join(response.streaming_content)


def body(response):
    """The bytes of a 200 answer, streamed or not."""
    assert response.status_code == 200
    return streamed(response) if response.streaming else response.content


def test_a_download_holds_the_same_data_in_every_language(seed, client):
    english = json.loads(streamed(client.get(address("organization-json", query="country=tr"))))
    arabic = json.loads(streamed(client.get(address("organization-json", "ar", query="country=tr"))))

    assert arabic == english
    assert english["results"][0]["url"].startswith("http://testserver/organizations/")
    detail = client.get(address("organization-detail-json", "de")).json()
    assert detail["continent_name"] == "Europe"
    assert streamed(client.get(address("organization-csv", "ru"))) == streamed(
        client.get(address("organization-csv")))


def test_a_bad_parameter_is_refused_in_the_language_of_the_address(seed, client):
    response = client.get(address("organization-json", "de", query="since_min=abc"))

    assert response.status_code == 400
    assert response.json()["errors"]["since_min"] == ["Bitte eine ganze Zahl eingeben."]


def test_an_unknown_address_in_a_language_is_a_404_in_that_language(db, client):
    response = client.get("/de/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert '<html lang="de" dir="ltr">' in html
    # The language menu leads to the overview of each language; no page to call alternate.
    assert language_menu(html)["ar"][0] == "/ar/"
    assert alternates(html) == {}


def test_the_admin_stays_unprefixed(db, client):
    assert client.get("/de/admin/").status_code == 404


# The language menu


def test_the_language_menu_keeps_the_filters_of_the_list(seed, client):
    html = html_of(client.get("/de/organizations/?country=tr"))

    menu = language_menu(html)
    assert list(menu) == LANGUAGES
    assert menu["en"] == ("/organizations/?country=tr", "English")
    assert menu["ar"] == ("/ar/organizations/?country=tr", "العربية")
    assert menu["de"][1] == "Deutsch"
    # Following it, the filter still narrows the list: Turkey's five members.
    arabic = html_of(client.get(menu["ar"][0]))
    assert '<html lang="ar" dir="rtl">' in arabic
    assert len(re.findall(r'<a href="/ar/organizations/[^"]+-tr/">', arabic)) == 5


def test_each_language_is_named_in_itself_and_marked_as_such(seed, client):
    html = html_of(client.get(address("overview", "ru")))

    assert '<a href="/ar/" hreflang="ar" lang="ar" dir="rtl">العربية</a>' in html
    assert '<a href="/ru/" hreflang="ru" lang="ru" dir="ltr" aria-current="true">Русский</a>' in html


def test_the_500_page_without_a_request_links_each_languages_overview(db):
    from django.template.loader import get_template

    with translation.override("ar"):
        html = get_template("500.html").render()

    assert '<html lang="ar" dir="rtl">' in html
    assert language_menu(html)["de"][0] == "/de/"
    assert alternates(html) == {}


# Dates and numbers in the page's language


def test_dates_are_written_as_the_language_writes_them(seed, client):
    organization = Organization.objects.get(slug="tikb-tr")
    Organization.objects.filter(pk=organization.pk).update(
        updated_at=organization.updated_at.replace(year=2026, month=11, day=28))

    english = html_of(client.get(address("organization-detail")))
    german = html_of(client.get(address("organization-detail", "de")))

    assert ">28 November 2026</time>" in english
    assert ">28. November 2026</time>" in german
    assert 'datetime="2026-11-28T' in german


def test_machine_values_stay_unlocalized(seed, client, settings):
    settings.USE_THOUSAND_SEPARATOR = True
    html = html_of(client.get(address("overview", "de")))

    # SVG geometry keeps its decimal point; a comma would break the chart.
    widths = re.findall(r'<rect class="chart-bar" x="0" y="\d+" width="([^"]+)%"', html)
    assert widths and all(re.fullmatch(r"\d+\.\d", width) for width in widths)


# The offer of the reader's language


def test_a_reader_whose_browser_prefers_english_is_offered_the_english_page(seed, client):
    response = client.get("/de/organizations/?country=tr", headers={"accept-language": "en-GB,en;q=0.9"})

    html = html_of(response)
    offer = re.search(r'<p class="language-offer" lang="([^"]+)" dir="([^"]+)">'
                      r'<a href="([^"]+)" hreflang="[^"]+">([^<]+)</a></p>', html)
    assert offer.groups() == ("en", "ltr", "/organizations/?country=tr",
                              "This page is also available in English.")
    assert "Accept-Language" in response["Vary"]


def test_a_reader_whose_browser_prefers_german_is_offered_the_german_page_in_german(seed, client):
    html = html_of(client.get("/organizations/", headers={"accept-language": "de-DE,de;q=0.9,en;q=0.8"}))

    offer = re.search(r'<p class="language-offer" lang="de" dir="ltr"><a href="/de/organizations/" '
                      r'hreflang="de">([^<]+)</a></p>', html)
    assert offer, "no offer of the German page"
    with translation.override("de"):
        assert offer.group(1) == translation.gettext("This page is also available in English.")
    assert offer.group(1) != "This page is also available in English."


@pytest.mark.parametrize("accept", ["", "en", "en-US,en;q=0.9", "ja, zh;q=0.5", "*"])
def test_no_offer_without_another_preferred_language(seed, client, accept):
    html = html_of(client.get("/organizations/", headers={"accept-language": accept}))

    assert "language-offer" not in html


def test_the_page_is_kept_apart_for_each_offered_language(seed, client):
    plain = client.get("/de/organizations/")
    offered = client.get("/de/organizations/", headers={"accept-language": "en"})
    plain_again = client.get("/de/organizations/")

    assert "language-offer" not in plain.content.decode()
    assert "language-offer" in offered.content.decode()
    assert "language-offer" not in plain_again.content.decode()
    assert plain["Vary"] == offered["Vary"]
    assert "Accept-Language" in plain["Vary"]
    # Another answer, another ETag: a cache never hands one for the other.
    assert plain["ETag"] != offered["ETag"]
    assert client.get("/de/organizations/", headers={"if-none-match": plain["ETag"]}).status_code == 304


@pytest.mark.parametrize("name", ["organization-list", "organization-detail", "overview"])
def test_queries_do_not_grow_with_the_language(seed, client, name, django_assert_num_queries):
    def queries(path, **headers):
        for alias in settings.CACHES:
            caches[alias].clear()
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path, headers=headers).status_code == 200
        return len(captured)

    english = queries(address(name))
    for alias in settings.CACHES:
        caches[alias].clear()
    with django_assert_num_queries(english):
        assert client.get(address(name, "ar"), headers={"accept-language": "en"}).status_code == 200
    assert queries(address(name, "de"), **{"accept-language": "ar"}) == english


# The admin


def test_the_admin_speaks_the_language_of_the_editors_browser(db, client):
    german = client.get("/admin/login/", headers={"accept-language": "de-DE,de;q=0.9"})
    english = client.get("/admin/login/", headers={"accept-language": "en"})

    assert '<html lang="de" dir="ltr"' in german.content.decode()
    assert 'value="Anmelden"' in german.content.decode()
    assert 'value="Log in"' in english.content.decode()
    assert "Accept-Language" in german["Vary"]
    arabic = client.get("/admin/login/", headers={"accept-language": "ar"}).content.decode()
    assert 'dir="rtl"' in arabic


def test_a_public_page_ignores_the_browsers_language(seed, client):
    html = html_of(client.get("/organizations/", headers={"accept-language": "de"}))

    assert '<html lang="en" dir="ltr">' in html
    assert "Member organizations" in html


# The catalogues


def catalogue(language):
    return polib.pofile(str(LOCALE / language / "LC_MESSAGES" / "django.po"))


def key(entry):
    return (entry.msgctxt, entry.msgid, entry.msgid_plural)


@pytest.mark.parametrize("language", TRANSLATED)
def test_every_message_is_translated_and_none_is_fuzzy_or_obsolete(language):
    po = catalogue(language)

    untranslated = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    obsolete = [entry.msgid for entry in po.obsolete_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated in {language}: {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy in {language}: {fuzzy[:5]}"
    assert not obsolete, f"{len(obsolete)} obsolete in {language}: {obsolete[:5]}"
    assert not po.metadata_is_fuzzy, f"the header of {language} is marked fuzzy"
    assert po.metadata["Language"] == language


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_compiled_catalogue_is_the_catalogue(language):
    po = catalogue(language)
    mo = polib.mofile(str(LOCALE / language / "LC_MESSAGES" / "django.mo"))

    def translations(entries):
        return {
            key(entry): (entry.msgstr, dict(sorted(entry.msgstr_plural.items())))
            for entry in entries
            if entry.msgid and (entry.msgstr or any(entry.msgstr_plural.values()))
        }

    assert translations(mo) == translations(po.translated_entries())
    assert mo.metadata["Plural-Forms"] == po.metadata["Plural-Forms"]


@pytest.fixture(scope="module")
def fresh_catalogues(tmp_path_factory):
    """The catalogues as `makemessages` makes them now from the code and templates: in a
    copy of the project, so the committed ones are left as they are."""
    if shutil.which("xgettext") is None or shutil.which("msgmerge") is None:
        reason = "GNU gettext (xgettext, msgmerge) is missing: install it to check the catalogues"
        if os.environ.get("REGISTRY_REQUIRE_GETTEXT") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    root = Path(settings.BASE_DIR)
    copy = tmp_path_factory.mktemp("project") / "project"
    shutil.copytree(root, copy, ignore=shutil.ignore_patterns(
        ".git", *IGNORED, "db.sqlite3*", "__pycache__", "*.mo"))
    command = [sys.executable, "manage.py", "makemessages", *(f"-l{code}" for code in TRANSLATED),
               *(f"--ignore={name}" for name in IGNORED), "--add-location=file"]
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "icor_registry.settings"}
    subprocess.run(command, cwd=copy, env=environment, check=True, capture_output=True)
    return copy / "locale"


@pytest.mark.parametrize("language", TRANSLATED)
def test_the_catalogue_holds_exactly_the_messages_of_the_code(fresh_catalogues, language):
    fresh = polib.pofile(str(fresh_catalogues / language / "LC_MESSAGES" / "django.po"))
    committed = catalogue(language)

    wanted = {key(entry) for entry in fresh if not entry.obsolete}
    held = {key(entry) for entry in committed if not entry.obsolete}
    assert sorted(wanted - held, key=str) == [], "missing: run makemessages (README, Languages)"
    assert sorted(held - wanted, key=str) == [], "no longer used: run makemessages"
