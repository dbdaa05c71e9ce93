"""The downloads of the filtered list, as CSV or JSON, streamed. Every exported
organization (here and in an organization's JSON) is a row of `export_rows()`."""

import csv
import json
from itertools import chain

from django.conf import settings
from django.http import JsonResponse, StreamingHttpResponse
from django.utils.translation import gettext

from ..spreadsheet import neutralise
from .filters import OrganizationFilter
from .links import record_address_in

# A byte order mark, U+FEFF: written first, as UTF-8 (EF BB BF), it tells Excel that
# the file is UTF-8.
BOM = "\ufeff"
# Rows fetched per round trip while a download streams.
CHUNK_SIZE = 2000
# What an export reads of each organization, straight from the database.
EXPORT_VALUES = {
    "slug": "slug",
    "name": "name",
    "abbreviation": "abbreviation",
    "english_name": "english_name",
    "country": "country__code",
    "country_name": "country__name",
    "continent": "country__continent",
    "member_since": "member_since",
    "member_until": "member_until",
}
# Links to other datasets, after the organization's page: keys added later come last.
LINK_VALUES = {"website": "website", "wikidata": "wikidata"}
# The keys of every exported organization, in order (CSV header, JSON objects).
EXPORT_KEYS = [*EXPORT_VALUES, "url", *LINK_VALUES]


def organization_url(request):
    """A function from slug to the absolute URL of that organization's page.

    It reverses once: a reverse() per row would cost more than the rest of a
    100,000-row export together. The address is the English page's (unprefixed): a
    download holds the same data in every language of the pages.
    """
    head, tail = record_address_in(settings.LANGUAGE_CODE, "organization-detail")
    head = request.build_absolute_uri(head)
    return lambda slug: f"{head}{slug}{tail}"


def export_rows(queryset, request, **extra):
    """The exported fields of each organization of `queryset`, streamed in chunks.

    `extra` names further fields to read, each added to the row under its key.
    """
    url = organization_url(request)
    fields = {**EXPORT_VALUES, **LINK_VALUES, **extra}
    for values in queryset.values(*fields.values()).iterator(chunk_size=CHUNK_SIZE):
        row = {key: values[field] for key, field in EXPORT_VALUES.items()}
        row["url"] = url(row["slug"])
        row.update((key, values[field]) for key, field in LINK_VALUES.items())
        row.update((key, values[field]) for key, field in extra.items())
        yield row


def filter_errors(filterset, extra=None):
    """A 400 answer listing each bad parameter and what is wrong with it (`extra`: the
    errors of parameters that are not filters, {name: [messages]})."""
    errors = {field: list(messages) for field, messages in filterset.errors.items()}
    errors.update(extra or {})
    return JsonResponse({"errors": errors}, status=400)


def joined(parts, size=CHUNK_SIZE // 4):
    """The strings of `parts` joined `size` at a time: a few hundred rows per chunk
    cost the response far less than one chunk per row, and memory stays flat."""
    batch = []
    for part in parts:
        batch.append(part)
        if len(batch) >= size:
            yield "".join(batch)
            batch = []
    if batch:
        yield "".join(batch)


class Echo:
    """A file-like object whose write() gives back what csv writes: writerow() then
    returns the line, for streaming."""

    def write(self, value):
        return value


def csv_lines(queryset, request):
    """The CSV of `queryset`: the header line, then the organizations' lines a few
    hundred at a time.

    The same cells as `export_rows()` gives, read as tuples: at 100,000 rows the
    dictionaries cost a third of the download's time.
    """
    writer = csv.writer(Echo())
    yield writer.writerow(EXPORT_KEYS)
    url = organization_url(request)
    # The page's address comes after the exported values; "slug" is the first of them.
    place = len(EXPORT_VALUES)
    fields = [*EXPORT_VALUES.values(), *LINK_VALUES.values()]

    def line(values):
        cells = [neutralise(value) for value in values]
        cells.insert(place, url(values[0]))
        return writer.writerow(cells)

    rows = queryset.values_list(*fields).iterator(chunk_size=CHUNK_SIZE)
    yield from joined(line(values) for values in rows)


def bom_errors(request):
    """{"bom": [message]} unless `bom` is absent, empty, 0 or 1."""
    value = request.GET.get("bom", "")
    if value in ("", "0", "1"):
        return {}
    return {"bom": [gettext("Give bom=1 for a CSV that Excel opens with its accents intact, or "
                            "leave bom out; “%(value)s” is neither.") % {"value": value}]}


def organization_csv(request):
    """The filtered rows as CSV, UTF-8. With bom=1 the stream starts with a byte order
    mark, which Excel needs to read UTF-8 (without it, accents come out garbled); the
    default stream has none, so scripts read the same bytes as ever."""
    filterset = OrganizationFilter(request.GET)
    extra = bom_errors(request)
    if extra or not filterset.is_valid():
        return filter_errors(filterset, extra)
    lines = csv_lines(filterset.qs, request)
    if request.GET.get("bom") == "1":
        lines = chain([BOM], lines)
    response = StreamingHttpResponse(lines, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="icor-organizations.csv"'
    return response


def organization_json(request):
    filterset = OrganizationFilter(request.GET)
    if not filterset.is_valid():
        return filter_errors(filterset)
    queryset = filterset.qs

    def chunks():
        yield f'{{"count": {queryset.count()}, "results": ['
        for number, row in enumerate(export_rows(queryset, request)):
            yield ("," if number else "") + json.dumps(row, ensure_ascii=False)
        yield "]}"

    return StreamingHttpResponse(joined(chunks()), content_type="application/json")
