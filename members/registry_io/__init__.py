"""Move the registry in and out of files: one service for the commands and the admin.

    export_json(stream, scope)        a loaddata-compatible fixture with natural keys
    fixture_chunks(scope)             the same fixture as text, a chunk at a time (downloads)
    export_csv(stream, scope)         one row per membership period, spreadsheet-safe
    import_file(path, dry_run)        validate a .json or .csv file, then write all or nothing
    import_data(data, name, dry_run)  the same for bytes already read (an upload)

An import never deletes: records are created or updated by natural key, and records
the file does not mention stay as they are.
"""

import os
from contextlib import nullcontext

from django.db import DatabaseError, transaction
from django.utils.translation import gettext

from .export import (
    EXPORTERS, export_csv, export_json, fixture_chunks, for_countries, for_organizations,
)
from .parse import read_records, size_problem
from .report import ImportReport, Problem
from .validate import plan_import
from .write import write

__all__ = [
    "EXPORTERS", "ImportReport", "export_csv", "export_json", "fixture_chunks", "for_countries",
    "for_organizations", "import_data", "import_file",
]


def import_data(data, name, dry_run=False):
    """Import the bytes `data` of a file called `name`; return the ImportReport.

    With problems, or with `dry_run`, nothing is written; otherwise every change is
    written in one transaction.
    """
    report = ImportReport(source=os.path.basename(name), dry_run=dry_run)
    records, problems = read_records(data, name)
    if problems or not records:
        report.problems = problems or [Problem(gettext("The file holds no records."))]
        return report
    # A dry run only reads: outside a transaction it takes no write lock (SQLite's write
    # transactions take it at their start), so previews never wait on, or block, a writer.
    with nullcontext() if dry_run else transaction.atomic():
        plan = plan_import(records, report)
        if report.ok and not dry_run:
            try:
                write(plan, report, report.source)
            except DatabaseError as error:
                report.problems.append(Problem(
                    # Translators: %(error)s is the database's own message, in English.
                    gettext("The database refused the import (%(error)s). Nothing was written.")
                    % {"error": error}
                ))
    return report


def import_file(path, dry_run=False):
    """Import the file at `path` (checked for size before it is read)."""
    report = ImportReport(source=os.path.basename(path), dry_run=dry_run)
    try:
        problem = size_problem(os.path.getsize(path))
        if problem is None:
            with open(path, "rb") as file:
                return import_data(file.read(), path, dry_run)
    except OSError as error:
        # Translators: %(reason)s is the system's reason, in English ("Permission denied").
        problem = Problem(gettext("The file cannot be read: %(reason)s.") % {"reason": error.strerror})
    report.problems.append(problem)
    return report
