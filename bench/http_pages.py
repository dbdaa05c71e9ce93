"""The public pages over HTTP, side by side with Datasette serving the same SQLite file.

    python -m bench.http_pages N [--rounds 40]        (`make bench` runs it after bench.run)

The registry runs under gunicorn with gunicorn.conf.py and production settings, Datasette
(bench/requirements.txt) with its defaults, both on loopback over the benchmark database
that bench/run.py builds. Each page is asked of both in turn, the order swapped every
round, on one keep-alive connection per server, so that whatever else the machine does
slows both alike. A time is the median of the rounds; a page Datasette serves in parts
(JSON past its 1,000-row limit) counts every part. Then one more request per page runs in
process, to count its SQL queries and time them (each statement again, with all its
rows). Prints the table and writes bench/out/http-N.json.
"""

import argparse
import http.client
import json
import os
import statistics
import subprocess
import sys
import time
from contextlib import contextmanager
from urllib.parse import quote, urlsplit

from . import run, scratch
from .clients import HOST, free_port

# Budgets at 100,000 organizations: the registry's time as a share of Datasette's, or
# (for the 304) milliseconds.
BUDGET_RATIO, BUDGET_CSV_RATIO, BUDGET_304_MS = 0.5, 0.3, 2.0


def pages(database):
    """(label, registry path, Datasette path, rounds factor) for each compared page."""
    from members.models import Country, Organization

    table = f"/{database.stem}/members_organization"
    current = "is_member=1&_sort=sort_name"
    # The downloads' columns (the registry adds the continent and the page's address);
    # `_labels=on` adds the country's name.
    columns = "&".join(f"_col={name}" for name in (
        "slug", "name", "abbreviation", "english_name", "country_id", "member_since", "member_until"))
    tr = Country.objects.get(code="TR").pk
    by_slug = list(Organization.objects.order_by("slug").values_list("pk", "slug"))
    count = len(by_slug)
    middle = by_slug[count // 2]
    # A different organization each round, none asked before: what the first visitor of
    # a page finds after an edit, before the page is kept (members/public/caching.py).
    unasked = [by_slug[count * i // 101] for i in range(1, 101)]
    return [
        ("list", "/organizations/", f"{table}?{current}", 1),
        ("list by country", "/organizations/?country=tr", f"{table}?country_id={tr}&{current}", 1),
        ("text search", "/organizations/?q=" + quote("révolutionnaire"),
         f"{table}?search__contains=revolutionnaire&{current}", 1),
        ("organization page", f"/organizations/{middle[1]}/", f"{table}/{middle[0]}", 1),
        ("organization, first visit", [f"/organizations/{slug}/" for _, slug in unasked],
         [f"{table}/{pk}" for pk, _ in unasked], 1),
        # Every row of one country; Datasette answers 1,000 rows at most and links the rest.
        ("JSON, one country", "/organizations.json?country=tr",
         # (Datasette needs the sorted column among them to link the next part.)
         f"{table}.json?country_id={tr}&{current}&{columns}&_col=sort_name&_labels=on&_size=max", 1),
        ("CSV, all rows", "/organizations.csv?status=all",
         f"{table}.csv?{columns}&_labels=on&_stream=on&_size=max", 0.2),
        # Datasette has no ETag: it answers the same request with the whole page.
        ("304 (organization page)", f"/organizations/{middle[1]}/", f"{table}/{middle[0]}", 1),
    ]


class Connection:
    """A keep-alive connection that times whole answers, bodies read."""

    def __init__(self, port):
        self.connection = http.client.HTTPConnection(HOST, port, timeout=120)

    def get(self, path, headers=None):
        headers = {"Accept-Encoding": "identity", **(headers or {})}
        try:
            return self.timed(path, headers)
        except (http.client.RemoteDisconnected, ConnectionError):
            # The server closed the idle connection (gunicorn after `keepalive` seconds,
            # e.g. while the other server streamed a download): connect again, untimed.
            self.connection.close()
            self.connection.connect()
            return self.timed(path, headers)

    def timed(self, path, headers):
        start = time.perf_counter()
        self.connection.request("GET", path, headers=headers)
        response = self.connection.getresponse()
        body = response.read()
        return time.perf_counter() - start, response, body


def registry_request(connection, path, etag):
    """Seconds for one answer of the registry, checked."""
    seconds, response, body = connection.get(path, {"If-None-Match": etag} if etag else None)
    assert response.status == (304 if etag else 200), (path, response.status)
    return seconds


def datasette_request(connection, path):
    """Seconds for every part of one Datasette answer: a JSON answer links its next part."""
    total = 0.0
    while path:
        seconds, response, body = connection.get(path)
        assert response.status == 200, (path, response.status, body[:300])
        total += seconds
        following = json.loads(body).get("next_url") if ".json?" in path else None
        path = urlsplit(following)._replace(scheme="", netloc="").geturl() if following else None
    return total


def each(paths, round_):
    """The path of a round: the same one every round, or the round's own from a list."""
    return paths[round_] if isinstance(paths, list) else paths


def compare(registry_port, datasette_port, rows, rounds):
    """Median seconds of each page on both servers, asked alternately."""
    registry, datasette = Connection(registry_port), Connection(datasette_port)
    results = []
    for label, ours, theirs, factor in rows:
        etag = registry.get(ours)[1].getheader("ETag") if label.startswith("304") else None
        times = {"registry": [], "datasette": []}
        # A list of paths is a different page each round.
        ask = {"registry": lambda round_: registry_request(registry, each(ours, round_), etag),
               "datasette": lambda round_: datasette_request(datasette, each(theirs, round_))}
        count = max(5, int(rounds * factor))
        if isinstance(ours, list):
            count = min(count, len(ours) - 2)
        for round_ in range(count + 2):  # two rounds of warm-up
            order = ("registry", "datasette") if round_ % 2 else ("datasette", "registry")
            for server in order:
                seconds = ask[server](round_)
                if round_ >= 2:
                    times[server].append(seconds)
        ms = {server: 1000 * statistics.median(values) for server, values in times.items()}
        results.append({"what": label, "registry_path": ours, "datasette_path": theirs,
                        "registry_ms": ms["registry"], "datasette_ms": ms["datasette"],
                        "ratio": ms["registry"] / ms["datasette"], "rounds": count})
        print(f"  {label:26} {ms['registry']:9.2f} ms {ms['datasette']:9.2f} ms", file=sys.stderr)
    return results


def sql_of(client, path, etag):
    """(queries, milliseconds) of the SQL one request runs, each statement run again with
    all its rows fetched (the median of 5), so that streamed rows count too."""
    from django.db import connection

    statements = []

    def record(execute, sql, params, many, context):
        statements.append((sql, params))
        return execute(sql, params, many, context)

    # As a first visit finds it: nothing kept (members/public/caching.py).
    run.clear_caches()
    with connection.execute_wrapper(record):
        response = client.get(path, **({"HTTP_IF_NONE_MATCH": etag} if etag else {}))
        # A download runs its queries as it streams.
        for _ in response.streaming_content if response.streaming else ():
            pass
    total = 0.0
    with connection.cursor() as cursor:
        for sql, params in statements:
            times = []
            for _ in range(5):
                start = time.perf_counter()
                cursor.execute(sql, params)
                cursor.fetchall()
                times.append(time.perf_counter() - start)
            total += statistics.median(times)
    return len(statements), 1000 * total


def add_sql(results):
    from django.test import Client

    client = Client(HTTP_HOST="localhost")
    for row in results:
        etag = client.get(row["registry_path"])["ETag"] if row["what"].startswith("304") else None
        row["queries"], row["sql_ms"] = sql_of(client, each(row["registry_path"], 0), etag)


@contextmanager
def datasette(database):
    """Datasette with its default settings on a free loopback port; yields the port."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "datasette", "serve", str(database), "--host", HOST, "--port", str(port)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if Connection(port).get("/-/versions.json")[1].status == 200:
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    sys.exit("Datasette did not start (make bench installs bench/requirements.txt)")
                time.sleep(0.2)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=30)


def budget(row):
    if row["what"].startswith("304"):
        return f"< {BUDGET_304_MS:g} ms", row["registry_ms"] < BUDGET_304_MS
    limit = BUDGET_CSV_RATIO if row["what"].startswith("CSV") else BUDGET_RATIO
    return f"≤ {limit:g}×", row["ratio"] <= limit


def table(results):
    lines = [f"{'page':26} {'registry':>10} {'Datasette':>10} {'ratio':>6}  {'budget':>8} "
             f"{'met':>4} {'queries':>8} {'SQL ms':>7}"]
    for row in results:
        limit, met = budget(row)
        lines.append(f"{row['what']:26} {row['registry_ms']:7.2f} ms {row['datasette_ms']:7.2f} ms "
                     f"{row['ratio']:5.2f}×  {limit:>8} {'yes' if met else 'NO':>4} "
                     f"{row['queries']:>8} {row['sql_ms']:7.2f}")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("n", type=int, nargs="?", default=100_000)
    parser.add_argument("--rounds", type=int, default=40, help="timed rounds per page")
    parser.add_argument("--only", action="append", help="pages whose label starts so (repeatable)")
    args = parser.parse_args(argv)

    # The in-process pass serves no static files: WhiteNoise needs only the folder.
    (scratch.OUT / "static").mkdir(parents=True, exist_ok=True)
    os.environ.setdefault("DJANGO_STATIC_ROOT", str(scratch.OUT / "static"))
    database = run.setup(args.n)
    run.build_database(database, args.n, rebuild=False)
    rows = [row for row in pages(database) if not args.only or row[0].startswith(tuple(args.only))]
    load_before = os.getloadavg()
    env = scratch.environment(scratch.sqlite_url(database))
    with scratch.gunicorn(env, run.OUT / "http-access.log") as port, datasette(database) as theirs:
        results = compare(port, theirs, rows, args.rounds)
    add_sql(results)
    machine = {**run.machine(), "load_average": load_before, "load_average_after": os.getloadavg()}
    print(f"{args.n} organizations over HTTP; load average {load_before[0]:.2f} before, "
          f"{machine['load_average_after'][0]:.2f} after; {machine}")
    print(table(results))
    (run.OUT / f"http-{args.n}.json").write_text(
        json.dumps({"n": args.n, "machine": machine, "pages": results}, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
