"""The dataset page (/data/): the whole registry as files, each with its size, record
counts and the date of the last change; the codebook; the licence and a citation.

The sizes are those of the files as they are downloaded. Up to `EXACT_UP_TO`
organizations they are measured by writing each file once (to a counter, not to
memory); above, from the files of an evenly spread sample of `EXACT_UP_TO`
organizations, scaled to the whole and stated as "about": writing 100,000
organizations out takes 20 s, the sample a fraction of a second. Either is kept in
the cache under the registry's ETag: an edit or a deploy makes it new, any other
request reads it back.
"""

import hashlib
import threading

from django.core.cache import cache
from django.db.models import F
from django.http import HttpRequest, StreamingHttpResponse
from django.shortcuts import render
from django.utils import formats, timezone
from django.utils.translation import gettext, ngettext

from ..models import Country, Membership, Organization
from ..numbers import grouped
from ..registry_io import fixture_chunks
from ..registry_io.export import for_organizations
from .caching import newest_in_histories, registry_etag
from .codebook import CODEBOOK
from .exports import BOM, csv_lines, organization_url
from .filters import OrganizationFilter
from .links import page_link

# The article the registry's data is derived from.
ARTICLE = "International Coordination of Revolutionary Parties and Organizations"
# The name the whole-registry file is saved under.
FIXTURE_NAME = "icor-registry.json"
# Seconds the cache keeps a measurement; a new ETag asks for a new one long before.
KEEP = 24 * 3600
# The list parameters that give every organization, whatever its membership.
ALL = {"status": "all"}
MEASURING = threading.Lock()
# Up to this many organizations the sizes are exact; above, estimated from a sample this big.
EXACT_UP_TO = 500


def last_change():
    """When the public data last changed: the newest entry of any record's history
    (every write path records one, deletes too); None for an empty history."""
    dates = [date for _, date in newest_in_histories("history_date")]
    return max((date for date in dates if date is not None), default=None)


def byte_size(chunks):
    """The number of bytes of UTF-8 that `chunks` (strings) make, holding none of them."""
    return sum(len(chunk.encode()) for chunk in chunks)


def sample(organizations, size):
    """About `size` of the `organizations`, spread evenly over their ids."""
    step = max(1, organizations // size)
    return Organization.objects.alias(place=F("pk") % step).filter(place=0)


def measure(request):
    """What the page says of the downloads: counts, last change, size of each file, and
    whether the sizes are exact."""
    every = OrganizationFilter(ALL)
    every.is_valid()
    organizations = Organization.objects.count()
    facts = {
        "countries": Country.objects.count(),
        "organizations": organizations,
        "periods": Membership.objects.count(),
        "last_change": last_change(),
        "exact": organizations <= EXACT_UP_TO,
    }
    if facts["exact"]:
        facts["fixture_bytes"] = byte_size(fixture_chunks())
        # The CSV's url column is absolute: its size depends on the address asked.
        facts["csv_bytes"] = byte_size(csv_lines(every.qs, request))
        return facts
    sampled = sample(organizations, EXACT_UP_TO)
    scale = organizations / sampled.count()
    # The countries are written whole; the organizations and their periods scale.
    countries = byte_size(fixture_chunks((Country.objects.all(), Organization.objects.none(),
                                          Membership.objects.none())))
    records = byte_size(fixture_chunks(for_organizations(sampled)))
    sampled_countries = byte_size(fixture_chunks((for_organizations(sampled)[0],
                                                  Organization.objects.none(),
                                                  Membership.objects.none())))
    facts["fixture_bytes"] = round(countries + (records - sampled_countries) * scale)
    header, *rows = csv_lines(every.qs.filter(pk__in=sampled.values("pk")), request)
    facts["csv_bytes"] = round(len(header.encode()) + byte_size(rows) * scale)
    return facts


def measured(request):
    """`measure(request)`, from the cache while the registry's ETag stands.

    A measurement is kept only if no edit landed while it was taken, so a cached
    figure always belongs to the ETag it is kept under.
    """
    etag = registry_etag(request)
    address = organization_url(request)("")
    key = "registry-dataset:" + hashlib.sha256(f"{etag} {address}".encode()).hexdigest()
    facts = cache.get(key)
    if facts is None:
        # One measurement at a time per process: the threads that ask meanwhile wait for
        # it and read it, rather than each write the whole registry out too.
        with MEASURING:
            facts = cache.get(key)
            if facts is None:
                facts = measure(request)
                # The request keeps the ETag it was answered with; a new one asks afresh.
                if registry_etag(HttpRequest()) == etag:
                    cache.set(key, facts, KEEP)
    return facts


def organizations_phrase(facts):
    """ "63 organizations", in the page's language."""
    return ngettext("%(count)s organization", "%(count)s organizations",
                    facts["organizations"]) % {"count": grouped(facts["organizations"])}


def counts(facts, organizations_only=False):
    """The records of the downloads in words: "47 countries, 63 organizations and 173
    membership periods", or "63 organizations, a row each"."""
    if organizations_only:
        return ngettext("%(count)s organization, a row each", "%(count)s organizations, a row each",
                        facts["organizations"]) % {"count": grouped(facts["organizations"])}
    return gettext("%(countries)s, %(organizations)s and %(periods)s") % {
        "countries": ngettext("%(count)s country", "%(count)s countries", facts["countries"])
        % {"count": grouped(facts["countries"])},
        "organizations": organizations_phrase(facts),
        "periods": ngettext("%(count)s membership period", "%(count)s membership periods",
                            facts["periods"]) % {"count": grouped(facts["periods"])},
    }


def download(title, about, url, size, records, codebook, exact=True):
    exact_size = ngettext("%(count)s byte", "%(count)s bytes", size) % {"count": grouped(size)}
    return {"title": title, "about": about, "url": url, "bytes": size, "estimated": not exact,
            "exact": exact_size, "records": records, "codebook": codebook}


def citation(facts, page_url):
    """The line to cite the data by: its date is the last change, so that the same data
    is always cited alike (and a cached page never shows a stale day)."""
    if facts["last_change"] is None:
        return gettext("ICOR Registry, no data yet. %(url)s") % {"url": page_url}
    day = formats.date_format(timezone.localtime(facts["last_change"]), "DATE_FORMAT")
    return gettext(
        "ICOR Registry, data as of %(day)s, %(organizations)s. %(url)s. Derived from the "
        "Wikipedia article “%(article)s”, CC BY-SA 4.0."
    ) % {"day": day, "organizations": organizations_phrase(facts), "url": page_url, "article": ARTICLE}


def dataset(request):
    facts = measured(request)
    csv_url = f"{page_link('organization-csv')}?status=all"
    rows = counts(facts, organizations_only=True)
    records = counts(facts)
    downloads = [
        download(
            gettext("The whole registry as JSON"),
            gettext(
                "A Django fixture with natural keys, byte for byte what manage.py export_registry "
                "writes: loaddata and import_registry load it into another registry. The same "
                "data always gives the same bytes, so two copies compare as a text diff."
            ),
            page_link("data-json"), facts["fixture_bytes"], records, "record",
            facts["exact"],
        ),
        download(
            gettext("All organizations as CSV"),
            gettext(
                "One row per organization, current and former members alike, with the columns "
                "of the list's CSV. UTF-8 without a byte order mark, for scripts and most programs."
            ),
            csv_url, facts["csv_bytes"], rows, "organization", facts["exact"],
        ),
        download(
            gettext("All organizations as CSV for Excel"),
            gettext(
                "The same rows with a UTF-8 byte order mark first (the parameter bom=1), so that "
                "Excel on Windows opens the file with its accents intact."
            ),
            f"{csv_url}&bom=1", facts["csv_bytes"] + len(BOM.encode()), rows, "organization",
            facts["exact"],
        ),
    ]
    page_url = request.build_absolute_uri(page_link("data"))
    return render(request, "members/data.html", {
        "downloads": downloads,
        "codebook": CODEBOOK,
        "last_change": facts["last_change"],
        "citation": citation(facts, page_url),
    })


def registry_json(request):
    """The whole registry as the fixture `export_registry` writes, byte for byte, streamed."""
    response = StreamingHttpResponse(fixture_chunks(), content_type="application/json")
    response["Content-Disposition"] = f'attachment; filename="{FIXTURE_NAME}"'
    return response
