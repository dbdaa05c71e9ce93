"""Public pages while a large import writes, on SQLite: no reader may fail.

    python -m bench.import_readers [--organizations 50000] [--clients 8]

Serves the seed registry (SQLite, gunicorn.conf.py, production settings) and lets
`--clients` visitors request public pages over keep-alive connections: the overview,
list pages with filters and a search, organization and country pages, small
downloads. After a few seconds `manage.py import_registry` loads a fixture of
`--organizations` synthetic organizations (bench/generate.py, exported once into
bench/out/concurrency/) into the same database, in one transaction; the visitors go on
until a few seconds after it ends. Reports the import's time, every error and the
latency of the pages answered before, during and after the import. Exits with 1 on any
error or if the import did not land.
"""

import argparse
import http.client
import subprocess
import sys
import threading
import time

from . import scratch

PAGES = [
    "/", "/about/", "/organizations/", "/organizations/?continent=europe&ordering=-since",
    "/organizations/?q=partido", "/organizations/?year=2016", "/organizations/tikb-tr/",
    "/organizations/tikb-tr.json", "/countries/", "/countries/tr/",
    "/organizations.json?country=tr", "/organizations.csv?country=tr",
]
# Seconds of reading before the import starts and after it ends.
MARGIN = 3


def visit(number, port, stop, answers):
    """Visitor `number`: request PAGES in turn until `stop` is set."""
    connection, turn = None, number
    while not stop.is_set():
        path = PAGES[turn % len(PAGES)]
        turn += 1
        start = time.perf_counter()
        try:
            connection = connection or http.client.HTTPConnection(scratch.HOST, port, timeout=60)
            connection.request("GET", path, headers={"Accept-Encoding": "identity"})
            response = connection.getresponse()
            response.read()
            answers.append((time.monotonic(), time.perf_counter() - start, response.status, path))
        except (OSError, http.client.HTTPException) as error:
            answers.append((time.monotonic(), time.perf_counter() - start, repr(error), path))
            connection = None


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organizations", type=int, default=50_000)
    parser.add_argument("--clients", type=int, default=8)
    args = parser.parse_args(argv)

    fixture = scratch.generated_fixture(args.organizations)
    with scratch.sqlite_database(scratch.OUT / "readers.sqlite3") as url:
        env = scratch.environment(url)
        scratch.setup_django(env)
        from django.core.management import call_command

        from members.models import Organization

        call_command("migrate", verbosity=0)
        call_command("loaddata", "icor_members", verbosity=0)
        before = Organization.objects.count()
        answers, stop = [], threading.Event()
        with scratch.gunicorn(env, scratch.OUT / "readers-access.log") as port:
            visitors = [threading.Thread(target=visit, args=(n, port, stop, answers), daemon=True)
                        for n in range(args.clients)]
            for visitor in visitors:
                visitor.start()
            time.sleep(MARGIN)
            started = time.monotonic()
            imported = subprocess.run(
                [sys.executable, "manage.py", "import_registry", str(fixture)],
                cwd=scratch.ROOT, env=env, capture_output=True, text=True)
            ended = time.monotonic()
            time.sleep(MARGIN)
            stop.set()
            for visitor in visitors:
                visitor.join(timeout=120)
        after = Organization.objects.count()
    errors = [f"{status} {path}" for _, _, status, path in answers if status != 200]
    if imported.returncode != 0 or after != before + args.organizations:
        errors.append(f"the import did not land ({before} → {after} organizations): "
                      f"{imported.stderr.strip()[-500:]}")
    report(args, answers, started, ended, errors)
    return 1 if errors else 0


def report(args, answers, started, ended, errors):
    print(f"SQLite, gunicorn.conf.py: {args.clients} visitors on public pages while "
          f"import_registry loads {args.organizations:,} organizations")
    print(f"import: {ended - started:.1f} s; {len(answers)} pages answered, {len(errors)} errors\n")
    print(f"{'pages answered':<22}{'requests':>9}{'p50 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    phases = [("before the import", lambda t: t < started),
              ("during the import", lambda t: started <= t <= ended),
              ("after the import", lambda t: t > ended)]
    for name, within in phases:
        seconds = [s for t, s, status, _ in answers if within(t) and status == 200]
        print(f"{name:<22}{len(seconds):>9}" + "".join(f"{v:>9.1f}" for v in scratch.summary(seconds)))
    for error in errors[:20]:
        print("error:", error)


if __name__ == "__main__":
    sys.exit(main())
