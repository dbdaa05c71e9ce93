"""Load test: gunicorn on loopback, driven by concurrent clients for a bounded time.

    python -m bench.loadtest [--seconds 20] [--clients 16] [--extra 2000]

Builds a throwaway SQLite registry (the seed plus `--extra` generated organizations),
collects the static files, starts gunicorn with gunicorn.conf.py and production
settings (debug off, hashed static files) on 127.0.0.1, and sends a mix of public
requests from `--clients` threads, each on its own keep-alive connection: list pages,
filters, searches, organization and country pages, the JSON and CSV downloads. It
stops after `--seconds` or `--max-requests`, whichever comes first, then reports
requests per second, p50/p90/p99 latency per kind and every error. Any error (a
status other than 200, a refused or broken connection) makes it exit with 1.
"""

import argparse
import http.client
import os
import platform
import random
import secrets
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"

# (kind, weight, path or function from slugs to a path); weights are per 100 requests.
MIX = [
    ("overview", 6, lambda r, s: "/"),
    ("list", 14, lambda r, s: f"/organizations/?page={r.randint(1, 20)}"),
    ("filter", 16, lambda r, s: "/organizations/?" + r.choice([
        "continent=europe", "continent=latin-america&ordering=-since", "status=all&since_min=2015",
        "year=2016", "status=former", "country=tr", "since_min=2012&since_max=2018&ordering=country",
    ])),
    ("search", 14, lambda r, s: "/organizations/?q=" + r.choice([
        "komunist", "partido", "turkiye", "union", "marxist", "cote+d%27ivoire", "revolution",
    ])),
    ("detail", 26, lambda r, s: f"/organizations/{r.choice(s)}/"),
    ("detail-json", 6, lambda r, s: f"/organizations/{r.choice(s)}.json"),
    ("countries", 6, lambda r, s: r.choice(["/countries/", "/countries/tr/", "/countries/de/"])),
    ("json", 6, lambda r, s: "/organizations.json?" + r.choice(["", "continent=africa", "status=all"])),
    ("csv", 6, lambda r, s: "/organizations.csv?" + r.choice(["", "continent=asia", "status=all"])),
]


def build_registry(database, static_root, extra):
    """Migrate a fresh SQLite file, load the seed, add `extra` organizations, collect static."""
    import django

    django.setup()
    from django.core.management import call_command

    from members import derived, history
    from members.models import Country, Membership, Organization

    call_command("migrate", verbosity=0)
    call_command("loaddata", "icor_members", verbosity=0)
    rng = random.Random(20101006)
    countries = list(Country.objects.all())
    words = ["Partido", "Parti", "Partei", "Komünist", "Revolutionary", "Union", "Marxist",
             "Leninist", "Obrero", "Prolétarien", "Front", "Liga", "Communist", "Workers"]
    organizations = []
    for number in range(extra):
        organization = Organization(
            country=rng.choice(countries),
            name=" ".join(rng.sample(words, 3)) + f" {number}",
            abbreviation=f"LT{number}",
        )
        organization.slug = f"lt{number}-{organization.country.code.lower()}"
        derived.fill_text(organization)
        organizations.append(organization)
    organizations = history.create(Organization, organizations, "Load test")
    history.create(Membership, [
        Membership(organization=organization, since_year=rng.randint(2010, 2024),
                   until_year=None if rng.random() > 0.1 else 2025)
        for organization in organizations
    ], "Load test")
    derived.write_latest_period(Organization.objects.all())
    call_command("collectstatic", interactive=False, verbosity=0)
    return list(Organization.objects.values_list("slug", flat=True))


def free_port():
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def wait_until_up(port, process, seconds=30):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            sys.exit(f"gunicorn exited with {process.returncode} before it answered")
        try:
            connection = http.client.HTTPConnection(HOST, port, timeout=2)
            connection.request("GET", "/")
            if connection.getresponse().status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    sys.exit(f"gunicorn did not answer on port {port} within {seconds} s")


class Client(threading.Thread):
    """One visitor: a keep-alive connection sending requests from MIX until told to stop."""

    def __init__(self, number, port, slugs, deadline, budget, results):
        super().__init__(daemon=True)
        self.rng = random.Random(number)
        self.port, self.slugs, self.deadline, self.budget = port, slugs, deadline, budget
        self.results = results  # kind -> list of seconds; "errors" -> list of strings
        self.kinds = [kind for kind, weight, _ in MIX for _ in range(weight)]
        self.paths = {kind: path for kind, _, path in MIX}

    def run(self):
        connection = None
        while time.monotonic() < self.deadline and self.budget.take():
            kind = self.rng.choice(self.kinds)
            path = self.paths[kind](self.rng, self.slugs)
            start = time.perf_counter()
            try:
                connection = connection or http.client.HTTPConnection(HOST, self.port, timeout=30)
                connection.request("GET", path, headers={"Accept-Encoding": "identity"})
                response = connection.getresponse()
                response.read()
                elapsed = time.perf_counter() - start
                if response.status != 200:
                    self.results["errors"].append(f"{response.status} {path}")
                self.results[kind].append(elapsed)
                if response.getheader("Connection", "").lower() == "close":
                    connection.close()
                    connection = None
            except (OSError, http.client.HTTPException) as error:
                self.results["errors"].append(f"{type(error).__name__}: {error} {path}")
                if connection:
                    connection.close()
                connection = None
        if connection:
            connection.close()


class Budget:
    """At most `count` requests in all, shared by the clients."""

    def __init__(self, count):
        self.left, self.lock = count, threading.Lock()

    def take(self):
        with self.lock:
            self.left -= 1
            return self.left >= 0


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(fraction * len(ordered)))]


def report(results, seconds, args, rows):
    total = sum(len(values) for kind, values in results.items() if kind != "errors")
    errors = results["errors"]
    print(f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}")
    print(f"Registry: {rows} organizations (seed + {args.extra} generated), SQLite; "
          f"gunicorn.conf.py ({args.clients} concurrent clients, keep-alive)")
    print(f"{total} requests in {seconds:.1f} s: {total / seconds:.0f} requests/s, {len(errors)} errors\n")
    print(f"{'kind':<12}{'requests':>9}{'p50 ms':>9}{'p90 ms':>9}{'p99 ms':>9}{'max ms':>9}")
    every = []
    for kind, _, _ in MIX:
        values = results.get(kind, [])
        every += values
        if values:
            print(f"{kind:<12}{len(values):>9}" + "".join(
                f"{1000 * v:>9.1f}" for v in (statistics.median(values), percentile(values, 0.9),
                                              percentile(values, 0.99), max(values))))
    if every:
        print(f"{'all':<12}{len(every):>9}" + "".join(
            f"{1000 * v:>9.1f}" for v in (statistics.median(every), percentile(every, 0.9),
                                          percentile(every, 0.99), max(every))))
    for error in errors[:20]:
        print("error:", error)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="how long to send requests")
    parser.add_argument("--clients", type=int, default=16, help="concurrent connections")
    parser.add_argument("--extra", type=int, default=2000, help="generated organizations on top of the seed")
    parser.add_argument("--max-requests", type=int, default=500_000, help="stop after this many in all")
    args = parser.parse_args(argv)

    workdir = Path(tempfile.mkdtemp(prefix="icor-loadtest-"))
    port = free_port()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "GUNICORN_", "DATABASE_"))}
    env.update(
        DJANGO_SETTINGS_MODULE="icor_registry.settings",
        DATABASE_URL=f"sqlite:///{workdir / 'registry.sqlite3'}",
        DJANGO_STATIC_ROOT=str(workdir / "static"),
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        # Plain HTTP on loopback: no redirect to HTTPS.
        DJANGO_HTTPS="0",
        # Connections kept between requests, as in production.
        DJANGO_CONN_MAX_AGE="60",
        GUNICORN_BIND=f"{HOST}:{port}",
        GUNICORN_LOGLEVEL="warning",
    )
    server = None
    try:
        os.environ.update(env)
        sys.path.insert(0, str(ROOT))
        print(f"Building the registry in {workdir} ...", flush=True)
        slugs = build_registry(workdir / "registry.sqlite3", workdir / "static", args.extra)
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "--config", str(ROOT / "gunicorn.conf.py"),
             "--access-logfile", str(workdir / "access.log"),
             # Leave the control socket of any other gunicorn on this machine alone.
             "--no-control-socket"],
            cwd=ROOT, env=env,
        )
        wait_until_up(port, server)
        print(f"gunicorn up on {HOST}:{port}; {args.clients} clients for {args.seconds:.0f} s ...", flush=True)

        results = defaultdict(list)
        budget = Budget(args.max_requests)
        start = time.monotonic()
        clients = [Client(number, port, slugs, start + args.seconds, budget, results)
                   for number in range(args.clients)]
        for client in clients:
            client.start()
        for client in clients:
            client.join(timeout=args.seconds + 60)
        elapsed = time.monotonic() - start
        report(results, elapsed, args, len(slugs))
        return 1 if results["errors"] else 0
    finally:
        if server is not None:
            server.terminate()
            try:
                server.wait(timeout=30)
            except subprocess.TimeoutExpired:
                server.kill()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
