"""The one place where an import writes to the database.

Every row is written in bulk with an edit-history entry (`history.create` and
`history.update`, with "Imported from <file>" as the reason and the time of the import
as the date, so that the import reads as one change). An update is an edit: the
version of every record it changes moves forward (`locking.claim_versions`), so a form
opened before the import is refused. The values derived from the rows are then written
by `derived.py`, explicitly: the search text of new, changed and refolded
organizations, and the latest period of every organization whose periods changed.
"""

from django.db import connections, router, transaction
from django.db.models import F
from django.utils import timezone

from .. import derived, history
from ..derived import batches
from ..locking import claim_versions
from ..models import Country, Membership, Organization
from .stored import file_fields


def write(plan, report, source):
    """Create and update what `plan` found, in one transaction: all of it or nothing."""
    reason = history.batch_reason(history.IMPORT_REASON, source)
    now = timezone.now()
    with transaction.atomic():
        countries = write_countries(plan, report, reason, now)
        organizations = write_organizations(plan, report, reason, countries, now)
        write_memberships(plan, report, reason, organizations, now)


def split(plan, report, label, reason):
    """(new [(key, obj)], changed [(key, obj)], union of changed fields) for one model."""
    stored, objects = plan.stored[label], plan.objects[label]
    changes = [change for change in report.updated if change.label == label]
    new = [(key, objects[key]) for key in report.created[label]]
    updated = [(change.key, objects[change.key]) for change in changes]
    for key, obj in updated:
        obj.pk = stored[key]["id"]
    fields = sorted({name for change in changes for name, _, _ in change.fields})
    return new, updated, fields


def objects(pairs):
    return [obj for _, obj in pairs]


def write_countries(plan, report, reason, now):
    """Write countries; return {code: Country} for every country an organization may reach."""
    new, updated, fields = split(plan, report, "members.country", reason)
    history.create(Country, objects(new), reason, now)
    if updated:
        claim_versions(Country, objects(updated))
        history.update(Country, objects(updated), fields, reason, now)
    if "name" in fields:
        for batch in batches([obj.pk for obj in objects(updated)]):
            derived.write_search(Organization.objects.filter(country__in=batch))
    countries = {key[0]: Country(id=row["id"], **{n: row[n] for n in file_fields(Country)})
                 for key, row in plan.stored["members.country"].items()}
    countries.update({key[0]: obj for key, obj in new + updated})
    return countries


def write_organizations(plan, report, reason, countries, now):
    """Write organizations; return {slug: id} of every organization a period may reach."""
    label = "members.organization"
    rows = plan.rows[label]
    new, updated, fields = split(plan, report, label, reason)
    for key, obj in new + updated:
        obj.country = countries[rows[key]["country"]]
        derived.fill_text(obj)
    history.create(Organization, objects(new), reason, now)
    missing = {key[0]: obj for key, obj in new if obj.pk is None}
    for batch in batches(list(missing)):  # databases that return no ids from a bulk insert
        for slug, pk in Organization.objects.filter(slug__in=batch).values_list("slug", "id"):
            missing[slug].pk = pk
    keep_file_times(new, rows)
    if updated:
        # The history entry records the whole row: the fields a file does not give too.
        claim_versions(Organization, objects(updated))
        created = {}
        for batch in batches([obj.pk for obj in objects(updated)]):
            created.update(Organization.objects.filter(pk__in=batch).values_list("pk", "created_at"))
        for obj in objects(updated):
            obj.created_at, obj.updated_at = created[obj.pk], now
        written = [*fields, "search", "sort_name", "updated_at"]
        history.update(Organization, objects(updated), written, reason, now)
    ids = {key[0]: row["id"] for key, row in plan.stored[label].items()}
    ids.update({key[0]: obj.pk for key, obj in new})
    return ids


def keep_file_times(new, rows):
    """Give new organizations the created_at/updated_at their file records carry.

    Saving stamps both with the time of the import, but a record that arrives from a
    file keeps its times, so a restore is exact. One parameterised UPDATE run for all
    rows: a CASE-per-row bulk_update takes seconds at this scale.
    """
    dated = [(key, obj) for key, obj in new if rows[key].get("created_at") or rows[key].get("updated_at")]
    if not dated:
        return
    connection = connections[router.db_for_write(Organization)]
    meta, quote, adapt = Organization._meta, connection.ops.quote_name, connection.ops.adapt_datetimefield_value
    sql = (f"UPDATE {quote(meta.db_table)} SET {quote('created_at')} = %s, {quote('updated_at')} = %s "
           f"WHERE {quote(meta.pk.column)} = %s")
    params = []
    for key, obj in dated:
        obj.created_at = rows[key].get("created_at") or obj.created_at
        obj.updated_at = rows[key].get("updated_at") or obj.updated_at
        params.append((adapt(obj.created_at), adapt(obj.updated_at), obj.pk))
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def write_memberships(plan, report, reason, organizations, now):
    label = "members.membership"
    new, updated, fields = split(plan, report, label, reason)
    for key, obj in new + updated:
        obj.organization_id = organizations[key[0]]
    # Updates first: a period this file closes frees the one open place for a new one.
    if updated:
        claim_versions(Membership, objects(updated))
        history.update(Membership, objects(updated), fields, reason, now)
    history.create(Membership, objects(new), reason, now)
    # A changed period changes its organization, as a save does: its latest period,
    # its version and when it last changed. New organizations only get their period.
    created = {key[0] for key in report.created["members.organization"]}
    touched = {key[0] for key, _ in new + updated}
    for batch in batches(sorted(organizations[slug] for slug in touched & created)):
        derived.write_latest_period(Organization.objects.filter(pk__in=batch))
    for batch in batches(sorted(organizations[slug] for slug in touched - created)):
        derived.write_latest_period(
            Organization.objects.filter(pk__in=batch), version=F("version") + 1, updated_at=now
        )
