"""Load a fixture into a fresh database and print what it took, as one JSON line.

    python -m bench.fresh import|loaddata FIXTURE DATABASE

DATABASE is an empty, migrated SQLite file (run.py copies one per load). Only the
command itself is timed; the counts after it show what it wrote.
"""

import json
import os
import sys
import time


def main(command, fixture, database):
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "icor_registry.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from members.models import Membership, Organization

    name = {"import": "import_registry", "loaddata": "loaddata"}[command]
    start = time.perf_counter()
    call_command(name, fixture, verbosity=0)
    seconds = time.perf_counter() - start
    print(json.dumps({
        "seconds": seconds,
        "organizations": Organization.objects.count(),
        "memberships": Membership.objects.count(),
        "organization_history": Organization.history.count(),
        "unfolded": Organization.objects.filter(search="").count(),
    }))


if __name__ == "__main__":
    main(*sys.argv[1:])
