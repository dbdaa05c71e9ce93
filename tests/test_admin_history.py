"""Editors: who reaches what, the edit history with restore, and no lost updates."""

import html
import re
from datetime import UTC, datetime
from io import StringIO

import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.urls import reverse
from django.utils.dateformat import format as date_format

from members import derived, history
from members.models import Country, Membership, Organization

from .test_admin import change_url, opened_version, organization_form
from .test_check_registry import check

pytestmark = pytest.mark.django_db

PASSWORD = "a long editor passphrase"


def text(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def editor(db):
    user = User.objects.create_user("ana", password=PASSWORD)
    call_command("setup_editors", "--add-user", "ana", stdout=StringIO())
    return user


def client_for(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


# Who reaches what -----------------------------------------------------------------


def registry_pages(organization):
    return [
        reverse("admin:index"),
        reverse("admin:members_organization_changelist"),
        reverse("admin:members_organization_add"),
        change_url(organization),
        reverse("admin:members_organization_history", args=[organization.pk]),
        reverse("admin:members_organization_deleted"),
        reverse("admin:members_country_changelist"),
        change_url(organization.country),
        reverse("admin:members_membership_changelist"),
        change_url(organization.memberships.get()),
    ]


ACCOUNT_PAGES = [
    reverse("admin:auth_user_changelist"),
    reverse("admin:auth_user_add"),
    reverse("admin:auth_group_changelist"),
]
IMPORT_PAGE = reverse("admin:members_organization_import")


@pytest.mark.parametrize(
    ("who", "registry", "accounts", "importing"),
    [
        ("anonymous", 302, 302, 302),
        ("editor", 200, 403, 200),
        ("staff without group", 403, 403, 403),
        ("superuser", 200, 200, 200),
    ],
)
def test_permission_matrix(seed, editor, who, registry, accounts, importing):
    users = {
        "anonymous": None,
        "editor": editor,
        "staff without group": User.objects.create_user("sam", password=PASSWORD, is_staff=True),
        "superuser": User.objects.create_superuser("root", password=PASSWORD),
    }
    client = client_for(users[who])
    organization = Organization.objects.get(slug="tikb-tr")
    pages = registry_pages(organization)
    index, pages = pages[0], pages[1:]

    # The index itself is open to every staff member; it lists only what they may use.
    assert client.get(index).status_code == (302 if who == "anonymous" else 200)
    assert {url: client.get(url).status_code for url in pages} == {url: registry for url in pages}
    assert {url: client.get(url).status_code for url in ACCOUNT_PAGES} == {
        url: accounts for url in ACCOUNT_PAGES
    }
    assert client.get(IMPORT_PAGE).status_code == importing


def test_the_index_shows_an_editor_the_registry_first_and_no_accounts(seed, editor):
    page = text(client_for(editor).get(reverse("admin:index")))
    assert "Organizations" in page and "Membership" in page and "Countries" in page
    assert "Users" not in page and "Groups" not in page
    superuser = User.objects.create_superuser("root", password=PASSWORD)
    page = text(client_for(superuser).get(reverse("admin:index")))
    assert page.index("Registry") < page.index("Authentication and Authorization")
    assert page.index("Organizations") < page.index("Membership") < page.index("Countries")


def test_the_change_form_shows_version_and_timestamps_read_only(seed, editor):
    organization = Organization.objects.get(slug="tikb-tr")
    page = text(client_for(editor).get(change_url(organization)))
    assert "Version" in page and 'name="version"' not in page
    assert 'name="created_at"' not in page and 'name="updated_at"' not in page


# History -----------------------------------------------------------------------------


def edit(client, organization, **changes):
    """Open the change form and save it with `changes`, as an editor's browser does."""
    form = client.get(change_url(organization))
    periods = [
        {"id": p.pk, "since_year": p.since_year, "until_year": p.until_year, "source": p.source}
        for p in organization.memberships.all()
    ]
    fields = {
        "name": organization.name,
        "abbreviation": organization.abbreviation,
        "english_name": organization.english_name,
        "opened_version": opened_version(form),
        **changes,
    }
    return client.post(
        change_url(organization),
        organization_form(organization.country, periods, initial=len(periods), **fields),
    )


def test_an_admin_change_is_recorded_with_the_editor_and_the_old_values(seed, editor):
    organization = Organization.objects.get(slug="tikb-tr")
    response = edit(client_for(editor), organization, english_name="Revolutionary Communists")
    assert response.status_code == 302

    latest, first = organization.history.all()[:2]
    assert latest.history_user == editor
    assert (first.english_name, latest.english_name) == (
        "Union of Revolutionary Communists of Turkey",
        "Revolutionary Communists",
    )
    page = text(client_for(editor).get(reverse("admin:members_organization_history", args=[organization.pk])))
    # The entry names the changed field with its old and new values.
    assert re.search(
        r"English name:</strong>\s*Union of Revolutionary Communists of Turkey\s*→\s*"
        r"Revolutionary Communists\s*</li>",
        page,
    )
    assert "ana" in page


def test_an_import_is_recorded_in_the_history(seed, tmp_path):
    out = StringIO()
    call_command("export_registry", stdout=out)
    changed = out.getvalue().replace(
        '"english_name": "Union of Revolutionary Communists of Turkey"',
        '"english_name": "Union of Revolutionary Communists in Turkey"',
    )
    assert changed != out.getvalue()
    path = tmp_path / "registry.json"
    path.write_text(changed, encoding="utf-8")
    call_command("import_registry", str(path), stdout=StringIO())

    latest, first = Organization.objects.get(slug="tikb-tr").history.all()[:2]
    assert latest.history_type == "~"
    assert latest.english_name == "Union of Revolutionary Communists in Turkey"
    assert first.english_name == "Union of Revolutionary Communists of Turkey"


def test_an_editor_restores_an_earlier_version_from_the_history(seed, editor):
    client = client_for(editor)
    organization = Organization.objects.get(slug="tikb-tr")
    edit(client, organization, english_name="Wrong translation")
    first = organization.history.earliest()
    url = reverse("admin:members_organization_simple_history", args=[organization.pk, first.history_id])

    form = client.get(url)
    assert form.status_code == 200
    assert "Union of Revolutionary Communists of Turkey" in text(form)
    data = {
        "name": first.name,
        "abbreviation": first.abbreviation,
        "english_name": first.english_name,
        "country": first.country_id,
        "opened_version": opened_version(form),
    }
    assert client.post(url, data).status_code == 302

    organization.refresh_from_db()
    assert organization.english_name == "Union of Revolutionary Communists of Turkey"
    assert organization.history.first().history_user == editor


def test_a_deleted_organization_is_recovered_with_its_periods(seed, editor):
    client = client_for(editor)
    organization = Organization.objects.get(slug="tikb-tr")
    pk = organization.pk
    response = client.post(reverse("admin:members_organization_delete", args=[pk]), {"post": "yes"})
    assert response.status_code == 302
    assert not Organization.objects.filter(pk=pk).exists()

    deleted_page = text(client.get(reverse("admin:members_organization_deleted")))
    assert "Türkiye İhtilalci Komünistler Birliği" in deleted_page
    history_page = client.get(reverse("admin:members_organization_history", args=[pk]))
    assert history_page.status_code == 200

    before_deletion = Organization.history.filter(id=pk, history_type="+").get()
    url = reverse("admin:members_organization_simple_history", args=[pk, before_deletion.history_id])
    form = client.get(url)
    data = {
        "name": before_deletion.name,
        "abbreviation": before_deletion.abbreviation,
        "english_name": before_deletion.english_name,
        "country": before_deletion.country_id,
        "opened_version": opened_version(form),
    }
    assert client.post(url, data).status_code == 302

    restored = Organization.objects.get(pk=pk)
    assert restored.slug == "tikb-tr"
    assert list(restored.memberships.values_list("since_year", "until_year")) == [(2010, None)]
    assert Organization.objects.search("tikb").get() == restored
    assert restored in Organization.objects.current()  # back in the public list
    assert "No organization has been deleted." in text(client.get(reverse("admin:members_organization_deleted")))


def test_restoring_an_organization_whose_slug_was_taken_says_what_to_do(seed, editor):
    client = client_for(editor)
    organization = Organization.objects.get(slug="tikb-tr")
    pk, country = organization.pk, organization.country
    client.post(reverse("admin:members_organization_delete", args=[pk]), {"post": "yes"})
    Organization.objects.create(name="Another party", country=country, slug="tikb-tr")
    entries = Organization.history.count(), Membership.history.count()
    before_deletion = Organization.history.filter(id=pk, history_type="+").get()
    url = reverse("admin:members_organization_simple_history", args=[pk, before_deletion.history_id])

    response = client.post(url, {
        "name": before_deletion.name,
        "abbreviation": before_deletion.abbreviation,
        "english_name": before_deletion.english_name,
        "country": before_deletion.country_id,
        "opened_version": opened_version(client.get(url)),
    })

    assert response.status_code == 200
    page = text(response)
    assert "This organization cannot be restored: its slug “tikb-tr”" in page
    assert "used by “Another party”" in page
    assert "python manage.py change_slug tikb-tr NEW-SLUG" in page
    assert not Organization.objects.filter(pk=pk).exists()
    assert Organization.objects.get(slug="tikb-tr").name == "Another party"
    assert (Organization.history.count(), Membership.history.count()) == entries
    assert not Membership.objects.filter(organization_id=pk).exists()
    check()


@pytest.mark.parametrize("key", ["abc", "1.5", "1 OR 1=1", "99999999999999999999"])
@pytest.mark.parametrize("model", ["organization", "country", "membership"])
def test_history_addresses_with_a_key_that_is_no_number_are_not_found(admin_client, seed, model, key):
    record = {"organization": Organization, "country": Country, "membership": Membership}[model]
    stored = record.objects.first()
    entry = record.history.filter(id=stored.pk).first()
    urls = [
        reverse(f"admin:members_{model}_history", args=[key]),
        reverse(f"admin:members_{model}_simple_history", args=[stored.pk, key]),
        reverse(f"admin:members_{model}_simple_history", args=[key, entry.history_id]),
    ]

    assert {url: admin_client.get(url).status_code for url in urls} == {url: 404 for url in urls}
    assert admin_client.post(urls[1], {"name": "x"}).status_code == 404


# No lost updates -----------------------------------------------------------------


def test_the_second_of_two_editors_is_refused_and_keeps_what_they_typed(seed, editor):
    other = User.objects.create_superuser("root", password=PASSWORD)
    first, second = client_for(editor), client_for(other)
    organization = Organization.objects.get(slug="tikb-tr")
    url = change_url(organization)
    first_form, second_form = first.get(url), second.get(url)
    periods = [{"id": organization.memberships.get().pk, "since_year": 2010}]

    def post(client, form, english_name):
        return client.post(
            url,
            organization_form(
                organization.country,
                periods,
                initial=1,
                name=organization.name,
                abbreviation="TİKB",
                english_name=english_name,
                opened_version=opened_version(form),
            ),
        )

    assert post(first, first_form, "First editor's translation").status_code == 302
    refused = post(second, second_form, "Second editor's translation")

    assert refused.status_code == 200
    page = text(refused)
    assert "Someone else changed this organization after you opened it" in page
    assert "English name: “Union of Revolutionary Communists of Turkey” → “First editor's translation”" in page
    assert 'value="Second editor\'s translation"' in page  # what they typed is kept
    organization.refresh_from_db()
    assert organization.english_name == "First editor's translation"
    reloaded = text(second.get(url))
    assert 'value="First editor\'s translation"' in reloaded


def test_a_stale_inline_period_edit_is_refused_too(seed, editor):
    other = User.objects.create_superuser("root", password=PASSWORD)
    first, second = client_for(editor), client_for(other)
    organization = Organization.objects.get(slug="tikb-tr")
    period = organization.memberships.get()
    url = change_url(organization)
    first_form, second_form = first.get(url), second.get(url)

    def post(client, form, until_year):
        return client.post(
            url,
            organization_form(
                organization.country,
                [{"id": period.pk, "since_year": 2010, "until_year": until_year}],
                initial=1,
                name=organization.name,
                abbreviation="TİKB",
                english_name=organization.english_name,
                opened_version=opened_version(form),
            ),
        )

    assert post(first, first_form, 2020).status_code == 302
    refused = post(second, second_form, 2024)

    assert refused.status_code == 200
    page = text(refused)
    assert "Someone else changed this organization after you opened it" in page
    assert "membership period 2010–2020: changed" in page
    assert Membership.objects.get(pk=period.pk).until_year == 2020


def test_a_period_saved_on_its_own_page_makes_an_open_organization_form_stale(seed, editor):
    client = client_for(editor)
    organization = Organization.objects.get(slug="tikb-tr")
    period = organization.memberships.get()
    form = client.get(change_url(organization))
    period_form = client.get(change_url(period))
    saved = client.post(change_url(period), {
        "organization": organization.pk, "since_year": 2010, "until_year": 2021,
        "opened_version": opened_version(period_form),
    })
    assert saved.status_code == 302

    response = client.post(
        change_url(organization),
        organization_form(
            organization.country,
            [{"id": period.pk, "since_year": 2010}],
            initial=1,
            name=organization.name,
            abbreviation="TİKB",
            opened_version=opened_version(form),
        ),
    )
    assert "Someone else changed this organization" in text(response)
    assert Membership.objects.get(pk=period.pk).until_year == 2021


def test_an_import_that_changes_only_a_period_makes_an_open_form_stale(seed, editor, tmp_path):
    client = client_for(editor)
    organization = Organization.objects.get(slug="tikb-tr")
    form = client.get(change_url(organization))
    out = StringIO()
    call_command("export_registry", "--format", "csv", stdout=out)
    lines = out.getvalue().splitlines(keepends=True)
    header = lines[0].rstrip("\r\n").split(",")
    row = next(line for line in lines if line.startswith("tikb-tr,"))
    cells = row.rstrip("\r\n").split(",")
    cells[header.index("until_year")] = "2020"
    path = tmp_path / "registry.csv"
    path.write_text(lines[0] + ",".join(cells) + "\r\n", encoding="utf-8")
    call_command("import_registry", str(path), stdout=StringIO())

    response = client.post(
        change_url(organization),
        organization_form(
            organization.country,
            [{"id": organization.memberships.get().pk, "since_year": 2010}],
            initial=1,
            name=organization.name,
            abbreviation="TİKB",
            english_name=organization.english_name,
            opened_version=opened_version(form),
        ),
    )
    assert "Someone else changed this organization" in text(response)
    assert Membership.objects.get(organization=organization).until_year == 2020


@pytest.mark.parametrize("write", ["save", "update", "delete"])
def test_a_period_written_in_code_makes_an_open_form_stale(seed, editor, write):
    client = client_for(editor)
    organization = Organization.objects.get(slug="tikb-tr")
    form = client.get(change_url(organization))
    periods = Membership.objects.filter(organization=organization)
    if write == "save":
        period = periods.get()
        period.note = "Checked again."
        period.save()
    elif write == "update":
        # A write in bulk, as the import and the benchmark write periods: with history,
        # then the organization's latest period and version, by name.
        period = periods.get()
        period.note = "Checked again."
        history.update(Membership, [period], ["note"], "Checked again")
        derived.write_latest_period(
            Organization.objects.filter(pk=organization.pk), version=F("version") + 1
        )
    else:
        periods.delete()

    response = client.post(
        change_url(organization),
        organization_form(
            organization.country,
            [],
            name=organization.name,
            abbreviation="TİKB",
            opened_version=opened_version(form),
        ),
    )
    assert response.status_code == 200
    assert "Someone else changed this organization" in text(response)


# History and restore pages ---------------------------------------------------------


def breadcrumbs(response):
    """The text of the page's breadcrumbs, one space between words."""
    found = re.search(r'<div class="breadcrumbs">(.*?)</div>', text(response), re.S)
    return " ".join(re.sub(r"<[^>]+>", " ", found.group(1)).split())


def restore_url(entry):
    return reverse("admin:members_organization_simple_history", args=[entry.id, entry.history_id])


def restore(client, entry):
    """Post the restore form of history `entry` as the editor's browser does."""
    form = client.get(restore_url(entry))
    return client.post(restore_url(entry), {
        "name": entry.name,
        "abbreviation": entry.abbreviation,
        "english_name": entry.english_name,
        "country": entry.country_id,
        "opened_version": opened_version(form),
        "_save": "Restore this version",
    }, follow=True)


def delete(client, organization):
    url = reverse("admin:members_organization_delete", args=[organization.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302


def test_the_history_and_restore_pages_name_the_record_in_their_breadcrumbs(seed, editor):
    client = client_for(editor)
    organization = Organization.objects.get(slug="tikb-tr")
    entry = organization.history.get()
    when = date_format(entry.history_date, "j F Y, H:i")

    history_page = client.get(reverse("admin:members_organization_history", args=[organization.pk]))
    assert breadcrumbs(history_page) == (
        "Home › Registry › Organizations › Türkiye İhtilalci Komünistler Birliği (TİKB) › History"
    )
    restore_page = client.get(restore_url(entry))
    assert breadcrumbs(restore_page) == (
        "Home › Registry › Organizations › Türkiye İhtilalci Komünistler Birliği (TİKB) › "
        f"History › Version of {when} UTC"
    )
    assert "Historical" not in text(restore_page)
    assert 'value="Restore this version"' in text(restore_page)

    delete(client, organization)
    history_page = client.get(reverse("admin:members_organization_history", args=[organization.pk]))
    assert "Türkiye İhtilalci Komünistler Birliği (TİKB) (deleted) › History" in breadcrumbs(history_page)
    assert ("has been deleted: restoring this version brings it back with the membership periods "
            "deleted with it.") in text(client.get(restore_url(entry)))


def test_a_deleted_country_comes_back_alone(seed, editor):
    client = client_for(editor)
    country = Country.objects.create(code="ZZ", name="Nowhere", continent="europe")
    entry = country.history.earliest()
    country.delete()
    page = text(client.get(reverse("admin:members_country_simple_history", args=[entry.id, entry.history_id])))
    assert "The country has been deleted: restoring this version brings it back." in page
    assert "membership periods" not in page


def test_restoring_a_version_says_so_and_shows_the_record(seed, editor):
    client = client_for(editor)
    organization = Organization.objects.get(slug="tikb-tr")
    edit(client, organization, english_name="Wrong translation")
    first = organization.history.earliest()

    response = restore(client, first)

    assert response.redirect_chain[-1][0] == change_url(organization)
    when = date_format(first.history_date, "j F Y, H:i")
    assert [str(message) for message in response.context["messages"]] == [
        f"The organization “Türkiye İhtilalci Komünistler Birliği (TİKB)” was restored to "
        f"its version of {when} UTC."
    ]


@pytest.mark.parametrize("periods, words", [(1, "the 1 period of membership"), (2, "the 2 periods of membership")])
def test_restoring_a_deleted_organization_counts_the_periods_it_brings_back(seed, editor, periods, words):
    client = client_for(editor)
    organization = Organization.objects.get(slug="tikb-tr")
    if periods == 2:
        organization.memberships.update(since_year=2015)
        Membership.objects.create(organization=organization, since_year=2011, until_year=2013)
    entry = organization.history.earliest()
    delete(client, organization)

    response = restore(client, entry)

    message = [str(message) for message in response.context["messages"]]
    assert message == [
        f"The organization “Türkiye İhtilalci Komünistler Birliği (TİKB)” was restored to its "
        f"version of {date_format(entry.history_date, 'j F Y, H:i')} UTC, with {words} "
        "deleted with it."
    ]
    assert Organization.objects.get(pk=organization.pk).memberships.count() == periods


# Dates ---------------------------------------------------------------------------------


def test_the_admin_writes_dates_as_the_public_pages_do(seed, editor):
    client = client_for(editor)
    organization = Organization.objects.get(slug="tikb-tr")
    moment = datetime(2026, 11, 28, 14, 5, tzinfo=UTC)
    Organization.objects.filter(pk=organization.pk).update(updated_at=moment)
    organization.history.update(history_date=moment)

    public = text(client.get(organization.get_absolute_url()))
    assert "28 November 2026" in public
    change_form = text(client.get(change_url(organization)))
    assert "28 November 2026, 14:05 UTC" in change_form
    history_page = text(client.get(reverse("admin:members_organization_history", args=[organization.pk])))
    assert "28 November 2026, 14:05 UTC" in history_page
    delete(client, organization)
    deleted = text(client.get(reverse("admin:members_organization_deleted")))
    gone = Organization.history.get(id=organization.pk, history_type="-")
    assert f"<td>{date_format(gone.history_date, 'j F Y, H:i')} UTC</td>" in deleted
