"""Load test: gunicorn on loopback, driven by concurrent clients for a bounded time.

    python -m bench.loadtest [--seconds 20] [--clients 16] [--extra 2000]

Builds a throwaway SQLite registry (the seed plus `--extra` generated organizations),
collects the static files, starts gunicorn with gunicorn.conf.py and production
settings (debug off, hashed static files) on 127.0.0.1, and runs three phases of
`--seconds` each, with `--clients` threads, each on its own keep-alive connection:

* the mix: list pages, filters, searches, organization and country pages, the JSON
  and CSV downloads;
* organization pages only (random organizations);
* the same with the page's current ETag in If-None-Match: every answer a 304.

A phase stops after `--seconds` or `--max-requests`, whichever comes first. For each
it reports requests per second, p50/p90/p99 latency per kind, the server's CPU time
per request (its worker processes, so not the clients' share of the machine) and every
error. Any error (an unexpected status, a refused or broken connection) makes it exit
with 1.
"""

import argparse
import http.client
import os
import platform
import random
import secrets
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from .clients import HOST, free_port, latency_table, run_clients, server_cpu_seconds, wait_until_up

ROOT = Path(__file__).resolve().parent.parent

# (kind, weight, path or function from slugs to a path); weights are per 100 requests.
MIX = [
    ("overview", 6, lambda r, s: "/"),
    # Page 1 is the address without `page` (the list redirects `?page=1` to it).
    ("list", 14, lambda r, s: "/organizations/" + (f"?page={n}" if (n := r.randint(1, 18)) > 1 else "")),
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


def current_etag(port, slug):
    """The ETag the registry gives its pages now (one for all of them)."""
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    connection.request("GET", f"/organizations/{slug}/")
    response = connection.getresponse()
    response.read()
    connection.close()
    return response.getheader("ETag")


def report_phase(name, results, elapsed, cpu, kinds):
    """Requests per second, server CPU per request and latencies of one phase."""
    total = sum(len(values) for kind, values in results.items() if kind != "errors")
    errors = results["errors"]
    per_request = 1000 * cpu / total if total else 0.0
    cores = os.cpu_count()
    print(f"\n{name}: {total} requests in {elapsed:.1f} s: {total / elapsed:.0f} requests/s, "
          f"{len(errors)} errors; server CPU {per_request:.2f} ms per request "
          f"({cores} cores for the server alone: about "
          f"{1000 * cores / per_request if per_request else 0:.0f} requests/s)")
    print(latency_table(results, kinds))
    for error in errors[:20]:
        print("error:", error)
    return {"requests": total, "seconds": elapsed, "errors": len(errors), "cpu_ms": per_request}


def phases(etag):
    """(name, mix, request headers, expected status) of each phase."""
    detail = [("organization", 1, lambda r, s: f"/organizations/{r.choice(s)}/")]
    return [
        ("mix", MIX, None, 200),
        ("organization page", detail, None, 200),
        ("304, organization page", [("304", 1, detail[0][2])], {"If-None-Match": etag}, 304),
    ]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=20, help="how long each phase sends requests")
    parser.add_argument("--clients", type=int, default=16, help="concurrent connections")
    parser.add_argument("--extra", type=int, default=2000, help="generated organizations on top of the seed")
    parser.add_argument("--max-requests", type=int, default=500_000, help="stop a phase after this many")
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
        wait_until_up(port, server, path="/")
        print(f"gunicorn up on {HOST}:{port}; {args.clients} clients, three phases of "
              f"{args.seconds:.0f} s ...", flush=True)

        etag = current_etag(port, slugs[0])
        print(f"\nMachine: {platform.machine()}, {os.cpu_count()} cores, Python "
              f"{platform.python_version()}, load average {os.getloadavg()[0]:.2f}")
        print(f"Registry: {len(slugs)} organizations (seed + {args.extra} generated), SQLite; "
              f"gunicorn.conf.py ({args.clients} concurrent clients, keep-alive)")
        failed = False
        for name, mix, headers, expect in phases(etag):
            before = server_cpu_seconds(server.pid)
            results, elapsed = run_clients(
                args.clients, args.seconds, args.max_requests,
                port=port, mix=mix, slugs=slugs, headers=headers, expect=expect)
            cpu = server_cpu_seconds(server.pid) - before
            failed |= bool(report_phase(name, results, elapsed, cpu, [kind for kind, _, _ in mix])["errors"])
        return 1 if failed else 0
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
