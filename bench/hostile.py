"""Hostile import files: each must get a report, never a traceback, and change nothing.

    python -m bench.hostile [--only WORD]

Builds a seeded SQLite registry in a temporary folder (migrate, loaddata icor_members),
then runs every file of `bench/hostile_files.py` through `manage.py import_registry`, a
subprocess each, on a fresh copy of that database: first with --dry-run, then for real.
A file passes when both runs exit with status 1, write the problem report to stderr
("... was not imported: ... Nothing was written.") naming the record and field expected,
with no traceback, and leave the database byte for byte as it was: the file's bytes,
and the JSON and CSV of `manage.py export_registry`. One more check: the registry's own
CSV with a 1 MB source imports, exports the same bytes and imports again unchanged.
Prints a table; exits with 1 if any check fails.
"""

import argparse
import hashlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .hostile_files import cases, csv_row

ROOT = Path(__file__).resolve().parent.parent


def manage(database, *args, env=None):
    """(status, stdout, stderr) of `manage.py ARGS` on the SQLite file `database`."""
    environ = {key: value for key, value in os.environ.items() if key != "REGISTRY_IMPORT_MAX_BYTES"}
    environ.update(DATABASE_URL=f"sqlite:///{database}", DJANGO_SETTINGS_MODULE="icor_registry.settings",
                   **(env or {}))
    done = subprocess.run([sys.executable, str(ROOT / "manage.py"), *args], cwd=ROOT, env=environ,
                          capture_output=True, text=True, encoding="utf-8", errors="backslashreplace")
    return done.returncode, done.stdout, done.stderr


def state(database, folder):
    """What must not change: the database's bytes (with any write-ahead log) and both exports."""
    digest = hashlib.sha256()
    for path in (Path(database), Path(f"{database}-wal")):
        digest.update(path.read_bytes() if path.exists() else b"")
    exports = []
    for format in ("json", "csv"):
        path = folder / f"export.{format}"
        status, _, err = manage(database, "export_registry", "--format", format, "--output", str(path))
        assert status == 0, err
        exports.append(path.read_bytes())
    return digest.hexdigest(), *exports


def fresh_copy(base, work):
    for suffix in ("", "-wal", "-shm"):
        Path(f"{work}{suffix}").unlink(missing_ok=True)
    shutil.copyfile(base, work)


def check(case, base, before, folder):
    """The row of the table for one hostile file."""
    defect, name, content, expected, env = case
    work, path = folder / "work.sqlite3", folder / "files" / name
    fresh_copy(base, work)
    if content is not None:
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    errors = []
    for options in (["--dry-run"], []):
        status, out, err = manage(work, "import_registry", str(path), *options, env=env)
        errors.append(err if status == 1 and not out else f"(status {status}) {err}")
    row = {
        "defect": defect or "refused before", "file": name,
        "report": all(e.startswith(f"CommandError: {name} was not imported")
                      and e.rstrip().endswith("Nothing was written.") for e in errors),
        "names": all(expected in e for e in errors),
        "traceback": any("Traceback" in e for e in errors),
        "unchanged": state(work, folder) == before,
        "problem": (errors[0].splitlines()[1:2] or errors[0].splitlines())[0].removeprefix("  - "),
    }
    row["ok"] = row["report"] and row["names"] and not row["traceback"] and row["unchanged"]
    return row


def round_trip(base, base_csv, folder):
    """Whether the registry's CSV with a 1 MB source imports, exports the same bytes and
    imports again with nothing to change and the database identical."""
    work, path = folder / "work.sqlite3", folder / "files" / "megabyte-source.csv"
    fresh_copy(base, work)
    path.write_text(csv_row(base_csv, "Wikipedia", "Ç" * 1_000_000 + " Wikipedia"),
                    encoding="utf-8", newline="")
    exported = folder / "exported.csv"
    imported = manage(work, "import_registry", str(path))[0] == 0
    manage(work, "export_registry", "--format", "csv", "--output", str(exported))
    before = state(work, folder)
    status, out, _ = manage(work, "import_registry", str(exported))
    return (imported and exported.read_bytes() == path.read_bytes() and status == 0
            and "Memberships: 0 created, 0 updated" in out and state(work, folder) == before)


def table(rows):
    yes = {True: "yes", False: "NO"}
    lines = ["| defect | file | report, exit 1 | names record and field | traceback | database identical |",
             "|---|---|---|---|---|---|"]
    for row in rows:
        lines.append(f"| {row['defect']} | {row['file']} | {yes[row['report']]} | {yes[row['names']]} | "
                     f"{'YES' if row['traceback'] else 'no'} | {yes[row['unchanged']]} |")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", help="Run only the files whose name contains this word.")
    parser.add_argument("--verbose", action="store_true", help="Print each file's first problem.")
    options = parser.parse_args(argv)
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="hostile-") as temporary:
        folder = Path(temporary)
        (folder / "files").mkdir()
        base = folder / "base.sqlite3"
        for args in (["migrate", "--no-input", "-v", "0"], ["loaddata", "icor_members", "-v", "0"]):
            status, _, err = manage(base, *args)
            assert status == 0, err
        before = state(base, folder)
        base_json, base_csv = before[1].decode("utf-8"), before[2].decode("utf-8")
        chosen = [c for c in cases(base_json, base_csv) if not options.only or options.only in c[1]]
        rows = [check(case, base, before, folder) for case in chosen]
        trip = round_trip(base, base_csv, folder) if not options.only else True
    print(table(rows))
    if options.verbose:
        print(*(f"{row['file']}: {row['problem']}" for row in rows), sep="\n")
    if not options.only:
        print(f"\nThe registry's CSV with a 1 MB source imports, exports the same bytes and "
              f"imports again unchanged: {'yes' if trip else 'NO'}.")
    failed = [row["file"] for row in rows if not row["ok"]] + ([] if trip else ["megabyte-source.csv"])
    total = len(rows) + (not options.only)
    print(f"{total - len(failed)} of {total} checks pass "
          f"({time.perf_counter() - start:.0f} s).{' Failed: ' + ', '.join(failed) if failed else ''}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
