"""Facets of the member list, as Datasette shows them: for continent, country, status and
joining year, each option with the number of organizations it would give together with
the other active filters; and the active filters, each a link that removes it.

All of it comes from one grouped query, whatever the number of organizations: the
organizations that the filters other than the facets leave (search, member during a
year), counted per country, membership and joining year. That is a few thousand groups
at most (countries × years × two), read from one index; every facet, and the total the
page shows, is then added up from the groups in Python, each facet with the other
facets' filters applied to the groups and its own left out. With a year, the same
query counts the organizations the year could not place (joining year unknown), which
the page reports beside the total.

The grouped query reads every organization the narrowing filters leave, so its cost
grows with the registry. Its rows, and the countries, are kept in Django's cache under
the registry's version (the public pages' ETag) and those filters: until the next edit
or deploy, a list page reads them from there, and an edit gives every key a new name.
"""

import hashlib
from collections import Counter
from urllib.parse import urlencode
from typing import NamedTuple

from django.core.cache import cache
from django.db.models import Count, Value
from django.utils.translation import gettext

from ..models import Continent, Country, Organization
from .filters import STATUS_CHOICES

# The list's parameters that the facets count; the other filters narrow the groups in SQL.
FACETED = {"continent", "country", "status", "since_min", "since_max"}
# The status facet's options, in order: the value of `status` and its label.
STATUSES = dict(STATUS_CHOICES)
# The country facet shows this many countries (the most members first) and folds the rest.
SHOWN_COUNTRIES = 10
# Seconds the cache keeps the groups of one version of the registry. A new version is a
# new key, so this only bounds how long a key nobody asks for any more takes up room.
CACHE_SECONDS = 24 * 60 * 60


class Group(NamedTuple):
    """Organizations of one country, one status and one joining year, and how many."""

    country: int  # the country's id
    continent: str
    status: str | None  # "current", "former", or None: no membership period at all
    since: int | None
    # False for organizations a year filter leaves out only because a start is
    # unknown (QuerySet.unplaced_during): the page says how many, they are not listed.
    placed: bool
    count: int


# What each facet counts its options by.
KEYS = {
    "continent": lambda group: group.continent,
    "country": lambda group: group.country,
    "status": lambda group: group.status,
    "since": lambda group: group.since,
}


def filtered_by(filterset, queryset, names):
    """`queryset` with only the filters `names` of the (valid) `filterset` applied."""
    return filterset.filter_queryset(queryset, skip=set(filterset.filters) - set(names))


def groups(filterset, countries):
    """The organizations the non-facet filters leave, counted per country, status and
    joining year: one query. With a year, the same query also counts, as groups of their
    own, the organizations it could not place (their joining year is unknown).

    A search is applied as `id IN (ids whose folded text matches)`: the ids come from
    the index that holds the folded text, so the grouping reads its own index and the
    rows of the matches only, never the whole table.
    """
    rows = Organization.objects.all()
    if filterset.form.cleaned_data.get("q"):
        searched = filtered_by(filterset, Organization.objects.all(), {"q"})
        rows = rows.filter(pk__in=searched.values("pk"))
    rows = filtered_by(filterset, rows, set(filterset.filters) - FACETED - {"q", "ordering", "year"})
    year = filterset.form.cleaned_data.get("year")
    if year is None:
        counted = grouped(rows, placed=True)
    else:
        # Each part reads its own index; no organization is in two of them.
        latest, earlier = rows.members_during_apart(year)
        counted = grouped(latest, placed=True).union(
            grouped(earlier, placed=True), grouped(rows.unplaced_during(year), placed=False), all=True
        )
    for country, is_member, since, placed, total, closed in counted:
        continent = countries[country].continent
        if is_member:
            yield Group(country, continent, "current", since, placed, total)
            continue
        if closed:
            yield Group(country, continent, "former", since, placed, closed)
        if total > closed:
            yield Group(country, continent, None, since, placed, total - closed)


def grouped(rows, placed):
    """The `rows` counted per country, membership and joining year, each count marked
    `placed` or not."""
    return (
        rows.order_by()
        .values_list("country", "is_member", "member_since")
        # A non-member with a leaving year is a former member (QuerySet.former()); one
        # without has no period at all.
        .annotate(placed=Value(placed), total=Count("*"), closed=Count("member_until"))
    )


def cache_key(kind, version, filterset=None):
    """The cache key of `kind` for the registry's `version` and, given a filterset, the
    values of its narrowing filters (those the facets do not count)."""
    narrowing = []
    if filterset is not None:
        data = filterset.form.cleaned_data
        narrowing = sorted(
            (name, str(value)) for name, value in data.items()
            if name not in FACETED | {"ordering"} and value not in (None, "")
        )
    digest = hashlib.sha256(repr((version, narrowing)).encode()).hexdigest()
    return f"facets:{kind}:{digest}"


def kept(key, version, compute):
    """`compute()`, kept in the cache under `key` while the registry's `version` stands;
    computed afresh when no version is given."""
    if version is None:
        return compute()
    found = cache.get(key)
    if found is None:
        found = compute()
        cache.set(key, found, CACHE_SECONDS)
    return found


def countries_of(version):
    """Every country by id: from the cache when the registry's `version` is given."""
    fields = ["pk", "code", "name", "continent"]
    # Kept as plain values: unpickling model instances looks their model up one by one.
    rows = kept(cache_key("countries", version), version,
                lambda: list(Country.objects.order_by().values_list(*fields)))
    return {row[0]: Country(**dict(zip(fields, row))) for row in rows}


def cached_groups(filterset, countries, version):
    """`groups()`, from the cache when the registry's `version` is given."""
    return kept(cache_key("groups", version, filterset), version,
                lambda: list(groups(filterset, countries)))


def tests(data, countries):
    """For each facet, a test a group passes when that facet's active filter keeps it."""
    continent, country = data.get("continent"), data.get("country")
    status, since_min, since_max = data.get("status"), data.get("since_min"), data.get("since_max")
    found = {}
    if continent:
        found["continent"] = lambda group: group.continent == continent
    if country:
        chosen = {pk for pk, known in countries.items() if known.code == country}
        found["country"] = lambda group: group.country in chosen
    if status in ("current", "former"):
        found["status"] = lambda group: group.status == status
    if since_min is not None or since_max is not None:
        low, high = since_min or 0, since_max or 9999
        found["since"] = lambda group: group.since is not None and low <= group.since <= high
    return found


def tally(found, active):
    """How many organizations the active filters give, how many of those a year filter
    could not place, and for each facet how many each of its values gives with the
    other facets' filters: one pass over the groups.

    A group that every filter keeps counts for the total and for every facet; one that
    a single facet's filter turns away counts for that facet only (its own filter is
    left out of its counts); one turned away by two counts nowhere. Unplaced groups
    count only for the number of unplaced organizations.
    """
    total, unplaced, counts = 0, 0, {facet: Counter() for facet in KEYS}
    for group in found:
        failed = [facet for facet, test in active.items() if not test(group)]
        if not group.placed:
            unplaced += 0 if failed else group.count
            continue
        if len(failed) > 1:
            continue
        for facet in failed or KEYS:
            counts[facet][KEYS[facet](group)] += group.count
        if not failed:
            total += group.count
    return total, unplaced, counts


class Facets:
    """The facets and active filters of a valid list filterset, with links made from the
    page's `path` and its query (`QueryDict`); counted from the cache when the registry's
    `version` (the page's ETag) is given, straight from the database when not."""

    def __init__(self, filterset, path, query, version=None):
        self.data = filterset.form.cleaned_data
        self.path = path
        self.pairs = [(key, value) for key, values in query.lists() for value in values]
        self.countries = countries_of(version)
        found = cached_groups(filterset, self.countries, version)
        self.total, unplaced, self.counts = tally(found, tests(self.data, self.countries))
        # How many organizations the year filter could not place; None without a year.
        self.unplaced = None if self.data.get("year") is None else unplaced

    def link(self, **changes):
        """This page's URL with `changes` made (None removes a parameter), on page 1.

        A changed parameter keeps its place, as QueryDict.__setitem__ keeps it; the
        facets make about a hundred links a page, so the query is not copied for each.
        """
        changes = {"page": None, **changes}
        pairs, done = [], set()
        for key, value in self.pairs:
            if key not in changes:
                pairs.append((key, value))
            elif key not in done:
                done.add(key)
                if changes[key] is not None:
                    pairs.append((key, str(changes[key])))
        pairs += [(key, str(value)) for key, value in changes.items()
                  if key not in done and value is not None]
        return f"{self.path}?{urlencode(pairs)}" if pairs else self.path

    def option(self, label, count, selected, **changes):
        removal = {key: None for key in changes}
        return {
            "label": label,
            "count": count,
            "selected": selected,
            "url": self.link(**removal) if selected else self.link(**changes),
        }

    def facet(self, name, label, options, shown=None):
        options = list(options)
        return {"name": name, "label": label, "options": options[:shown], "more": options[shown:] if shown else []}

    def continent(self):
        totals = self.counts["continent"]
        chosen = self.data.get("continent")
        return self.facet("continent", gettext("Continent"), (
            self.option(name, totals[slug], slug == chosen, continent=slug)
            for slug, name in Continent.choices if totals[slug]
        ))

    def country(self):
        totals = self.counts["country"]
        chosen = self.data.get("country")
        found = [(self.countries[pk], count) for pk, count in totals.items()]
        ranked = sorted(found, key=lambda item: (-item[1], item[0].local_name))
        return self.facet("country", gettext("Country"), (
            self.option(country.local_name, count, country.code == chosen, country=country.code.lower())
            for country, count in ranked
        ), shown=SHOWN_COUNTRIES)

    def status(self):
        totals = Counter(self.counts["status"])
        totals["all"] = sum(totals.values())
        chosen = self.data.get("status")
        options = []
        for value, label in STATUSES.items():
            # Current members are the default: without `status` the list shows them.
            target = None if value == "current" else value
            option = self.option(str(label), totals[value], value == chosen, status=target)
            if value == chosen == "current":
                option["url"] = None
            options.append(option)
        return self.facet("status", gettext("Status"), options)

    def joined(self):
        totals = self.counts["since"]
        low, high = self.data.get("since_min"), self.data.get("since_max")
        options = [
            self.option(str(year), totals[year], low == high == year, since_min=year, since_max=year)
            for year in sorted(year for year in totals if year is not None)
        ]
        # No parameter asks for an unknown year: the figure is shown, not linked.
        if totals[None]:
            options.append({"label": gettext("Unknown"), "count": totals[None], "selected": False,
                            "url": None})
        return self.facet("joined", gettext("Joined"), options)

    def all(self):
        return [self.continent(), self.country(), self.status(), self.joined()]

    def removable(self):
        """The active filters, each a label and the link to this page without it."""
        data, found = self.data, []
        if data.get("q"):
            found.append((gettext("Search: %(text)s") % {"text": data["q"]}, {"q": None}))
        if data.get("continent"):
            label = gettext("Continent: %(continent)s") % {"continent": Continent(data["continent"]).label}
            found.append((label, {"continent": None}))
        if data.get("country"):
            names = {country.code: country.local_name for country in self.countries.values()}
            label = gettext("Country: %(country)s") % {"country": names.get(data["country"], data["country"])}
            found.append((label, {"country": None}))
        low, high = data.get("since_min"), data.get("since_max")
        if low is not None or high is not None:
            if low == high:
                label = gettext("Joined in %(year)s") % {"year": low}
            elif high is None:
                label = gettext("Joined in or after %(year)s") % {"year": low}
            elif low is None:
                label = gettext("Joined in or before %(year)s") % {"year": high}
            else:
                label = gettext("Joined %(first)s–%(last)s") % {"first": low, "last": high}
            found.append((label, {"since_min": None, "since_max": None}))
        if data.get("year") is not None:
            found.append((gettext("Member during %(year)s") % {"year": data["year"]}, {"year": None}))
        if data.get("wikidata") == "yes":
            found.append((gettext("With a Wikidata identifier"), {"wikidata": None}))
        elif data.get("wikidata") == "no":
            found.append((gettext("Without a Wikidata identifier"), {"wikidata": None}))
        if data.get("status") in ("former", "all"):
            label = gettext("Status: %(status)s") % {"status": STATUSES[data["status"]]}
            found.append((label, {"status": None}))
        return [{"label": label, "url": self.link(**removal)} for label, removal in found]
