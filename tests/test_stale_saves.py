"""Every registry record refuses a stale save: countries and membership periods, on
their own pages and inline, as organizations do; in code, by import and by fixture load."""

import html
import json
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.test import Client

from members.admin.forms import MembershipForm
from members.locking import StaleRecordError
from members.models import Country, Membership, Organization
from members.registry_io import export_json, import_data

from .test_admin import change_url, opened_version, organization_form
from .test_check_registry import check

pytestmark = pytest.mark.django_db

STALE_PERIOD = "Someone else changed this membership period after you opened it"
STALE_COUNTRY = "Someone else changed this country after you opened it"
STALE_ORGANIZATION = "Someone else changed this organization after you opened it"


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def editors(db):
    """Two signed-in editors' browsers."""
    clients = []
    for name in ("ana", "ben"):
        client = Client()
        client.force_login(User.objects.create_superuser(name, password="a long passphrase"))
        clients.append(client)
    return clients


def tikb_period():
    """The seed's one period of TİKB (2010–today), as stored now."""
    return Membership.objects.get(organization__slug="tikb-tr")


def period_data(period, opened, **changes):
    """POST data of a period's change page opened at version `opened`, with `changes`."""
    data = {
        "organization": period.organization_id,
        "since_year": period.since_year or "",
        "until_year": period.until_year or "",
        "source": period.source,
        "note": period.note,
        "opened_version": opened,
    }
    return {**data, **changes}


# Periods on their own page ----------------------------------------------------------


def test_the_second_of_two_editors_of_a_period_is_refused(seed, editors):
    first, second = editors
    period = tikb_period()
    url = change_url(period)
    first_form, second_form = first.get(url), second.get(url)

    saved = first.post(url, period_data(period, opened_version(first_form), note="Checked again."))
    refused = second.post(url, period_data(period, opened_version(second_form), source="Report [3]"))

    assert saved.status_code == 302
    assert refused.status_code == 200
    page = text(refused)
    assert STALE_PERIOD in page
    assert "What they changed is listed below." in page
    assert "note: “” → “Checked again.”" in page
    assert 'Report [3]</textarea>' in page  # what they typed is kept
    assert (tikb_period().note, tikb_period().source) == ("Checked again.", period.source)
    check()


def test_a_period_saved_at_the_same_moment_is_refused_at_the_write(seed, editors, monkeypatch):
    """Someone else's save lands between the form's check and the write: the write itself
    refuses it, and the editor gets a message instead of an error page."""
    first, second = editors
    period = tikb_period()
    url = change_url(period)
    opened = opened_version(second.get(url))
    first.post(url, period_data(period, opened_version(first.get(url)), note="Checked again."))
    # The check reads the version as it was before the other save landed.
    monkeypatch.setattr(MembershipForm, "stored_version", lambda form: opened)

    response = second.post(url, period_data(period, opened, source="Report [3]"), follow=True)

    assert response.redirect_chain == [(url, 302)]
    assert "Someone else saved this membership period at the same moment" in text(response)
    assert (tikb_period().note, tikb_period().source) == ("Checked again.", period.source)


# Countries ------------------------------------------------------------------------


def test_the_second_of_two_editors_of_a_country_is_refused(seed, editors):
    first, second = editors
    turkey = Country.objects.get(code="TR")
    url = change_url(turkey)
    first_form, second_form = first.get(url), second.get(url)

    def post(client, form, **changes):
        data = {"code": "TR", "name": "Turkey", "continent": "europe", **changes}
        return client.post(url, {**data, "opened_version": opened_version(form)})

    assert post(first, first_form, continent="asia").status_code == 302
    refused = post(second, second_form, name="Türkiye")

    assert refused.status_code == 200
    page = text(refused)
    assert STALE_COUNTRY in page
    assert "continent: “europe” → “asia”" in page
    turkey.refresh_from_db()
    assert (turkey.name, turkey.continent) == ("Turkey", "asia")
    check()


def test_the_country_form_shows_its_version_read_only(seed, editors):
    page = text(editors[0].get(change_url(Country.objects.get(code="TR"))))
    assert "Version" in page and 'name="version"' not in page
    assert 'type="hidden" name="opened_version" value="1"' in page


# Periods inline, on their organization's page -------------------------------------


def inline_post(client, organization, form, period, **changes):
    row = {"id": period.pk, "since_year": period.since_year, "source": period.source,
           "note": period.note, "opened_version": opened_version(form, row=0), **changes}
    return client.post(change_url(organization), organization_form(
        organization.country, [row], initial=1, name=organization.name,
        abbreviation=organization.abbreviation, english_name=organization.english_name,
        opened_version=opened_version(form),
    ))


def test_the_second_of_two_editors_of_an_inline_period_is_refused(seed, editors):
    first, second = editors
    organization = Organization.objects.get(slug="tikb-tr")
    period = tikb_period()
    first_form, second_form = first.get(change_url(organization)), second.get(change_url(organization))

    saved = inline_post(first, organization, first_form, period, note="Checked again.")
    refused = inline_post(second, organization, second_form, period, source="Report [3]")

    assert saved.status_code == 302
    assert refused.status_code == 200
    page = text(refused)
    assert STALE_ORGANIZATION in page and STALE_PERIOD in page
    assert "note: “” → “Checked again.”" in page
    assert (tikb_period().note, tikb_period().source) == ("Checked again.", period.source)
    check()


def test_an_inline_row_opened_before_its_period_changed_is_refused_on_its_own(seed, editors):
    """The row's own version refuses it, even with the organization's version current."""
    editor = editors[0]
    organization = Organization.objects.get(slug="tikb-tr")
    period = tikb_period()
    old_form = editor.get(change_url(organization))
    period.note = "Checked again."
    period.save()
    new_form = editor.get(change_url(organization))
    row = {"id": period.pk, "since_year": 2010, "source": "Report [3]",
           "opened_version": opened_version(old_form, row=0)}

    response = editor.post(change_url(organization), organization_form(
        organization.country, [row], initial=1, name=organization.name,
        abbreviation=organization.abbreviation, english_name=organization.english_name,
        opened_version=opened_version(new_form),
    ))

    assert response.status_code == 200
    assert STALE_PERIOD in text(response) and STALE_ORGANIZATION not in text(response)
    assert (tikb_period().note, tikb_period().source) == ("Checked again.", period.source)


# In code, by import, by fixture load ---------------------------------------------------


@pytest.mark.parametrize("model", [Country, Membership])
def test_a_stale_copy_of_a_country_or_period_cannot_overwrite_a_newer_save(seed, model):
    record = model.objects.first()
    first, second = model.objects.get(pk=record.pk), model.objects.get(pk=record.pk)
    first.save()
    with pytest.raises(StaleRecordError):
        second.save()
    assert model.objects.get(pk=record.pk).version == record.version + 1
    assert model.history.filter(id=record.pk).first().version == record.version + 1


def test_an_import_moves_the_version_of_countries_and_periods_forward(seed, editors):
    stale_country, stale_period = Country.objects.get(code="TR"), tikb_period()
    form = editors[0].get(change_url(stale_period))
    out = StringIO()
    export_json(out)
    records = json.loads(out.getvalue())
    for record in records:
        if record["model"] == "members.country" and record["fields"]["code"] == "TR":
            record["fields"]["name"] = "Türkiye"
        if record["model"] == "members.membership" and record["fields"]["organization"] == ["tikb-tr"]:
            record["fields"]["note"] = "Imported."
    assert import_data(json.dumps(records).encode(), "registry.json").ok

    for stale in (stale_country, stale_period):
        stored = type(stale).objects.get(pk=stale.pk)
        assert stored.version == stale.version + 1
        assert type(stale).history.filter(id=stale.pk).first().version == stored.version
        with pytest.raises(StaleRecordError):
            stale.save()
    refused = editors[0].post(change_url(stale_period), period_data(
        stale_period, opened_version(form), source="Report [3]"))
    assert STALE_PERIOD in text(refused)
    assert "note: “” → “Imported.”" in text(refused)
    assert tikb_period().note == "Imported."
    check()


def test_loaddata_keeps_the_stored_versions(seed):
    turkey, period = Country.objects.get(code="TR"), tikb_period()
    turkey.name = "Türkiye"
    turkey.save()
    period.note = "Checked again."
    period.save()

    call_command("loaddata", "icor_members", verbosity=0)

    assert Country.objects.get(code="TR").name == "Turkey"  # the load changed it back
    assert Country.objects.get(code="TR").version == 2
    assert tikb_period().version == 2
    assert Country.history.filter(id=turkey.pk).first().version == 2


def test_saving_an_organization_leaves_its_untouched_periods_alone(seed, editors):
    """An inline row the editor did not change is not saved again: no new version, no
    history entry, and so no refusal of a colleague editing that period."""
    first, _ = editors
    organization = Organization.objects.get(slug="tikb-tr")
    period = tikb_period()
    entries = Membership.history.count()
    form = first.get(change_url(organization))
    row = {"id": period.pk, "since_year": period.since_year, "source": period.source,
           "note": period.note, "opened_version": opened_version(form, row=0)}
    response = first.post(change_url(organization), organization_form(
        organization.country, [row], initial=1, name=organization.name,
        abbreviation=organization.abbreviation, english_name="Renamed in English",
        opened_version=opened_version(form),
    ))
    assert response.status_code == 302
    assert Organization.objects.get(pk=organization.pk).english_name == "Renamed in English"
    assert Membership.history.count() == entries
    assert tikb_period().version == period.version
    assert Organization.objects.get(pk=organization.pk).version == organization.version + 1
