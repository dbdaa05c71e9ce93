"""The admin's export actions and import page (preview, confirm, cancel, permissions).

These run against the admin as members/admin/organization.py wires members/admin/imports.py.
"""

import csv
import html
import io
import json
import re

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from members.admin.uploads import LimitedUpload
from members.models import Country, Membership, Organization

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:members_organization_import"


def export():
    out = io.StringIO()
    call_command("export_registry", stdout=out)
    return out.getvalue()


def renamed_fixture():
    """The registry's fixture with one English name changed."""
    records = json.loads(export())
    for record in records:
        if record["fields"].get("slug") == "tikb-tr":
            record["fields"]["english_name"] = "Revolutionary Communists' Union of Turkey"
    return json.dumps(records, ensure_ascii=False).encode("utf-8")


def upload(client, content, name="registry.json"):
    return client.post(reverse(IMPORT_URL), {"file": SimpleUploadedFile(name, content)})


def staff(client, *codenames):
    user = User.objects.create_user("editor", password="x", is_staff=True)
    user.user_permissions.set(Permission.objects.filter(content_type__app_label="members",
                                                        codename__in=codenames))
    client.force_login(user)
    return user


def test_a_superuser_gets_the_import_page(seed, admin_client):
    response = admin_client.get(reverse(IMPORT_URL))
    assert response.status_code == 200
    assert b'type="file"' in response.content


def test_a_staff_user_without_permissions_gets_403(seed, client):
    staff(client, "view_organization")
    assert client.get(reverse(IMPORT_URL)).status_code == 403
    assert upload(client, renamed_fixture()).status_code == 403


def test_a_staff_user_who_may_add_and_change_every_registry_model_gets_the_page(seed, client):
    staff(client, *[f"{action}_{model}" for action in ("view", "add", "change")
                    for model in ("country", "organization", "membership")])
    assert client.get(reverse(IMPORT_URL)).status_code == 200


def test_the_organization_list_links_to_the_import_page_only_for_who_may_import(seed, admin_client, client):
    changelist = reverse("admin:members_organization_changelist")
    assert reverse(IMPORT_URL).encode() in admin_client.get(changelist).content
    staff(client, "view_organization")
    response = client.get(changelist)
    assert response.status_code == 200
    assert reverse(IMPORT_URL).encode() not in response.content


def test_the_preview_shows_each_change_and_writes_nothing(seed, admin_client):
    before = export()
    response = upload(admin_client, renamed_fixture())
    page = response.content.decode()
    assert response.status_code == 200
    assert "organization tikb-tr" in page
    assert "Revolutionary Communists&#x27; Union of Turkey" in page
    assert 'name="token"' in page and "Confirm import" in page
    for name in ("Countries", "Organizations", "Membership periods"):
        assert f'<th scope="row">{name}</th>' in page
    assert export() == before


def test_confirming_the_preview_writes_the_changes(seed, admin_client):
    token = upload(admin_client, renamed_fixture()).context["token"]
    response = admin_client.post(reverse(IMPORT_URL), {"token": token, "confirm": "1"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("admin:members_organization_changelist")
    assert Organization.objects.get(slug="tikb-tr").english_name == "Revolutionary Communists' Union of Turkey"
    assert "Organizations: 0 created, 1 updated, 62 unchanged." in response.content.decode()


def test_cancelling_the_preview_writes_nothing(seed, admin_client):
    before = export()
    token = upload(admin_client, renamed_fixture()).context["token"]
    response = admin_client.post(reverse(IMPORT_URL), {"token": token, "cancel": "1"})
    assert response.status_code == 302
    assert export() == before


def test_an_altered_confirmation_is_refused(seed, admin_client):
    before = export()
    token = upload(admin_client, renamed_fixture()).context["token"]
    response = admin_client.post(reverse(IMPORT_URL), {"token": token[:-2] + "xx", "confirm": "1"})
    assert "expired or was altered" in response.content.decode()
    assert export() == before


def test_a_bad_file_shows_every_problem_and_no_confirm_button(seed, admin_client):
    content = b'[{"model": "members.country", "fields": {"code": "ZZ", "name": "", "continent": "mars"}}]'
    page = upload(admin_client, content).content.decode()
    assert "record 1 (country ZZ), field name: This field cannot be blank." in page
    assert "field continent: Value &#x27;mars&#x27; is not a valid choice." in page
    assert "Confirm import" not in page
    assert not Country.objects.filter(code="ZZ").exists()


@pytest.mark.parametrize("action, model", [("export_json", "organization"), ("export_csv", "organization"),
                                           ("export_json", "country"), ("export_csv", "country")])
@pytest.mark.parametrize("language", ["en", "ru"])
def test_export_selected_downloads_the_records_with_what_they_need(
    seed, admin_client, action, model, language
):
    if model == "organization":
        selected = Organization.objects.get(slug="tikb-tr").pk
    else:
        selected = Country.objects.get(code="TR").pk
    # The admin speaks the editor's browser language; the file keeps its English name.
    response = admin_client.post(reverse(f"admin:members_{model}_changelist"),
                                 {"action": action, "_selected_action": [selected]},
                                 HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    plural = {"organization": "organizations", "country": "countries"}[model]
    extension = action.removeprefix("export_")
    assert response["Content-Disposition"] == f'attachment; filename="icor-registry-{plural}.{extension}"'
    text = downloaded(response).decode()
    if action == "export_json":
        models = {record["model"] for record in json.loads(text)}
        assert models == {"members.country", "members.organization", "members.membership"}
    else:
        assert text.startswith("slug,name,")
    assert "tikb-tr" in text


# The admin previews only what its confirmation form can carry back (members/admin/uploads.py).

LIMIT = 100_000


def padded(size):
    """The renamed fixture, made `size` bytes long with trailing blanks (still valid JSON)."""
    content = renamed_fixture()
    assert len(content) <= size
    return content + b" " * (size - len(content))


def limit_handler(response):
    handler = response.wsgi_request.upload_handlers[0]
    assert isinstance(handler, LimitedUpload)
    return handler


def refused_as_too_large(response, content):
    page = response.content.decode()
    assert response.status_code == 200
    assert ("The file is larger than the 100,000 bytes the admin import accepts (setting "
            "REGISTRY_ADMIN_IMPORT_MAX_BYTES). Import larger files with "
            "`python manage.py import_registry`.") in page
    assert "Confirm import" not in page
    handler = limit_handler(response)
    # Reading stopped at the limit, one chunk at most past it, not at the end of the file.
    assert LIMIT < handler.received <= LIMIT + handler.chunk_size < len(content)


def test_an_upload_over_the_admin_limit_is_refused_as_it_arrives(seed, admin_client, settings):
    settings.REGISTRY_ADMIN_IMPORT_MAX_BYTES = LIMIT
    before = export()
    content = padded(40 * LIMIT)
    refused_as_too_large(upload(admin_client, content), content)
    assert export() == before


def test_the_upload_limit_holds_with_csrf_checked_and_csrf_is_still_required(seed, settings):
    """The limit is set before the form is read, so the page checks CSRF itself."""
    settings.REGISTRY_ADMIN_IMPORT_MAX_BYTES = LIMIT
    client = Client(enforce_csrf_checks=True)
    client.force_login(User.objects.create_superuser("admin", password="x"))
    client.get(reverse(IMPORT_URL))
    content = padded(40 * LIMIT)
    # Browsers send the fields in page order: the CSRF token comes before the file.
    response = client.post(reverse(IMPORT_URL), {
        "csrfmiddlewaretoken": client.cookies["csrftoken"].value,
        "file": SimpleUploadedFile("registry.json", content),
    })
    refused_as_too_large(response, content)
    assert upload(client, renamed_fixture()).status_code == 403


@pytest.mark.parametrize("over", [0, 1])
def test_a_file_at_the_admin_limit_previews_and_one_byte_more_is_refused(seed, admin_client, settings, over):
    settings.REGISTRY_ADMIN_IMPORT_MAX_BYTES = LIMIT
    page = upload(admin_client, padded(LIMIT + over)).content.decode()
    assert ("Confirm import" in page) == (not over)
    assert ("larger than the 100,000 bytes the admin import accepts" in page) == bool(over)


def test_a_file_with_more_records_than_the_admin_previews_is_refused(seed, admin_client, settings):
    records = len(json.loads(renamed_fixture()))
    settings.REGISTRY_ADMIN_IMPORT_MAX_RECORDS = records - 1
    before = export()
    page = upload(admin_client, renamed_fixture()).content.decode()
    assert (f"The file holds {records:,} records; the admin import accepts at most "
            f"{records - 1:,} (setting REGISTRY_ADMIN_IMPORT_MAX_RECORDS). Import larger files "
            "with `python manage.py import_registry`.") in page
    assert "Confirm import" not in page
    assert export() == before
    settings.REGISTRY_ADMIN_IMPORT_MAX_RECORDS = records
    assert "Confirm import" in upload(admin_client, renamed_fixture()).content.decode()


def test_records_the_parser_cannot_read_count_towards_the_record_limit(seed, admin_client, settings):
    settings.REGISTRY_ADMIN_IMPORT_MAX_RECORDS = 1000
    page = upload(admin_client, b"[" + b"1," * 1000 + b"1]").content.decode()
    assert "The file holds 1,001 records; the admin import accepts at most 1,000" in page


def test_the_preview_lists_the_first_200_problems_and_counts_the_rest(seed, admin_client):
    page = upload(admin_client, b"[" + b"1," * 249 + b"1]").content.decode()
    assert "250 problems; nothing was written." in page
    problems = page.split('id="import-problems">')[1].split("</ul>")[0]
    assert problems.count("<li>") == 200
    assert "record 200: Expected" in problems and "record 201" not in problems
    assert "… and 50 more; <code>python manage.py import_registry --dry-run</code> lists them all." in page


# The layout the import reads ------------------------------------------------------------


def downloaded(response):
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_import_page_names_its_csv_layout_and_links_to_the_export_that_writes_it(seed, admin_client):
    page = admin_client.get(reverse(IMPORT_URL)).content.decode()
    columns = re.search(r"one row per membership period and the columns\s*<code>([^<]+)</code>", page)
    link = re.search(r'<a href="([^"]+)" download>Whole registry as CSV</a>', page)

    download = admin_client.get(link.group(1))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="icor-registry.csv"'
    rows = list(csv.reader(io.StringIO(downloaded(download).decode("utf-8"))))
    assert ", ".join(rows[0]) == columns.group(1)
    assert len(rows) == 1 + Membership.objects.count()
    # What the link gives, the page takes: nothing to change.
    preview = upload(admin_client, downloaded(download), "icor-registry.csv").content.decode()
    assert "Confirm import" in preview and "problem" not in preview


def test_the_import_page_links_to_the_whole_registry_as_a_fixture(seed, admin_client):
    page = admin_client.get(reverse(IMPORT_URL)).content.decode()
    link = re.search(r'<a href="([^"]+)" download>Whole registry as a JSON fixture</a>', page)
    download = admin_client.get(link.group(1))
    assert json.loads(downloaded(download)) == json.loads(export())


def test_a_csv_of_the_public_list_is_refused_with_the_file_to_import_instead(seed, admin_client):
    public = admin_client.get(reverse("members:organization-csv"), {"status": "all"})
    assert public.status_code == 200
    before = export()

    response = upload(admin_client, downloaded(public), "organizations.csv")

    page = html.unescape(response.content.decode())
    assert "organizations.csv cannot be imported" in page
    assert "This is the public list's CSV (organizations.csv)" in page
    assert "download it with “Whole registry as CSV” on this page" in page
    assert "Confirm import" not in page
    assert export() == before


def test_only_who_may_view_organizations_downloads_the_whole_registry(seed, client):
    url = reverse("admin:members_organization_export_csv")
    assert client.get(url).status_code == 302  # to the login page
    editor = staff(client, "view_country")
    assert client.get(url).status_code == 403
    editor.user_permissions.add(Permission.objects.get(codename="view_organization"))
    allowed = client.get(url)
    assert allowed.status_code == 200
    assert downloaded(allowed).decode().startswith("slug,name,")


# The report in the editor's language --------------------------------------------------


def test_a_german_editor_reads_the_problems_in_german_and_the_command_stays_english(seed, admin_client,
                                                                                   tmp_path):
    content = ('[{"model": "members.organization", "fields": {"slug": "neue-partei", '
               '"name": "Neue Partei", "country": ["ZZ"], "since": 2015}}]').encode()

    page = admin_client.post(reverse(IMPORT_URL), {"file": SimpleUploadedFile("partei.json", content)},
                             headers={"accept-language": "de"}).content.decode()

    assert "partei.json kann nicht importiert werden" in page
    assert "2 Probleme; es wurde nichts gespeichert." in page
    assert ("Datensatz 1 (Organisation neue-partei), Feld country: Land ZZ gibt es weder in der "
            "Datei noch im Register.") in page
    assert "Datensatz 1 (Organisation neue-partei), Feld since: members.organization hat kein Feld since" in page
    assert "Confirm import" not in page and "Import bestätigen" not in page

    path = tmp_path / "partei.json"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("import_registry", str(path), "--dry-run")
    assert str(error.value) == (
        "partei.json was not imported: 2 problems.\n"
        "  - record 1 (organization neue-partei), field since: members.organization has no field "
        "since; its fields are name, abbreviation, english_name, country, slug, website, wikidata.\n"
        "  - record 1 (organization neue-partei), field country: No country ZZ in the file or the "
        "registry.\n"
        "Nothing was written."
    )
