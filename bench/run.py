"""The registry's scale benchmark: `make bench N=100000` (python -m bench.run N).

Builds (once per size) a separate SQLite database in bench/out/ with N synthetic
organizations, then measures in one run, in process through Django's test Client
(the whole middleware stack, no network): the public pages, the downloads, and the
fixture import and export against Django's loaddata and dumpdata. Every time is the
median of repeated runs after a warm-up. A page is timed twice: as its first visitor
after an edit finds it, with nothing kept (the budgets are for this time), and asked
again, its answer kept (members/public/caching.py). Prints one table and writes it to
bench/out/results-N.json.
"""

import argparse
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
# loaddata takes about 10 ms per organization here; above this size it loads a sample.
LOADDATA_SAMPLE = 2000


def setup(n):
    OUT.mkdir(exist_ok=True)
    database = OUT / f"bench-{n}.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icor_registry.settings")
    # Pages link plain static names: the benchmark runs no collectstatic.
    os.environ.setdefault("DJANGO_STATIC_HASHED", "0")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    return database


def build_database(database, n, rebuild):
    """Migrate and fill the benchmark database unless one of this size exists already."""
    from django.core.management import call_command
    from django.db import connection

    from members.models import Organization

    from .generate import build

    if rebuild and database.exists():
        connection.close()
        remove_database(database)
    call_command("migrate", verbosity=0)
    if Organization.objects.exists():
        analyze()
        return None
    start = time.perf_counter()
    build(n)
    seconds = time.perf_counter() - start
    analyze()
    return seconds


def analyze():
    """Give SQLite's planner the statistics of every index, new ones included."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def median_time(function, repeat, warmup=2):
    for _ in range(warmup):
        function()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def clear_caches():
    """Empty every cache the pages keep (members/public/caching.py): a first visit."""
    from django.conf import settings
    from django.core.cache import caches

    for alias in settings.CACHES:
        caches[alias].clear()


def fetch(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    if response.streaming:
        size = 0
        for chunk in response.streaming_content:
            size += len(chunk)
        return size
    return len(response.content)


def queries_of(client, url):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # The queries of a first visit: nothing kept.
    clear_caches()
    with CaptureQueriesContext(connection) as captured:
        fetch(client, url)
    return len(captured)


def peak_memory(client, url):
    """Peak Python memory (bytes) allocated while one download is produced and read."""
    tracemalloc.start()
    fetch(client, url)
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return peak


def pages(n):
    """(label, URL) of every page the benchmark times."""
    from django.conf import settings

    from members.models import Organization

    current = Organization.objects.current().count()
    last_page = max(1, -(-current // settings.REGISTRY_PAGE_SIZE))
    page = min(1000, last_page)
    middle = Organization.objects.order_by("slug").values_list("slug", flat=True)[n // 2]
    listing = "/organizations/"
    rows = [
        ("list", listing),
        ("list continent=europe", listing + "?continent=europe"),
        ("list country=tr", listing + "?country=tr"),
        ("list year=2016", listing + "?year=2016"),
        ("list year=2016 status=all", listing + "?year=2016&status=all"),
        ("list status=former", listing + "?status=former"),
        ("list since_min=2015", listing + "?since_min=2015"),
        ("list q=révolutionnaire", listing + "?q=r%C3%A9volutionnaire"),
        ("list q=kommunisticheskaya severa", listing + "?q=kommunisticheskaya+severa"),
        ("list continent=europe sort -since", listing + "?continent=europe&ordering=-since"),
        # Every list page carries the facets; here every facet has a choice made.
        ("list with facets, all chosen",
         listing + "?continent=europe&country=tr&status=all&since_min=2012&since_max=2020"),
    ]
    for column in ("name", "abbreviation", "country", "since"):
        for sign in ("", "-"):
            # Sorting by name is the list's default, whose address has no `ordering`.
            query = f"?ordering={sign}{column}" if f"{sign}{column}" != "name" else ""
            rows.append((f"list sort {sign}{column}", f"{listing}{query}"))
    rows += [
        (f"list page {page}", f"{listing}?page={page}"),
        ("organization page", f"/organizations/{middle}/"),
        ("organization JSON", f"/organizations/{middle}.json"),
        ("country page (TR)", "/countries/tr/"),
        ("country list", "/countries/"),
        ("overview", "/"),
        ("changes", "/changes/"),
        ("data page", "/data/"),
    ]
    return rows


def gzipped_weight(client, url):
    """Bytes a visitor downloads for a page and its stylesheets, each gzipped."""
    import gzip
    import re

    from django.contrib.staticfiles import finders

    html = client.get(url).content
    weight = len(gzip.compress(html))
    for name in re.findall(rb'<link rel="stylesheet" href="/static/([^"]+)"', html):
        weight += len(gzip.compress(Path(finders.find(name.decode())).read_bytes()))
    return weight


def first_visit_time(client, url, repeat):
    """Median time of `url` with nothing kept, as its first visitor after an edit or a
    deploy finds it: the page is rendered, and a list counts its facets anew."""
    times = []
    for _ in range(repeat):
        clear_caches()
        start = time.perf_counter()
        fetch(client, url)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def measure_pages(client, n, repeat):
    results = []
    for label, url in pages(n):
        seconds = median_time(lambda: fetch(client, url), repeat)
        results.append({"what": label, "url": url, "ms": seconds * 1000,
                        "queries": queries_of(client, url)})
        results[-1]["first_visit_ms"] = first_visit_time(client, url, repeat) * 1000
        if url == "/":
            results[-1]["gzipped_kib"] = gzipped_weight(client, url) / 1024
        print(f"  {label:40} {seconds * 1000:9.1f} ms", file=sys.stderr)
    return results


def measure_downloads(client, repeat):
    results = []
    for label, url in (("CSV, all rows", "/organizations.csv?status=all"),
                       ("JSON, all rows", "/organizations.json?status=all")):
        size = fetch(client, url)
        seconds = median_time(lambda: fetch(client, url), repeat, warmup=1)
        results.append({"what": label, "url": url, "ms": seconds * 1000, "bytes": size,
                        "queries": queries_of(client, url),
                        "peak_memory_kib": peak_memory(client, url) / 1024})
        print(f"  {label:40} {seconds * 1000:9.1f} ms", file=sys.stderr)
    return results


def run_command(function, repeat):
    """Median of `repeat` runs; no warm-up run: each takes seconds, the first warms the cache."""
    return median_time(function, repeat, warmup=0)


def measure_export(n, repeat):
    """export_registry against dumpdata of the same data; returns rows and the fixture path."""
    from django.core.management import call_command

    fixture = OUT / f"registry-{n}.json"
    dump = OUT / f"dumpdata-{n}.json"
    export = run_command(lambda: call_command("export_registry", output=str(fixture)), repeat)
    dumpdata = run_command(lambda: call_command(
        "dumpdata", "members.Country", "members.Organization", "members.Membership",
        natural_foreign=True, natural_primary=True, output=str(dump), verbosity=0,
    ), repeat)
    print(f"  export {export:.2f} s, dumpdata {dumpdata:.2f} s", file=sys.stderr)
    return [
        {"what": "export_registry (JSON fixture)", "ms": export * 1000,
         "bytes": fixture.stat().st_size},
        {"what": "dumpdata --natural-foreign --natural-primary", "ms": dumpdata * 1000,
         "bytes": dump.stat().st_size},
    ], fixture


def sample_fixture(fixture, size):
    """The countries, the first `size` organizations and their periods of `fixture`."""
    records = json.loads(fixture.read_text(encoding="utf-8"))
    organizations = [r for r in records if r["model"] == "members.organization"][:size]
    slugs = {r["fields"]["slug"] for r in organizations}
    sample = [r for r in records if r["model"] == "members.country"] + organizations + [
        r for r in records
        if r["model"] == "members.membership" and r["fields"]["organization"][0] in slugs
    ]
    path = OUT / f"registry-sample-{size}.json"
    path.write_text(json.dumps(sample, ensure_ascii=False, indent=2), encoding="utf-8")
    return path


def remove_database(path):
    """Delete a SQLite database with its WAL files: a WAL left beside a new copy of the
    same name would be replayed into it."""
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)


def empty_database():
    """An empty database with every migration applied, made afresh on each run (a file
    kept from an older schema would not match the migrations)."""
    path = OUT / "empty.sqlite3"
    remove_database(path)
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "--verbosity=0"],
                   cwd=ROOT, env=env, check=True)
    return path


def load_fresh(command, fixture):
    """Run import_registry or loaddata of `fixture` into a fresh database, in a subprocess."""
    database = OUT / f"fresh-{command}.sqlite3"
    remove_database(database)
    shutil.copyfile(empty_database(), database)
    env = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    done = subprocess.run(
        [sys.executable, "-m", "bench.fresh", command, str(fixture), str(database)],
        cwd=ROOT, env=env, check=True, capture_output=True, text=True,
    )
    remove_database(database)
    return json.loads(done.stdout.strip().splitlines()[-1])


def measure_import(n, fixture, loaddata_full):
    """import_registry against loaddata, each into a fresh database."""
    rows = []
    full = load_fresh("import", fixture)
    rows.append({"what": f"import_registry, {n} organizations", "ms": full["seconds"] * 1000,
                 "organizations": full["organizations"], "detail": full})
    size = n if loaddata_full else min(n, LOADDATA_SAMPLE)
    sample = fixture if size == n else sample_fixture(fixture, size)
    if size != n:
        imported = load_fresh("import", sample)
        rows.append({"what": f"import_registry, sample of {size}", "ms": imported["seconds"] * 1000,
                     "organizations": imported["organizations"], "detail": imported})
    loaded = load_fresh("loaddata", sample)
    rows.append({"what": f"loaddata, {'sample of ' if size != n else ''}{size}",
                 "ms": loaded["seconds"] * 1000, "organizations": loaded["organizations"],
                 "detail": loaded})
    for row in rows:
        print(f"  {row['what']:40} {row['ms'] / 1000:9.2f} s", file=sys.stderr)
    return rows


def machine():
    return {
        "cores": os.cpu_count(),
        "python": platform.python_version(),
        "sqlite": sqlite3.sqlite_version,
        "django": __import__("django").get_version(),
        "load_average": os.getloadavg(),
    }


def table(results):
    lines = [f"{'what':46} {'first visit':>11} {'again':>10} {'queries':>8}  notes"]
    for row in results["pages"] + results["downloads"] + results["commands"]:
        ms = row.get("first_visit_ms", row["ms"])
        shown = f"{ms:8.1f} ms" if ms < 10_000 else f"{ms / 1000:8.2f} s "
        again = f"{row['ms']:7.1f} ms" if "first_visit_ms" in row else ""
        notes = []
        if "peak_memory_kib" in row:
            notes.append(f"peak {row['peak_memory_kib']:.0f} KiB")
        if "gzipped_kib" in row:
            notes.append(f"{row['gzipped_kib']:.1f} KiB gzipped with its CSS")
        if "bytes" in row:
            notes.append(f"{row['bytes'] / 1e6:.1f} MB")
        if "organizations" in row:
            notes.append(f"{row['organizations']} organizations")
        lines.append(f"{row['what']:46} {shown:>11} {again:>10} {row.get('queries', ''):>8}  "
                     f"{', '.join(notes)}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--repeat", type=int, default=9, help="timed runs per page")
    parser.add_argument("--rebuild", action="store_true", help="build the database again")
    parser.add_argument("--loaddata-full", action="store_true",
                        help=f"loaddata the whole fixture, not a sample of {LOADDATA_SAMPLE}")
    parser.add_argument("--only", choices=["pages", "downloads", "commands"], action="append")
    args = parser.parse_args(argv)
    only = set(args.only or ["pages", "downloads", "commands"])

    database = setup(args.n)
    from django.test import Client

    build_seconds = build_database(database, args.n, args.rebuild)
    client = Client(HTTP_HOST="localhost")
    results = {"n": args.n, "machine": machine(), "client": "django.test.Client, in process",
               "build_seconds": build_seconds, "pages": [], "downloads": [], "commands": []}
    if "pages" in only:
        results["pages"] = measure_pages(client, args.n, args.repeat)
    if "downloads" in only:
        results["downloads"] = measure_downloads(client, max(3, args.repeat // 3))
    if "commands" in only:
        exports, fixture = measure_export(args.n, 3)
        results["commands"] = exports + measure_import(args.n, fixture, args.loaddata_full)
    results["machine"]["load_average_after"] = os.getloadavg()
    path = OUT / f"results-{args.n}.json"
    if args.only and path.exists():
        # A partial run replaces its own sections of the last results and keeps the rest.
        earlier = json.loads(path.read_text())
        for section in {"pages", "downloads", "commands"} - only:
            results[section] = earlier.get(section, [])
        results["build_seconds"] = results["build_seconds"] or earlier.get("build_seconds")
        results["machine_of_earlier_sections"] = earlier.get("machine")
    print(f"{args.n} organizations; {results['machine']}")
    print(table(results))
    path.write_text(json.dumps(results, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
