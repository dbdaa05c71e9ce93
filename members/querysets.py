"""The registry's rules about members, written once as QuerySet methods."""

from django.db import models, transaction
from django.db.models import Exists, F, OuterRef, Q, Subquery
from simple_history.utils import get_history_manager_for_model

from .search import fold, search_terms

# Organization fields whose text goes into the folded search column.
SEARCH_SOURCES = frozenset({"name", "abbreviation", "english_name", "country", "country_id"})
# Rows per statement when the search column is rewritten in bulk.
BATCH_SIZE = 500


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


class CountryQuerySet(RecordedQuerySet):
    def updated(self, pks, changes):
        """Refold the organizations of countries whose name changed."""
        if "name" in changes:
            from .models import Organization

            refresh_search(Organization.objects.using(self.db).filter(country__in=pks))
        super().updated(pks, changes)


class OrganizationQuerySet(RecordedQuerySet):
    def current(self):
        """Organizations with an open membership period: ICOR's members today."""
        from .models import Membership

        return self.filter(Exists(Membership.objects.open().filter(organization=OuterRef("pk"))))

    def former(self):
        """Organizations that were members once and have no open period now."""
        from .models import Membership

        periods = Membership.objects.filter(organization=OuterRef("pk"))
        return self.filter(Exists(periods), ~Exists(periods.open()))

    def members_during(self, year):
        """Organizations with a period known to cover (part of) `year`."""
        from .models import Membership

        return self.filter(
            Exists(Membership.objects.during(year).filter(organization=OuterRef("pk")))
        )

    def unplaced_during(self, year):
        """Organizations not known to be members in `year` only because a start is unknown.

        Their period has no joining year and had not ended before `year`, so they
        may have been members then; a year filter reports how many.
        """
        from .models import Membership

        unknown = Membership.objects.filter(
            Q(until_year__isnull=True) | Q(until_year__gte=year),
            organization=OuterRef("pk"),
            since_year__isnull=True,
        )
        placed = Membership.objects.during(year).filter(organization=OuterRef("pk"))
        return self.filter(Exists(unknown), ~Exists(placed))

    def search(self, query):
        """Organizations whose name, abbreviation, English name or country contain
        every word of `query`, compared folded (case, accents, apostrophes, dashes)."""
        result = self
        for term in search_terms(query):
            result = result.filter(search__contains=term)
        return result

    def with_membership(self):
        """Annotate `member_since` and `member_until` from the latest period."""
        from .models import Membership

        latest = Membership.objects.filter(organization=OuterRef("pk")).latest_first()
        return self.annotate(
            member_since=Subquery(latest.values("since_year")[:1]),
            member_until=Subquery(latest.values("until_year")[:1]),
        )

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


class MembershipQuerySet(RecordedQuerySet):
    def open(self):
        """Periods that have not ended: the organization is a member now."""
        return self.filter(until_year__isnull=True)

    def latest_first(self):
        """Open periods first, then by end and start year, latest first."""
        return self.order_by(
            models.F("until_year").desc(nulls_first=True),
            models.F("since_year").desc(nulls_last=True),
        )

    def during(self, year):
        """Periods known to cover (part of) `year`: started by then, not ended before."""
        return self.filter(
            Q(until_year__isnull=True) | Q(until_year__gte=year), since_year__lte=year
        )
