"""The one place where an import writes to the database.

Edit history: every row is written with the models' bulk methods, so whatever those
record (an entry per row, with `_change_reason` as its reason) covers imports too.
Should history ever need explicit calls (bulk_create_with_history and friends), they
go here and nowhere else.
"""

from django.db import connections, router, transaction
from django.utils import timezone

from ..models import Country, Membership, Organization
from ..querysets import BATCH_SIZE
from .stored import file_fields

# The reason given in each record's history; the history keeps at most 100 characters.
REASON = "Imported from {}"


def write(plan, report, source):
    """Create and update what `plan` found, in one transaction: all of it or nothing."""
    reason = REASON.format(source)[:100]
    now = timezone.now()
    with transaction.atomic():
        countries = write_countries(plan, report, reason)
        organizations = write_organizations(plan, report, reason, countries, now)
        write_memberships(plan, report, reason, organizations, now)


def in_batches(items):
    for start in range(0, len(items), BATCH_SIZE):
        yield items[start : start + BATCH_SIZE]


def split(plan, report, label, reason):
    """(new [(key, obj)], changed [(key, obj)], union of changed fields) for one model."""
    stored, objects = plan.stored[label], plan.objects[label]
    changes = [change for change in report.updated if change.label == label]
    new = [(key, objects[key]) for key in report.created[label]]
    updated = [(change.key, objects[change.key]) for change in changes]
    for key, obj in updated:
        obj.pk = stored[key]["id"]
    for _, obj in new + updated:
        obj._change_reason = reason
    fields = sorted({name for change in changes for name, _, _ in change.fields})
    return new, updated, fields


def objects(pairs):
    return [obj for _, obj in pairs]


def write_countries(plan, report, reason):
    """Write countries; return {code: Country} for every country an organization may reach."""
    new, updated, fields = split(plan, report, "members.country", reason)
    Country.objects.bulk_create(objects(new), batch_size=BATCH_SIZE)
    if updated:
        # A renamed country's organizations are refolded by the queryset's bulk_update.
        Country.objects.bulk_update(objects(updated), fields, batch_size=BATCH_SIZE)
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
    Organization.objects.bulk_create(objects(new), batch_size=BATCH_SIZE)
    missing = {key[0]: obj for key, obj in new if obj.pk is None}
    for batch in in_batches(list(missing)):  # databases that return no ids from a bulk insert
        for slug, pk in Organization._base_manager.filter(slug__in=batch).values_list("slug", "id"):
            missing[slug].pk = pk
    keep_file_times(new, rows)
    if updated:
        for obj in objects(updated):
            obj.updated_at = now
        Organization.objects.bulk_update(objects(updated), [*fields, "updated_at"], batch_size=BATCH_SIZE)
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
        Membership.objects.bulk_update(objects(updated), fields, batch_size=BATCH_SIZE)
    Membership.objects.bulk_create(objects(new), batch_size=BATCH_SIZE)
    # A changed period changes when its organization last changed, as a save does.
    created = {key[0] for key in report.created["members.organization"]}
    touched = sorted({key[0] for key, _ in new + updated} - created)
    for batch in in_batches([organizations[slug] for slug in touched]):
        Organization._base_manager.filter(pk__in=batch).update(updated_at=now)
