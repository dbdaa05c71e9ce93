"""Values the registry derives from other rows: computed and written here, nowhere else.

- `Organization.search`: the folded name, abbreviation, English name and country name
  (see `search.fold`), so search compares folded text on every database.
- `Organization.sort_name`: the name's collation key, so names sort as people expect
  ("Ação" among the A's) and identically on every database.
- `Organization.member_since`, `member_until`, `is_member`: a copy of the organization's
  latest membership period, so the public list filters, sorts and counts on indexed
  columns instead of a subquery per row.

The write paths call these functions by name: the models' `save()`, the fixture-load
and delete receivers beside each model (`models/`), the import service
(`registry_io/write.py`), the benchmark generator, and `manage.py check_registry
--repair`, which recomputes everything with `mismatches()` and `repair()`.
"""

from django.db import transaction
from django.db.models import Exists, F, OuterRef, Subquery

from .search import fold

# Organization fields whose text goes into the folded search column and the sort key.
SEARCH_SOURCES = frozenset({"name", "abbreviation", "english_name", "country", "country_id"})
# Between the folded name and the name itself in the sort key: below every character a
# name may hold (names refuse control characters), so a shorter name sorts first.
SORT_SEPARATOR = "\x1f"
# Organization columns that copy its latest membership period.
LATEST_PERIOD = ("member_since", "member_until", "is_member")
# Rows per statement for writes in bulk.
BATCH_SIZE = 500
# The latest period of an organization: open first, then by end and start year, latest first.
LATEST_FIRST = (
    F("until_year").desc(nulls_first=True),
    F("since_year").desc(nulls_last=True),
)


def batches(items, size=BATCH_SIZE):
    """`items` (a sequence) in slices of `size`."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


# The search column ---------------------------------------------------------------


def search_text(organization):
    """The folded text stored in `Organization.search` for one organization."""
    parts = [
        organization.name,
        organization.abbreviation,
        organization.english_name,
        organization.country.name if organization.country_id else "",
    ]
    return fold(" ".join(part for part in parts if part))


def sort_name(name):
    """The key names sort by: folded (accents and case ignored), then the exact name as
    tie-break. Compared byte by byte (see the column's collation), it orders alike on
    SQLite and PostgreSQL."""
    return f"{fold(name)}{SORT_SEPARATOR}{name}"


def fill_text(organization):
    """Set the search text and the sort key of `organization` from its other fields."""
    organization.search = search_text(organization)
    organization.sort_name = sort_name(organization.name)


def write_search(organizations):
    """Recompute the search column of `organizations` (a queryset); return how many changed."""
    stale = []
    rows = organizations.select_related("country").only(
        "pk", "name", "abbreviation", "english_name", "search", "country__name"
    )
    for organization in rows.iterator(chunk_size=BATCH_SIZE):
        text = search_text(organization)
        if organization.search != text:
            organization.search = text
            stale.append(organization)
    organizations.model._base_manager.using(organizations.db).bulk_update(
        stale, ["search"], batch_size=BATCH_SIZE
    )
    return len(stale)


# The latest membership period ---------------------------------------------------------


def latest_period(periods):
    """The LATEST_PERIOD values for an organization with `periods` (objects with
    since_year and until_year), computed in Python."""
    periods = list(periods)
    if not periods:
        return {"member_since": None, "member_until": None, "is_member": False}
    forever = 10_000  # an open period ends after every real year
    latest = max(periods, key=lambda p: (p.until_year or forever, p.since_year or 0))
    return {
        "member_since": latest.since_year,
        "member_until": latest.until_year,
        "is_member": latest.until_year is None,
    }


def latest_period_columns(organizations):
    """The LATEST_PERIOD values of each organization of `organizations` (a queryset), as
    SQL expressions computed from its stored periods."""
    membership = organizations.model._meta.get_field("memberships").related_model
    periods = membership._base_manager.using(organizations.db).filter(organization=OuterRef("pk"))
    latest = periods.order_by(*LATEST_FIRST)
    return {
        "member_since": Subquery(latest.values("since_year")[:1]),
        "member_until": Subquery(latest.values("until_year")[:1]),
        "is_member": Exists(periods.filter(until_year__isnull=True)),
    }


def write_latest_period(organizations, **also):
    """Copy each organization's latest period onto it, in one UPDATE per batch.

    `organizations` is a queryset; `also` are more columns to set in the same
    statement (a period's change moves its organization's version forward).
    No history entry: these columns restate the periods, which have their own.
    """
    pks = sorted(organizations.values_list("pk", flat=True))
    stored = organizations.model._base_manager.using(organizations.db)
    with transaction.atomic(using=organizations.db):
        for batch in batches(pks):
            rows = stored.filter(pk__in=batch)
            rows.update(**latest_period_columns(rows), **also)
    return len(pks)


# Proof -------------------------------------------------------------------------------


def mismatches(organizations):
    """(organization, field, stored value, right value) for every derived column of
    `organizations` (a queryset) that does not say what the source rows say."""
    rows = (
        organizations.select_related("country")
        .prefetch_related("memberships")
        .order_by("pk")
    )
    for organization in rows.iterator(chunk_size=BATCH_SIZE):
        right = {"search": search_text(organization), "sort_name": sort_name(organization.name)}
        right.update(latest_period(organization.memberships.all()))
        for field, value in right.items():
            stored = getattr(organization, field)
            if stored != value:
                yield organization, field, stored, value


def repair(organizations):
    """Rewrite every derived column of `organizations` from the source rows, in one
    transaction; return how many search texts changed."""
    with transaction.atomic(using=organizations.db):
        changed = write_search(organizations)
        write_sort_names(organizations)
        write_latest_period(organizations)
    return changed


def write_sort_names(organizations):
    """Recompute the sort key of `organizations` (a queryset) where it is wrong."""
    stale = []
    for organization in organizations.only("pk", "name", "sort_name").iterator(chunk_size=BATCH_SIZE):
        key = sort_name(organization.name)
        if organization.sort_name != key:
            organization.sort_name = key
            stale.append(organization)
    organizations.model._base_manager.using(organizations.db).bulk_update(
        stale, ["sort_name"], batch_size=BATCH_SIZE
    )
