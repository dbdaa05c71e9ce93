"""An import confirmation works once, for the editor who previewed it, and only while
every record the file gives is as the preview found it (members/admin/confirmation.py)."""

import io
import json

import pytest
from django.contrib.auth.models import User
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from members.models import Country, Membership, Organization

pytestmark = pytest.mark.django_db

IMPORT_URL = "admin:members_organization_import"
CORRECTED = "Revolutionary Communists' Union of Turkey (corrected)"


def export():
    out = io.StringIO()
    call_command("export_registry", stdout=out)
    return out.getvalue()


def fixture(english_name="Revolutionary Communists' Union of Turkey", extra=()):
    """The registry's fixture with tikb-tr's English name changed, and `extra` records."""
    records = json.loads(export())
    for record in records:
        if record["fields"].get("slug") == "tikb-tr":
            record["fields"]["english_name"] = english_name
    return json.dumps([*records, *extra], ensure_ascii=False).encode("utf-8")


def preview(client, content):
    response = client.post(reverse(IMPORT_URL), {"file": SimpleUploadedFile("registry.json", content)})
    assert response.status_code == 200
    assert response.context["token"], response.content.decode()
    return response.context["token"]


def confirm(client, token):
    return client.post(reverse(IMPORT_URL), {"token": token, "confirm": "1"}, follow=True)


def colleague_corrects_tikb():
    organization = Organization.objects.get(slug="tikb-tr")
    organization.english_name = CORRECTED
    organization.save()


def refused(response, message):
    assert response.status_code == 200
    assert response.redirect_chain == []
    assert message in response.content.decode()


def test_a_preview_confirms_once_and_its_replay_keeps_a_later_correction(seed, admin_client):
    token = preview(admin_client, fixture())
    confirmed = confirm(admin_client, token)
    assert confirmed.redirect_chain[-1][0] == reverse("admin:members_organization_changelist")
    colleague_corrects_tikb()
    before = export()
    refused(confirm(admin_client, token),
            "This preview was already confirmed or cancelled; upload the file again.")
    assert Organization.objects.get(slug="tikb-tr").english_name == CORRECTED
    assert export() == before


def test_a_cancelled_preview_cannot_be_confirmed(seed, admin_client):
    before = export()
    token = preview(admin_client, fixture())
    admin_client.post(reverse(IMPORT_URL), {"token": token, "cancel": "1"})
    refused(confirm(admin_client, token),
            "This preview was already confirmed or cancelled; upload the file again.")
    assert export() == before


def test_another_editor_cannot_confirm_a_preview(seed, admin_client):
    token = preview(admin_client, fixture())
    other = Client()
    other.force_login(User.objects.create_superuser("colleague", password="x"))
    before = export()
    refused(confirm(other, token),
            "This preview was made by another editor; upload the file to preview it yourself.")
    assert export() == before
    # The editor who previewed still can.
    assert confirm(admin_client, token).redirect_chain
    assert Organization.objects.get(slug="tikb-tr").english_name == "Revolutionary Communists' Union of Turkey"


def test_a_record_changed_after_the_preview_is_named_and_nothing_is_written(seed, admin_client):
    token = preview(admin_client, fixture())
    colleague_corrects_tikb()
    before = export()
    refused(confirm(admin_client, token),
            "Not imported: organization tikb-tr changed after the preview; preview the file again.")
    assert export() == before
    # The editor previews again and sees the colleague's correction as the value replaced.
    page = admin_client.post(reverse(IMPORT_URL), {"file": SimpleUploadedFile("registry.json", fixture())})
    assert "Revolutionary Communists&#x27; Union of Turkey (corrected)" in page.content.decode()


def test_a_record_the_file_leaves_as_it_was_is_guarded_too(seed, admin_client):
    """The file gives Turkey unchanged; confirming after a colleague renamed it would rename it back."""
    token = preview(admin_client, fixture())
    turkey = Country.objects.get(code="TR")
    turkey.name = "Türkiye"
    turkey.save()
    before = export()
    refused(confirm(admin_client, token),
            "Not imported: country TR changed after the preview; preview the file again.")
    assert export() == before


def test_the_refusal_names_each_kind_of_change(seed, admin_client):
    new_country = {"model": "members.country", "fields": {"code": "ZZ", "name": "Zedland", "continent": "europe"}}
    token = preview(admin_client, fixture(extra=[new_country]))
    Country.objects.create(code="ZZ", name="Zedland", continent="africa")
    period = Membership.objects.filter(organization__slug="tikb-tr").first()
    key = f"tikb-tr {period.since_year if period.since_year is not None else '(joining year unknown)'}"
    period.delete()
    before = export()
    response = confirm(admin_client, token)
    refused(response, "changed after the preview; preview the file again.")
    assert "country ZZ (added since)" in response.content.decode()
    assert f"membership {key} (deleted since)" in response.content.decode()
    assert export() == before
    # A refused confirmation is used up: the editor previews the file as it now meets the registry.
    assert "already confirmed or cancelled" in confirm(admin_client, token).content.decode()
