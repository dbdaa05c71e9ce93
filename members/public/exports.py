"""The downloads of the filtered list, as CSV or JSON, streamed. Every exported
organization (here and in an organization's JSON) is a row of `export_rows()`."""

import csv
import json

from django.http import JsonResponse, StreamingHttpResponse
from django.urls import reverse

from ..spreadsheet import neutralise
from .filters import OrganizationFilter

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
# The keys of every exported organization, in order (CSV header, JSON objects).
EXPORT_KEYS = [*EXPORT_VALUES, "url"]


def organization_url(request):
    """A function from slug to the absolute URL of that organization's page.

    It reverses once: a reverse() per row would cost more than the rest of a
    100,000-row export together.
    """
    marker = "organization-slug"
    page = request.build_absolute_uri(reverse("members:organization-detail", args=[marker]))
    head, tail = page.split(marker)
    return lambda slug: f"{head}{slug}{tail}"


def export_rows(queryset, request, **extra):
    """The exported fields of each organization of `queryset`, streamed in chunks.

    `extra` names further fields to read, each added to the row under its key.
    """
    url = organization_url(request)
    fields = {**EXPORT_VALUES, **extra}
    for values in queryset.values(*fields.values()).iterator(chunk_size=CHUNK_SIZE):
        row = {key: values[field] for key, field in EXPORT_VALUES.items()}
        row["url"] = url(row["slug"])
        row.update((key, values[field]) for key, field in extra.items())
        yield row


def filter_errors(filterset):
    """A 400 answer listing each bad parameter and what is wrong with it."""
    errors = {field: list(messages) for field, messages in filterset.errors.items()}
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
    """A file-like object whose write() hands the line back, for streaming csv."""

    def write(self, value):
        return value


def organization_csv(request):
    filterset = OrganizationFilter(request.GET)
    if not filterset.is_valid():
        return filter_errors(filterset)
    writer = csv.writer(Echo())

    def lines():
        yield writer.writerow(EXPORT_KEYS)
        for row in export_rows(filterset.qs, request):
            yield writer.writerow([neutralise(row[key]) for key in EXPORT_KEYS])

    response = StreamingHttpResponse(joined(lines()), content_type="text/csv; charset=utf-8")
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
