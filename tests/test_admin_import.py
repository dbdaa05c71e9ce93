"""The admin's export actions and import page (preview, confirm, cancel, permissions).

These run against the admin as members/admin/organization.py wires members/admin/imports.py.
"""

import io
import json

import pytest
from django.contrib.auth.models import Permission, User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from members.models import Country, Organization

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
def test_export_selected_downloads_the_records_with_what_they_need(seed, admin_client, action, model):
    if model == "organization":
        selected = Organization.objects.get(slug="tikb-tr").pk
    else:
        selected = Country.objects.get(code="TR").pk
    response = admin_client.post(reverse(f"admin:members_{model}_changelist"),
                                 {"action": action, "_selected_action": [selected]})
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    text = response.content.decode()
    if action == "export_json":
        models = {record["model"] for record in json.loads(text)}
        assert models == {"members.country", "members.organization", "members.membership"}
    else:
        assert text.startswith("slug,name,")
    assert "tikb-tr" in text
