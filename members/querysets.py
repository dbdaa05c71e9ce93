"""The registry's rules about members, written once as QuerySet methods."""

from django.db import models, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from simple_history.utils import get_history_manager_for_model

from .search import fold, search_terms

# Organization fields whose text goes into the folded search column.
SEARCH_SOURCES = frozenset({"name", "abbreviation", "english_name", "country", "country_id"})
# Rows per statement when the search column is rewritten in bulk.
BATCH_SIZE = 500
# Organization columns that copy its latest membership period (see refresh_membership).
MEMBERSHIP_FIELDS = ("latest_since", "latest_until", "is_member")


def search_text(organization):
    """The folded text stored in `Organization.search` for one organization."""
    parts = [
        organization.name,
        organization.abbreviation,
        organization.english_name,
        organization.country.name if organization.country_id else "",
    ]
    return fold(" ".join(part for part in parts if part))


def refresh_search(organizations):
    """Recompute the search column of `organizations` (a queryset), in batches."""
    model = organizations.model
    stale = []
    rows = organizations.select_related("country").only(
        "pk", "name", "abbreviation", "english_name", "search", "country__name"
    )
    for organization in rows.iterator(chunk_size=BATCH_SIZE):
        text = search_text(organization)
        if organization.search != text:
            organization.search = text
            stale.append(organization)
    model._base_manager.bulk_update(stale, ["search"], batch_size=BATCH_SIZE)
    return len(stale)


def latest_period_values(using=None):
    """The values of Organization's MEMBERSHIP_FIELDS, computed from its stored periods."""
    from .models import Membership

    periods = Membership._base_manager.using(using).filter(organization=OuterRef("pk"))
    latest = periods.order_by(*LATEST_FIRST)
    return {
        "latest_since": Subquery(latest.values("since_year")[:1]),
        "latest_until": Subquery(latest.values("until_year")[:1]),
        "is_member": Exists(periods.filter(until_year__isnull=True)),
    }


def refresh_membership(organization_pks, using=None, **also):
    """Copy the latest period of each organization of `organization_pks` onto it.

    One UPDATE per batch, without history or a new version: these columns only
    restate the periods, whose own history records the change. `also` are more
    columns to set in the same statement.
    """
    from .models import Organization

    pks = sorted({pk for pk in organization_pks if pk is not None})
    for batch in batches(pks):
        Organization._base_manager.using(using).filter(pk__in=batch).update(
            **latest_period_values(using), **also
        )


def batches(items, size=BATCH_SIZE):
    for start in range(0, len(items), size):
        yield items[start : start + size]


class RecordedQuerySet(models.QuerySet):
    """Bulk writes that leave an edit-history entry per row, as `save()` does.

    The user of the current request (if any) is recorded, as for single saves.
    """

    def record_history(self, objs, update):
        history = get_history_manager_for_model(self.model)
        history.bulk_history_create(objs, batch_size=BATCH_SIZE, update=update)

    def bulk_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            self.record_history([obj for obj in created if obj.pk is not None], update=False)
        return created

    # `bulk_update()` writes through `update()`, which records the history.

    def update(self, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            pks = list(self.values_list("pk", flat=True))
            count = super().update(**kwargs)
            self.updated(pks, kwargs)
        return count

    def updated(self, pks, changes):
        """After an `update()` of the rows `pks`: record their new state."""
        for batch in batches(pks):
            self.record_history(list(self.model._base_manager.filter(pk__in=batch)), update=True)


# Open periods first, then by end and start year, latest first.
LATEST_FIRST = (
    models.F("until_year").desc(nulls_first=True),
    models.F("since_year").desc(nulls_last=True),
)


class CountryQuerySet(RecordedQuerySet):
    def with_member_counts(self):
        """Annotate `members`: each country's number of current member organizations.

        Counted per country from an index, without joining every member to its country.
        """
        from .models import Organization

        current = (
            Organization.objects.current()
            .filter(country=OuterRef("pk"))
            .order_by()
            .values("country")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(members=Coalesce(Subquery(current), 0))

    def updated(self, pks, changes):
        """Refold the organizations of countries whose name changed."""
        if "name" in changes:
            from .models import Organization

            refresh_search(Organization.objects.using(self.db).filter(country__in=pks))
        super().updated(pks, changes)


class OrganizationQuerySet(RecordedQuerySet):
    def current(self):
        """Organizations with an open membership period: ICOR's members today."""
        # `IN (true)`, not `= true`: SQLite reads a bare boolean column (Django's SQL for
        # `= true`) as a truth test and cannot then seek the indexes that start with it.
        return self.filter(is_member__in=[True])

    def former(self):
        """Organizations that were members once and have no open period now.

        Their latest period is then a closed one, so it has a leaving year.
        """
        return self.filter(is_member=False, latest_until__isnull=False)

    def members_during(self, year):
        """Organizations with a period known to cover (part of) `year`."""
        from .models import Membership

        # A period covering `year` is either the latest one, stored on the organization
        # and indexed, or a closed one, read from the periods' own index: no subquery
        # per organization, and only the few closed periods are looked up by id.
        latest = Q(latest_since__lte=year) & (
            Q(latest_until__isnull=True) | Q(latest_until__gte=year)
        )
        closed = Membership.objects.filter(since_year__lte=year, until_year__gte=year)
        return self.filter(latest | Q(pk__in=closed.values("organization_id")))

    def unplaced_during(self, year):
        """Organizations not known to be members in `year` only because a start is unknown.

        Their period has no joining year and had not ended before `year`, so they
        may have been members then; a year filter reports how many.
        """
        from .models import Membership

        unknown = Membership.objects.filter(
            Q(until_year__isnull=True) | Q(until_year__gte=year), since_year__isnull=True
        )
        placed = Membership.objects.during(year).filter(organization=OuterRef("pk"))
        # The few periods of unknown start lead; only their organizations are then checked.
        return self.filter(pk__in=unknown.values("organization_id")).filter(~Exists(placed))

    def search(self, query):
        """Organizations whose name, abbreviation, English name or country contain
        every word of `query`, compared folded (case, accents, apostrophes, dashes)."""
        result = self
        for term in search_terms(query):
            result = result.filter(search__contains=term)
        return result

    def with_membership(self):
        """Annotate `member_since` and `member_until` from the latest period.

        They read the stored copy of that period (`latest_since`, `latest_until`),
        which every write of a period keeps right: no subquery per row.
        """
        return self.annotate(member_since=F("latest_since"), member_until=F("latest_until"))

    def refresh_membership(self):
        """Recompute the stored latest period of these organizations from their periods."""
        refresh_membership(self.values_list("pk", flat=True), using=self.db)

    def update(self, **kwargs):
        """Update, moving each version forward (a stale form then fails to save)."""
        kwargs.setdefault("version", F("version") + 1)
        return super().update(**kwargs)

    def updated(self, pks, changes):
        """Keep the search column right when a folded field changed without it."""
        if "search" not in changes and not SEARCH_SOURCES.isdisjoint(changes):
            for batch in batches(pks):
                refresh_search(self.model._base_manager.filter(pk__in=batch))
        super().updated(pks, changes)

    def bulk_create(self, objs, *args, **kwargs):
        """Bulk create, filling slug and search column as `save()` would."""
        objs = list(objs)
        for obj in objs:
            obj.fill_derived_fields()
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        """Bulk update, refolding the search column and moving versions forward."""
        objs = list(objs)
        fields = list(fields)
        if not SEARCH_SOURCES.isdisjoint(fields):
            for obj in objs:
                obj.search = search_text(obj)
            fields.append("search")
        for obj in objs:
            obj.version = F("version") + 1
        fields = list(dict.fromkeys([*fields, "version"]))
        count = super().bulk_update(objs, fields, *args, **kwargs)
        for obj in objs:
            # The expression has been written; read the numbers back lazily.
            del obj.version
        return count


def moved_forward():
    """The columns that say an organization changed with one of its periods: its
    version moves forward, so an organization form opened before is refused."""
    return {"version": F("version") + 1}


class MembershipQuerySet(RecordedQuerySet):
    """Bulk writes of periods keep their organizations' stored latest period right,
    and count as a change of those organizations."""

    def bulk_create(self, objs, *args, **kwargs):
        objs = list(objs)
        with transaction.atomic(using=self.db, savepoint=False):
            created = super().bulk_create(objs, *args, **kwargs)
            refresh_membership(
                (obj.organization_id for obj in objs), using=self.db, **moved_forward()
            )
        return created

    def update(self, **kwargs):
        moving = not {"organization", "organization_id"}.isdisjoint(kwargs)
        with transaction.atomic(using=self.db, savepoint=False):
            # Periods moved away change the organizations they leave too.
            left = set(self.values_list("organization_id", flat=True)) if moving else ()
            count = super().update(**kwargs)
            refresh_membership(left, using=self.db, **moved_forward())
        return count

    def updated(self, pks, changes):
        """Recompute the latest period of the organizations whose periods changed."""
        stored = self.model._base_manager.using(self.db)
        for batch in batches(pks):
            organizations = stored.filter(pk__in=batch).values_list("organization_id", flat=True)
            refresh_membership(list(organizations), using=self.db, **moved_forward())
        super().updated(pks, changes)

    def open(self):
        """Periods that have not ended: the organization is a member now."""
        return self.filter(until_year__isnull=True)

    def latest_first(self):
        """Open periods first, then by end and start year, latest first."""
        return self.order_by(*LATEST_FIRST)

    def during(self, year):
        """Periods known to cover (part of) `year`: started by then, not ended before."""
        return self.filter(
            Q(until_year__isnull=True) | Q(until_year__gte=year), since_year__lte=year
        )
