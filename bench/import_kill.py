"""`kill -9` of an import while it writes: the SQLite database stays as it was.

    python -m bench.import_kill [--organizations 50000] [--at 1,16,48,64]

Builds the seed registry in a scratch SQLite file and records what it holds: `PRAGMA
integrity_check`, the rows of every registry and history table, and the bytes of
`export_registry`. Then, once for each `--at` size (MB), it starts `manage.py
import_registry` of a fixture of `--organizations` synthetic organizations on a fresh
copy, waits until the import's uncommitted pages in the WAL file reach that size, and
kills it with SIGKILL. The next connection must find the database intact and exactly as
before: integrity "ok", the same counts, byte-identical export. Exits with 1 otherwise,
or if an import finished before it could be killed.
"""

import argparse
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from . import scratch

TABLES = [
    "members_country", "members_organization", "members_membership",
    "members_historicalcountry", "members_historicalorganization",
    "members_historicalmembership",
]


def state(database, env):
    """(integrity check, {table: rows}, export bytes) of the database at `database`."""
    with sqlite3.connect(database) as connection:
        integrity = connection.execute("PRAGMA integrity_check").fetchone()[0]
        counts = {t: connection.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0] for t in TABLES}
    connection.close()
    export = Path(f"{database}.export.json")
    scratch.manage({**env, "DATABASE_URL": scratch.sqlite_url(database)},
                   "export_registry", "--output", str(export))
    data = export.read_bytes()
    export.unlink()
    return integrity, counts, data


def kill_during_import(database, fixture, env, megabytes):
    """Start the import, SIGKILL it once the WAL holds `megabytes`; the WAL size then."""
    wal = Path(f"{database}-wal")
    importer = subprocess.Popen(
        [sys.executable, "manage.py", "import_registry", str(fixture)],
        cwd=scratch.ROOT, env={**env, "DATABASE_URL": scratch.sqlite_url(database)},
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    while importer.poll() is None:
        size = wal.stat().st_size if wal.exists() else 0
        if size >= megabytes * 2**20:
            os.kill(importer.pid, signal.SIGKILL)
            importer.wait()
            return size
        time.sleep(0.005)
    return None  # it ended (committed or failed) before the WAL got that large


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--organizations", type=int, default=50_000)
    parser.add_argument("--at", default="1,16,48,64", help="WAL sizes (MB) to kill at")
    args = parser.parse_args(argv)

    fixture = scratch.generated_fixture(args.organizations)
    seeded = scratch.OUT / "kill-seeded.sqlite3"
    with scratch.sqlite_database(seeded) as url:
        env = scratch.environment(url)
        scratch.manage(env, "migrate", "--verbosity=0")
        scratch.manage(env, "loaddata", "icor_members", "--verbosity=0")
        before = state(seeded, env)
        print(f"before: integrity {before[0]}, {before[1]}, export {len(before[2]):,} bytes")
        failures = 0
        for megabytes in map(float, args.at.split(",")):
            copy = scratch.OUT / "kill-import.sqlite3"
            scratch.remove_sqlite(copy)
            shutil.copyfile(seeded, copy)
            wal = kill_during_import(copy, fixture, env, megabytes)
            if wal is None:
                print(f"at {megabytes:g} MB: the import ended before its WAL reached that size")
                failures += 1
                continue
            after = state(copy, env)
            same = after == before
            failures += not same
            print(f"killed with {wal / 2**20:.1f} MB in the WAL: integrity {after[0]}, "
                  f"counts {'the same' if after[1] == before[1] else after[1]}, export "
                  f"{'byte-identical' if after[2] == before[2] else 'DIFFERENT'}")
            scratch.remove_sqlite(copy)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
