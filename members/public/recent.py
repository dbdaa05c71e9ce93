"""Changes to the registry, for the public: what changed and when, never who.

Every history entry of a country, an organization or a membership period is one change,
except that a fixture load or an import is one change however many records it wrote:
its entries share their reason and their date (members/history.py). The overview shows
the latest ten (`recent_changes`); /changes/ and its feed page through all of them
(`read_changes`, see public/changes.py).
"""

from dataclasses import dataclass
from datetime import datetime
from functools import cache

from django.db import connection
from django.db.models import BigIntegerField, Case, CharField, F, IntegerField, Q, Value, When
from django.db.models.functions import Cast
from django.utils.text import capfirst
from django.utils.translation import gettext, ngettext, pgettext

from .. import history
from ..models import Country, Membership, Organization
from ..periods import period_label
from .caching import HISTORIES
from .links import record_link


@dataclass
class Change:
    """One line of the list: when, what (as the public names it), the page of the
    record if it still exists, and a key that names the change.

    `pattern` is the whole sentence in the page's language, with `%(what)s` where the
    record is named (and linked, on the page): "%(what)s changed". A load or an import,
    which links nowhere, is its whole sentence as `what`.
    """

    when: datetime
    what: str
    url: str
    key: str
    pattern: str = "%(what)s"

    @property
    def parts(self):
        """The sentence as the words before the record, the record, the words after;
        its first letter a capital."""
        before, found, after = self.pattern.partition("%(what)s")
        if not found:
            return capfirst(before), "", ""
        if before:
            return capfirst(before), self.what, after
        return "", capfirst(self.what), after

    @property
    def sentence(self):
        return "".join(self.parts)


# The sentence of each change, by the kind of record and what happened to it (see
# history.VERBS); each says %(what)s where the record is named.
SENTENCES = {
    ("country", "+"): lambda: pgettext("a country", "%(what)s added"),
    ("country", "~"): lambda: pgettext("a country", "%(what)s changed"),
    ("country", "-"): lambda: pgettext("a country", "%(what)s removed"),
    ("organization", "+"): lambda: pgettext("an organization", "%(what)s added"),
    ("organization", "~"): lambda: pgettext("an organization", "%(what)s changed"),
    ("organization", "-"): lambda: pgettext("an organization", "%(what)s removed"),
    ("membership", "+"): lambda: pgettext("a membership period", "%(what)s added"),
    ("membership", "~"): lambda: pgettext("a membership period", "%(what)s changed"),
    ("membership", "-"): lambda: pgettext("a membership period", "%(what)s removed"),
}


# The columns each history gives the list, in the order of the union below, with the
# type of those a history lacks (NULL there). A load or an import gives no kind and no
# id, so that its entries fall into one group.
COLUMNS = {
    "change_date": None,
    "change_reason": CharField(),
    "change_kind": CharField(),
    "change_id": BigIntegerField(),
    "change_type": CharField(),
    "change_name": CharField(),
    "change_abbreviation": CharField(),
    "change_since": IntegerField(),
    "change_until": IntegerField(),
    "change_record": BigIntegerField(),
}
GROUP = "change_date, change_reason, change_kind, change_id"


def history_rows(model, kind, **values):
    """The history of `model` as COLUMNS; `values` maps the columns it has to its fields."""
    batch = Q(history_change_reason__startswith=history.FIXTURE_REASON.format("")) | Q(
        history_change_reason__startswith=history.IMPORT_REASON.format("")
    )
    columns = {
        "change_date": F("history_date"),
        "change_reason": Case(When(batch, then=F("history_change_reason")), default=Value("")),
        "change_kind": Case(When(batch, then=Value("")), default=Value(kind)),
        "change_id": Case(When(batch, then=Value(0)), default=F("history_id"),
                          output_field=BigIntegerField()),
        "change_type": F("history_type"),
    }
    for name, field in COLUMNS.items():
        if name not in columns:
            # A typed NULL: PostgreSQL takes an untyped one for text, which a UNION
            # with a number column then refuses.
            columns[name] = F(values[name]) if name in values else Cast(Value(None), field)
    return model.history.order_by().annotate(**columns).values_list(*COLUMNS)


@cache
def grouped_statement(windowed=False):
    """The SQL and parameters of the changes, grouped, compiled once per process.

    The three histories are one UNION ALL (made by the ORM); grouping it is SQL of our
    own, since the ORM groups a table, not a union. Each group of one history entry
    keeps that entry's values (MIN of one row).
    """
    union = history_rows(
        Country, "country", change_name="name", change_record="id"
    ).union(
        history_rows(
            Organization, "organization", change_name="name",
            change_abbreviation="abbreviation", change_record="id",
        ),
        history_rows(
            Membership, "membership", change_since="since_year", change_until="until_year",
            change_record="organization_id",
        ),
        all=True,
    )
    sql, params = union.query.sql_with_params()
    aggregates = ", ".join(f"MIN({name})" for name in list(COLUMNS)[4:])
    grouped = (
        f"SELECT {GROUP}, COUNT(*), {aggregates} FROM ({sql}) history "
        # Windowed: the entries from a date on, given as the last parameter.
        f"{'WHERE change_date >= %s ' if windowed else ''}GROUP BY {GROUP}"
    )
    return grouped, params


def count_changes():
    """How many changes there are: one query."""
    sql, params = grouped_statement()
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COUNT(*) FROM ({sql}) changes", params)
        return cursor.fetchone()[0]


def window_start(entries):
    """A date from which on at least `entries` history entries lie, or None when no
    history holds that many: three queries, each walking `entries` entries of one
    history's date index, never the whole history.

    Each history's `entries`-th newest date is such a date; the newest of the three
    is the narrowest window.
    """
    dates = [
        model.history.order_by("-history_date").values_list("history_date", flat=True)[
            entries - 1:entries
        ].first()
        for model in HISTORIES.values()
    ]
    return max((date for date in dates if date is not None), default=None)


def read_changes(offset, limit):
    """The changes from `offset`, newest first, at most `limit` of them.

    The changes are grouped from the newest history entries only: from a window that
    holds as many entries as the page reaches (every change is one entry or more),
    widened while it holds too few changes (a load or an import is one change of many
    entries). Five queries when the first window suffices: where it starts in each of
    the three histories, the page of groups in it, then the records it names that
    still exist (for their links, and the name of a period's organization).
    """
    if limit <= 0:
        return []
    reach = offset + limit
    while True:
        start = window_start(reach)
        sql, params = grouped_statement(windowed=start is not None)
        if start is not None:
            # A raw cursor: the date as the ORM would write it (SQLite compares text).
            params = [*params, connection.ops.adapt_datetimefield_value(start)]
        with connection.cursor() as cursor:
            cursor.execute(
                f"{sql} ORDER BY change_date DESC, change_kind DESC, change_id DESC "
                "LIMIT %s OFFSET %s",
                [*params, limit, offset],
            )
            found = cursor.fetchall()
        if start is None or len(found) == limit:
            break
        reach *= 4
    # A raw cursor skips the ORM's conversions: SQLite gives dates as text.
    date = Organization.history.model._meta.get_field("history_date").cached_col
    converters = connection.ops.get_db_converters(date)
    rows = []
    for when, *values in found:
        for converter in converters:
            when = converter(when, date, connection)
        rows.append(Row(when, *values))
    live = live_records(rows)
    return [change(row, live) for row in rows]


@dataclass
class Row:
    """One group of the query: a single history entry, or a whole load or import."""

    when: datetime
    reason: str
    kind: str
    id: int
    records: int
    type: str
    name: str
    abbreviation: str
    since: int
    until: int
    record: int

    @property
    def live_key(self):
        """The (kind, id) of the country or organization the entry is about."""
        return ("organization" if self.kind == "membership" else self.kind, self.record)


def change(row, live):
    """The Change of `row`; `live` gives the page and name of each record that exists."""
    if not row.kind:
        return batch_change(row)
    url, live_name = live.get(row.live_key, ("", ""))
    if row.kind == "country":
        what = gettext("country %(name)s") % {"name": row.name}
    elif row.kind == "organization":
        what = str(Organization(name=row.name, abbreviation=row.abbreviation))
    elif live_name:
        what = gettext("membership period %(period)s of %(organization)s") % {
            "period": period_label(row.since, row.until), "organization": live_name,
        }
    else:
        what = gettext("membership period %(period)s of a removed organization") % {
            "period": period_label(row.since, row.until),
        }
    return Change(
        when=row.when, what=what, url=url,
        key=f"change-{row.kind}-{row.id}", pattern=SENTENCES[row.kind, row.type](),
    )


def batch_change(row):
    """The Change of a fixture load or an import: its records, and the file it came
    from as the history's reason names it ("Loaded from icor_members.json"); the query
    (history_rows) groups no other reason."""
    imported, loaded = history.IMPORT_REASON.format(""), history.FIXTURE_REASON.format("")
    if row.reason.startswith(imported):
        pattern = ngettext("%(count)s record imported from %(file)s",
                           "%(count)s records imported from %(file)s", row.records)
        name = row.reason[len(imported):]
    else:
        pattern = ngettext("%(count)s record loaded from %(file)s",
                           "%(count)s records loaded from %(file)s", row.records)
        name = row.reason[len(loaded):]
    return Change(
        when=row.when,
        what=pattern % {"count": row.records, "file": name},
        url="",
        key=f"change-{row.when:%Y%m%dT%H%M%S%f}",
    )


def live_records(rows):
    """{(kind, id): (page, name)} of the countries and organizations that `rows` name
    and that still exist: one query, none when they name no record."""
    wanted = {"country": set(), "organization": set()}
    for row in rows:
        if row.kind:
            kind, pk = row.live_key
            wanted[kind].add(pk)
    countries = Country.objects.order_by().filter(pk__in=wanted["country"])
    organizations = Organization.objects.order_by().filter(pk__in=wanted["organization"])
    found = countries.values_list(Value("country"), "pk", "code", "name").union(
        organizations.values_list(Value("organization"), "pk", "slug", "name"), all=True
    )
    pages = {"country": "country-detail", "organization": "organization-detail"}
    return {
        (kind, pk): (record_link(pages[kind], key.lower() if kind == "country" else key), name)
        for kind, pk, key, name in found
    }


def recent_changes(limit=10):
    """The `limit` latest changes, for the overview."""
    return read_changes(0, limit)
