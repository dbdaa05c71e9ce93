"""Editors saving at once, through gunicorn: no save may fail.

    python -m bench.concurrency [--database sqlite|postgres] [--editors 20] [--seconds 20]
                                [--share 1] [--extra 2000]

Builds a scratch registry (the seed plus `--extra` synthetic organizations and one
account per editor), serves it with gunicorn.conf.py and production settings, and lets
`--editors` threads work as editors do, over real HTTP: sign in, then in a loop open an
organization's change form, change its English name and save the form with the
version it was opened at. `--share N` puts N editors on each organization (1: everyone
on their own record). It stops after `--seconds`, then checks the database.

Each save either lands (redirect to the list) or, where another editor saved the same
record first, is refused with the stale-save message. Anything else is an error: a
500, a form error, a broken connection, a save refused without a rival, or a stored
record whose version, history and English name do not match the saves that landed.
Exits with 1 on any error.
"""

import argparse
import http.client
import os
import sys
import threading
import time

from . import scratch
from .browser import PASSWORD, Browser, form_errors

STALE = "Someone else changed this organization after you opened it"


def edit(number, port, pk, deadline, results):
    """Editor `number`: save organization `pk` again and again until `deadline`."""
    try:
        edit_until(number, port, pk, deadline, results)
    except Exception as error:  # reported with the others, not lost in a thread
        results["errors"].append(f"editor {number}: {type(error).__name__}: {error}")


def edit_until(number, port, pk, deadline, results):
    browser = Browser(port)
    browser.sign_in(f"editor{number}")
    path = f"/admin/members/organization/{pk}/change/"
    save = 0
    while time.monotonic() < deadline:
        save += 1
        name = f"Saved by editor {number}, save {save}"
        start = time.perf_counter()
        try:
            status, fields = browser.form(path, "organization_form")
            if status != 200:
                results["errors"].append(f"open {path}: {status}")
                continue
            fields = [[k, name if k == "english_name" else v] for k, v in fields]
            status, location, page = browser.request("POST", path, [*fields, ["_save", "Save"]])
        except (OSError, http.client.HTTPException) as error:
            results["errors"].append(f"{type(error).__name__}: {error}")
            browser = Browser(port)
            browser.sign_in(f"editor{number}")
            continue
        results["seconds"].append(time.perf_counter() - start)
        if status == 302 and location == "/admin/members/organization/":
            results["landed"][pk].append(name)
        elif (status == 200 and STALE in page) or (status == 302 and location == path):
            results["refused"][pk].append(name)  # the stale form, or a save at the same moment
        else:
            results["errors"].append(f"save {path}: {status} {location} {form_errors(page)}")


def build(extra, editors, records):
    """Migrate, load the seed, add `extra` organizations and `editors` accounts; return
    `records` organizations spread over the registry, seed and synthetic."""
    from django.contrib.auth.hashers import make_password
    from django.contrib.auth.models import User
    from django.core.management import call_command

    from members import derived, history
    from members.models import Country, Membership, Organization

    call_command("migrate", verbosity=0)
    call_command("loaddata", "icor_members", verbosity=0)
    countries = list(Country.objects.all())
    organizations = [
        Organization(name=f"Synthetic Party {i}", slug=f"synthetic-party-{i}",
                     english_name=f"Synthetic Party {i}", country=countries[i % len(countries)])
        for i in range(extra)
    ]
    for organization in organizations:
        organization.search = derived.search_text(organization)
    organizations = history.create(Organization, organizations, "Concurrency benchmark")
    history.create(Membership, [Membership(organization=organization, since_year=2015)
                                for organization in organizations], "Concurrency benchmark")
    derived.write_latest_period(Organization.objects.all())
    password = make_password(PASSWORD)  # hashed once: PBKDF2 takes a while
    User.objects.bulk_create([
        User(username=f"editor{n}", password=password, is_staff=True, is_superuser=True)
        for n in range(editors)
    ])
    pks = list(Organization.objects.order_by("pk").values_list("pk", flat=True))
    return [Organization.objects.get(pk=pk) for pk in pks[:: max(1, len(pks) // records)][:records]]


def check(before, results):
    """Errors where the stored records disagree with the saves that landed."""
    from members.models import Organization

    errors = []
    for pk, old in before.items():
        landed = results["landed"][pk]
        now = Organization.objects.get(pk=pk)
        history = Organization.history.filter(id=pk).count() - old.history_count
        # Every landed save is one history entry and moves the version on.
        if history != len(landed) or now.version - old.version < len(landed):
            errors.append(f"organization {pk}: {len(landed)} saves landed, version moved "
                          f"{now.version - old.version}, {history} history entries")
        if landed and now.english_name not in landed:
            errors.append(f"organization {pk}: stored English name is from no landed save")
    return errors


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--editors", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=20)
    parser.add_argument("--share", type=int, default=1, help="editors per organization")
    parser.add_argument("--extra", type=int, default=2000, help="synthetic organizations")
    args = parser.parse_args(argv)

    scratch_database = (scratch.postgres_database() if args.database == "postgres"
                        else scratch.sqlite_database(scratch.OUT / f"editors-{os.getpid()}.sqlite3"))
    with scratch_database as url:
        env = scratch.environment(url)
        scratch.setup_django(env)
        from members.models import Organization

        records = build(args.extra, args.editors, -(-args.editors // args.share))
        for record in records:
            record.history_count = Organization.history.filter(id=record.pk).count()
        # Filled in by the editors' threads: one list per record, made before they start.
        results = {"landed": {r.pk: [] for r in records}, "refused": {r.pk: [] for r in records},
                   "errors": [], "seconds": []}
        with scratch.gunicorn(env, scratch.OUT / "editors-access.log") as port:
            start = time.monotonic()
            editors = [threading.Thread(target=edit, daemon=True, args=(
                n, port, records[n // args.share].pk, start + args.seconds, results))
                for n in range(args.editors)]
            for editor in editors:
                editor.start()
            for editor in editors:
                editor.join(timeout=args.seconds + 120)
            elapsed = time.monotonic() - start
        results["errors"] += check({r.pk: r for r in records}, results)
        if not any(results["landed"].values()):
            results["errors"].append("no save landed")
        refused = sum(map(len, results["refused"].values()))
        if args.share == 1 and refused:
            results["errors"].append(f"{refused} saves refused although nobody else "
                                     "edited those records")
    report(args, results, elapsed)
    return 1 if results["errors"] else 0


def report(args, results, elapsed):
    landed = sum(map(len, results["landed"].values()))
    refused = sum(map(len, results["refused"].values()))
    p50, p99, longest = scratch.summary(results["seconds"])
    print(f"{args.database}: {args.editors} editors, {args.share} per organization, "
          f"{elapsed:.1f} s through gunicorn.conf.py")
    print(f"saves: {landed + refused + len(results['errors'])}, landed {landed}, "
          f"refused as stale {refused}, errors {len(results['errors'])}; "
          f"open+save p50 {p50:.0f} ms, p99 {p99:.0f} ms, max {longest:.0f} ms")
    for error in results["errors"][:20]:
        print("error:", error)


if __name__ == "__main__":
    sys.exit(main())
