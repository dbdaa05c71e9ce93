"""Conditional GET and caching for every public page, with one ETag.

A public page is made of the registry's data and of what a deploy brings (code,
templates, static files, settings). The ETag therefore pairs the newest edit-history
id of countries, organizations and periods (every write path records history: saves,
deletes, imports, bulk writes, fixture loads) with a hash of the deploy. An edit or a
deploy gives every page a new ETag; anything else lets a client's copy stand, and a
revalidation costs one small query instead of a page.
"""

import hashlib
from functools import cache, wraps
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.core.cache import caches
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.db import connection
from django.db.models import Max, Value
from django.template import engines
from django.utils import timezone
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import get_language
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import condition, require_safe

from ..models import Country, Membership, Organization
from .translations import offered_language

# Seconds a browser or shared cache may reuse a public answer without asking again;
# after that the ETag turns the question into a cheap 304.
MAX_AGE = 300
# The cache that keeps rendered anonymous answers (settings.CACHES), and for how many
# seconds. A new version of the registry is a new key, so the time only bounds how long
# an answer nobody asks for again takes up room.
PAGE_CACHE = "pages"
PAGE_CACHE_SECONDS = 24 * 60 * 60
# The records whose history moves the ETag, by the label their row carries in the query
# below (UNION ALL promises no order of rows).
HISTORIES = {"organization": Organization, "membership": Membership, "country": Country}


def newest_in_histories(field):
    """The largest `field` of each of `HISTORIES` (None for an empty one), as (kind,
    value) rows: one query."""
    parts = [
        model.history.order_by()
        # Grouped by a constant, that is not at all: one row per table.
        .values(kind=Value(kind))
        .annotate(latest=Max(field))
        .values_list("kind", "latest")
        for kind, model in HISTORIES.items()
    ]
    return parts[0].union(*parts[1:], all=True)


def history_ids_query():
    """The newest history id of each of `HISTORIES`, as (kind, id) rows."""
    return newest_in_histories("history_id")


@cache
def history_ids_statement():
    """The SQL and parameters of `history_ids_query()`, compiled once per process: asking
    the ORM to build and compile the three-part query took ten times as long as the
    database takes to answer it, on every request and every 304."""
    return history_ids_query().query.sql_with_params()


def latest_history_ids():
    """The newest history id of each of `HISTORIES`, 0 for an empty history.

    One query whatever the size of the registry: each part is the MAX of a primary
    key, which SQLite and PostgreSQL read from the end of its index.
    """
    sql, params = history_ids_statement()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        latest = dict(cursor.fetchall())
    return [latest[kind] or 0 for kind in HISTORIES]


def deploy_files():
    """The files, besides the database, that a public page is made from.

    Each is (name, path): the name is relative, so that two servers of one deploy
    agree. Static files count through their manifest when their names are hashed.
    """
    members = Path(apps.get_app_config("members").path)
    for path in members.rglob("*.py"):
        yield f"code:{path.relative_to(members)}", path
    # The data files the pages draw from (the world map's geometry).
    for path in (members / "public" / "data").rglob("*"):
        if path.is_file():
            yield f"data:{path.relative_to(members)}", path
    # The compiled catalogues the pages speak from (settings.LOCALE_PATHS).
    for folder in map(Path, settings.LOCALE_PATHS):
        for path in folder.rglob("*.mo"):
            yield f"locale:{path.relative_to(folder)}", path
    for engine in engines.all():
        for folder in map(Path, engine.template_dirs):
            for path in folder.rglob("*"):
                if path.is_file():
                    yield f"templates:{path.relative_to(folder)}", path
    if getattr(staticfiles_storage, "manifest_hash", None) is None:
        for finder in finders.get_finders():
            for name, storage in finder.list([]):
                yield f"static:{name}", Path(storage.path(name))


@cache
def deploy_salt():
    """A hash of the deploy: Django's version, the app's code, the catalogues, the
    templates, the static files (or their manifest) and the registry's settings.

    Computed once per process, since a deploy starts new processes; it costs a
    request nothing.
    """
    digest = hashlib.sha256(django.get_version().encode())
    digest.update(getattr(staticfiles_storage, "manifest_hash", "").encode())
    # Sorted by name only: where two template folders hold the same name, the engines'
    # order of folders decides, as it does for the template that is used.
    for name, path in sorted(deploy_files(), key=lambda file: file[0]):
        digest.update(name.encode())
        digest.update(path.read_bytes())
    registry_settings = sorted(
        (name, getattr(settings, name)) for name in dir(settings) if name.startswith("REGISTRY_")
    )
    digest.update(repr(registry_settings).encode())
    return digest.hexdigest()[:16]


def registry_etag(request, *args, **kwargs):
    """The ETag of every public page: the deploy, the newest history ids, and the year
    (the membership chart and the year filters run to the current year).

    Asked once per request: the answer is kept on the request, where what a page
    caches under the registry's version (the list's facet counts) finds it.
    """
    if not hasattr(request, "registry_etag"):
        year = str(timezone.now().year)
        request.registry_etag = "-".join([deploy_salt(), year, *map(str, latest_history_ids())])
    return request.registry_etag


def page_etag(request, *args, **kwargs):
    """The ETag of a public answer: the registry's version, and the language it offers
    the reader (members/public/translations.py), since a page offering another
    language is another answer at the same address."""
    offered = offered_language(request)
    return registry_etag(request) + (f"-{offered}" if offered else "")


def page_key(request):
    """The cache key of an anonymous answer: its ETag (the registry's version and the
    language it offers the reader), the language, and the whole address with its
    scheme, host and query (pages and downloads write absolute addresses)."""
    address = "|".join([page_etag(request), get_language() or "", request.build_absolute_uri()])
    return "page:" + hashlib.sha256(address.encode()).hexdigest()


def kept(view):
    """`view`, whose anonymous answers are kept in the "pages" cache under `page_key`.

    Every visitor who is not signed in gets the same answer to the same address while
    the registry's version stands, so it is rendered once per version (and server
    process): a page nobody edits costs a cache read, whatever it shows. Only whole,
    successful answers are kept, and none larger than REGISTRY_PAGE_CACHE_MAX_BYTES; downloads
    stream and are never kept. The headers the wrappers outside this one add (ETag,
    Cache-Control, Vary) and the middleware's are added to a kept answer each time.
    """

    @wraps(view)
    def answer(request, *args, **kwargs):
        if request.user.is_authenticated:
            return view(request, *args, **kwargs)
        pages, key = caches[PAGE_CACHE], page_key(request)
        response = pages.get(key)
        if response is not None:
            return response

        def keep(response):
            if (response.status_code == 200 and not response.streaming
                    and len(response.content) <= settings.REGISTRY_PAGE_CACHE_MAX_BYTES):
                pages.set(key, response, PAGE_CACHE_SECONDS)

        response = view(request, *args, **kwargs)
        if hasattr(response, "add_post_render_callback"):
            # A TemplateResponse is rendered after the view returns: keep it then.
            response.add_post_render_callback(keep)
        else:
            keep(response)
        return response

    return answer


def public_page(view):
    """A public page: GET and HEAD only, answered 304 while its ETag stands, and
    rendered once per version of the registry for visitors who are not signed in.

    Any other method is answered 405 with `Allow: GET, HEAD`. The page is exempt from
    the CSRF check, which would otherwise answer an unsafe method 403 first: a public
    page never writes, so there is no request to forge. It runs in autocommit, never
    in `transaction.atomic`: on SQLite a transaction would wait for the write lock,
    while plain reads go on under a writer (WAL).

    Anonymous answers may be kept by any cache for `MAX_AGE` seconds. Answers to a
    signed-in user are private and revalidated every time, so that an editor sees an
    edit at once. (Asking for the user marks the answer `Vary: Cookie`, which keeps
    shared caches from handing one kind of answer to the other.) A page may offer the
    language the reader's browser prefers, so every answer is marked
    `Vary: Accept-Language`.
    """
    conditional = condition(etag_func=page_etag)(kept(view))

    @wraps(view)
    def page(request, *args, **kwargs):
        response = conditional(request, *args, **kwargs)
        if request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, max_age=MAX_AGE)
        patch_vary_headers(response, ["Accept-Language"])
        return response

    return csrf_exempt(require_safe(page))
