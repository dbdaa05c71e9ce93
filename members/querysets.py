"""The registry's rules about members, written once as QuerySet methods.

The models import this module, so it reaches related models through the relations
(`_meta.get_field(...).related_model`) instead of importing them.
"""

from django.db import models
from django.db.models import Count, Exists, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce

from .countries import codes_named
from .derived import LATEST_FIRST
from .search import search_terms


def related(queryset, name):
    """The default manager of the model that `queryset`'s relation `name` reaches."""
    return queryset.model._meta.get_field(name).related_model.objects


def latest_covering(year):
    """The condition that an organization's latest period, stored on it, covers `year`."""
    return Q(member_since__lte=year) & (Q(member_until__isnull=True) | Q(member_until__gte=year))


class CountryQuerySet(models.QuerySet):
    def with_member_counts(self):
        """Annotate `members`: each country's number of current member organizations.

        Counted per country from an index, without joining every member to its country.
        """
        current = (
            related(self, "organizations")
            .current()
            .filter(country=OuterRef("pk"))
            .order_by()
            .values("country")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(members=Coalesce(Subquery(current), 0))


class OrganizationQuerySet(models.QuerySet):
    def current(self):
        """Organizations with an open membership period: ICOR's members today."""
        # `IN (true)`, not `= true`: SQLite reads a bare boolean column (Django's SQL for
        # `= true`) as a truth test and cannot then seek the indexes that start with it.
        return self.filter(is_member__in=[True])

    def former(self):
        """Organizations that were members once and have no open period now.

        Their latest period is then a closed one, so it has a leaving year.
        """
        return self.filter(is_member=False, member_until__isnull=False)

    def with_country(self):
        """Organizations as the public pages show them: each with its country joined."""
        return self.select_related("country")

    def with_status(self, status):
        """The organizations of a public `status`: "current", "former" or "all"."""
        if status == "current":
            return self.current()
        if status == "former":
            return self.former()
        return self

    def with_wikidata(self, linked=True):
        """Organizations with a Wikidata identifier, or (`linked=False`) those without."""
        return self.exclude(wikidata="") if linked else self.filter(wikidata="")

    def members_during(self, year):
        """Organizations with a period known to cover (part of) `year`."""
        # A period covering `year` is either the latest one, stored on the organization
        # and indexed, or a closed one, read from the periods' own index: no subquery
        # per organization, and only the few closed periods are looked up by id.
        return self.filter(latest_covering(year) | Q(pk__in=self.closed_covering(year)))

    def members_during_apart(self, year):
        """members_during(year) as two querysets with no organization in common: those
        whose latest period covers `year`, and those with an earlier period that does.

        Counting the two apart reads the organizations' index for the first and only the
        few matching ids for the second; asked as one condition, the database would look
        up every organization whose latest period does not cover `year` among the ids.
        """
        latest = latest_covering(year)
        return self.filter(latest), self.exclude(latest).filter(pk__in=self.closed_covering(year))

    def closed_covering(self, year):
        """The organization ids of the closed periods that cover (part of) `year`."""
        periods = related(self, "memberships")
        return periods.filter(since_year__lte=year, until_year__gte=year).values("organization_id")

    def unplaced_during(self, year):
        """Organizations not known to be members in `year` only because a start is unknown.

        Their period has no joining year and had not ended before `year`, so they
        may have been members then; a year filter reports how many.
        """
        periods = related(self, "memberships")
        unknown = periods.filter(
            Q(until_year__isnull=True) | Q(until_year__gte=year), since_year__isnull=True
        )
        placed = periods.during(year).filter(organization=OuterRef("pk"))
        # The few periods of unknown start lead; only their organizations are then checked.
        return self.filter(pk__in=unknown.values("organization_id")).filter(~Exists(placed))

    def search(self, query):
        """Organizations whose name, abbreviation, English name or country contain
        every word of `query`, compared folded (case, accents, apostrophes, dashes).

        A country is known by its stored name, in the folded text, and by its name in
        every language of the pages ("Deutschland", "Германия"), matched here by ISO
        code (countries.py): a subquery, so the query count stays the same, and the
        index the search reads holds the country too.
        """
        result = self
        for term in dict.fromkeys(search_terms(query)):  # a repeated word adds nothing
            match = Q(search__contains=term)
            codes = codes_named(term)
            if codes:
                countries = related(self, "country").filter(code__in=sorted(codes))
                match |= Q(country__in=countries.values("pk"))
            result = result.filter(match)
        return result


class MembershipQuerySet(models.QuerySet):
    def open(self):
        """Periods that have not ended: the organization is a member now."""
        return self.filter(until_year__isnull=True)

    def oldest_first(self):
        """Periods oldest first, those with an unknown start (which may be the oldest)
        before them: as an organization's page lists them."""
        return self.order_by(F("since_year").asc(nulls_first=True))

    def latest_first(self):
        """Open periods first, then by end and start year, latest first."""
        return self.order_by(*LATEST_FIRST)

    def during(self, year):
        """Periods known to cover (part of) `year`: started by then, not ended before."""
        return self.filter(
            Q(until_year__isnull=True) | Q(until_year__gte=year), since_year__lte=year
        )
