"""Read an import file into records: size, encoding, JSON or CSV shape, allowed models.

Nothing here looks at the database; each record keeps its place in the file so every
problem found later can name it.
"""

import csv
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.utils.translation import gettext, gettext_lazy as _, ngettext

from ..numbers import grouped
from ..registry import BY_LABEL, LABELS
from ..spreadsheet import restore
from .nesting import too_deep
from .report import Problem, record_at, row_at

# Columns of the registry CSV, in the order export writes them: one row per membership
# period, with its organization and that organization's country.
CSV_COLUMNS = (
    "slug", "name", "abbreviation", "english_name", "country", "country_name", "continent",
    "since_year", "until_year", "source", "note", "website", "wikidata",
)
# Columns that files written before the registry had them lack: without them, the
# organizations keep the values stored (or start blank).
OPTIONAL_CSV_COLUMNS = ("website", "wikidata")
# Which model field each CSV column fills.
CSV_FIELDS = {
    "members.country": {"code": "country", "name": "country_name", "continent": "continent"},
    "members.organization": {"slug": "slug", "name": "name", "abbreviation": "abbreviation",
                             "english_name": "english_name", "country": "country",
                             "website": "website", "wikidata": "wikidata"},
    "members.membership": {"organization": "slug", "since_year": "since_year",
                           "until_year": "until_year", "source": "source", "note": "note"},
}
# Fields a JSON record may carry besides the editable ones: kept for new records only.
TIMESTAMPS = ("created_at", "updated_at")
# What a JSON value is called, for a file that is not a list.
# Translators: each completes "this file holds …", as what a JSON file holds instead of a list.
JSON_TYPES = {dict: _("a JSON object"), str: _("a JSON string"), Decimal: _("a JSON number"),
              bool: _("a JSON true or false"), type(None): _("a JSON null")}
# Translators: completes "this file holds …", for a JSON value of any other kind.
JSON_VALUE = _("a JSON value")
# Derived or bookkeeping fields a fixture may carry; the registry computes them itself.
IGNORED_FIELDS = frozenset({"search", "version"})


@dataclass
class Record:
    """One record of the file: a model and the raw values the file gives its fields."""

    where: str
    label: str
    values: dict
    columns: dict = field(default_factory=dict)  # field -> CSV column, for messages

    def column(self, name):
        return self.columns.get(name, name)


def max_bytes():
    return settings.REGISTRY_IMPORT_MAX_BYTES


def size_problem(size):
    """A Problem if `size` bytes is empty or over the configured limit, else None."""
    if size == 0:
        return Problem(gettext("The file is empty."))
    if size > max_bytes():
        return Problem(ngettext(
            "The file has %(size)s byte; the import accepts at most %(most)s "
            "(setting REGISTRY_IMPORT_MAX_BYTES).",
            "The file has %(size)s bytes; the import accepts at most %(most)s "
            "(setting REGISTRY_IMPORT_MAX_BYTES).", size,
        ) % {"size": grouped(size),
             "most": grouped(max_bytes())})
    return None


def decode(data):
    """The file's text, or a Problem: the registry reads UTF-8 only (a BOM is fine)."""
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        return None, Problem(
            # Translators: %(byte)s is the position of the first unreadable byte in the file.
            gettext("The file is not UTF-8 text (byte %(byte)s, line %(line)s, cannot be "
                    "read as UTF-8). Save it as UTF-8 and try again.")
            % {"byte": error.start + 1, "line": line}
        )


def read_records(data, name):
    """(records, problems) for the bytes `data` of a file called `name` (.json or .csv)."""
    problem = size_problem(len(data))
    if problem:
        return [], [problem]
    text, problem = decode(data)
    if problem:
        return [], [problem]
    if not text.strip():
        return [], [Problem(gettext("The file is empty."))]
    lowered = name.lower()
    if lowered.endswith(".json"):
        return read_json(text)
    if lowered.endswith(".csv"):
        return read_csv(text)
    return [], [Problem(
        gettext("Give the file a .json (fixture) or .csv name; the import reads only those.")
    )]


# A file this wrong is not worth reading on: the report lists this many problems, then
# stops, so that a small file of thousands of bad records costs little to refuse.
MAX_FILE_PROBLEMS = 1000


def enough(problems):
    """True once `problems` is full; it then ends with a line that says so."""
    if len(problems) < MAX_FILE_PROBLEMS:
        return False
    problems.append(Problem(ngettext(
        "The file has more problems; the first %(count)s is listed.",
        "The file has more problems; the first %(count)s are listed.", MAX_FILE_PROBLEMS,
    ) % {"count": grouped(MAX_FILE_PROBLEMS)}))
    return True


def read_json(text):
    try:
        # Numbers as Decimal, exactly as written: the form fields then judge them as they
        # judge what an editor types (2015.7 is not a whole number), none overflows
        # (1e999) and none loses digits. NaN and Infinity, which JSON does not have,
        # become Decimals that are not finite, refused with the field that holds them.
        items = json.loads(text, parse_float=Decimal, parse_int=Decimal, parse_constant=Decimal)
    except json.JSONDecodeError as error:
        return [], [Problem(
            # Translators: %(reason)s is the JSON parser's reason, in English ("Expecting value").
            gettext("The file is not valid JSON: %(reason)s at line %(line)s, column %(column)s.")
            % {"reason": error.msg, "line": error.lineno, "column": error.colno}
        )]
    except RecursionError:
        return [], [too_deep(text)]
    if not isinstance(items, list):
        return [], [Problem(
            # Translators: %(kind)s is what the file holds instead, e.g. "a JSON object".
            gettext("A fixture is a list of records ([{\"model\": ..., \"fields\": {...}}, ...]); "
                    "this file holds %(kind)s.") % {"kind": JSON_TYPES.get(type(items), JSON_VALUE)}
        )]
    records, problems, foreign = [], [], []
    for number, item in enumerate(items, start=1):
        if enough(problems) or enough(foreign):
            break
        where = record_at(number)
        if not isinstance(item, dict) or not isinstance(item.get("fields"), dict):
            problems.append(Problem(gettext('Expected {"model": ..., "fields": {...}}.'), where))
            continue
        label = item.get("model")
        label = label.lower() if isinstance(label, str) else ""
        if label not in LABELS:
            foreign.append(Problem(
                gettext("The import accepts only members.country, members.organization and "
                        "members.membership; a file with any other model is refused whole."),
                # Translators: stands for the model of a record that names none.
                where, label or gettext("no model"),
            ))
            continue
        if "pk" in item:
            problems.append(Problem(
                gettext("The record carries a database id (pk); the registry matches records by "
                        "natural key. Export with export_registry (or dumpdata --natural-primary "
                        "--natural-foreign)."), where, label, field="pk",
            ))
            continue
        values = {k: v for k, v in item["fields"].items() if k not in IGNORED_FIELDS}
        records.append(Record(where, label, values))
    if foreign:
        return [], foreign
    return records, problems


def missing_columns(header):
    """The columns a registry CSV needs that `header` lacks."""
    return [c for c in CSV_COLUMNS if c not in header and c not in OPTIONAL_CSV_COLUMNS]


def read_csv(text):
    # The csv module refuses a cell over 131,072 characters, but the admin accepts a
    # longer source, and the registry's own export must load again. No cell is longer
    # than the file, which the size limit bounds. The limit is the process's; it only
    # ever grows, so a concurrent import never sees it shrink.
    csv.field_size_limit(max(csv.field_size_limit(), max_bytes()))
    rows = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(rows, [])
    except csv.Error as error:
        return [], [unreadable(error, 1)]
    missing = missing_columns(header)
    if missing:
        return [], [Problem(ngettext(
            "The CSV lacks the column %(missing)s. The registry CSV has the columns %(columns)s.",
            "The CSV lacks the columns %(missing)s. The registry CSV has the columns %(columns)s.",
            len(missing),
        ) % {"missing": ", ".join(missing), "columns": ", ".join(CSV_COLUMNS)})]
    index = {column: header.index(column) for column in CSV_COLUMNS if column in header}
    records, problems, seen = [], [], {}
    for number, row in enumerate(readable(rows, problems), start=2):
        if enough(problems):
            break
        where = row_at(number)
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            problems.append(Problem(ngettext(
                # Translators: %(header)s is the number of cells of the header row.
                "The row has %(cells)s cell; the header has %(header)s.",
                "The row has %(cells)s cells; the header has %(header)s.", len(row),
            ) % {"cells": len(row), "header": len(header)}, where))
            continue
        cells = {column: restore(row[i]) for column, i in index.items()}
        for label, columns in CSV_FIELDS.items():
            values = {name: cells[column] for name, column in columns.items() if column in cells}
            if label == "members.membership":
                for year in ("since_year", "until_year"):
                    values[year] = values[year].strip() or None
            record = Record(where, label, values, columns)
            key = values.get("code") or values.get("slug")
            if label == "members.membership" or not key:
                records.append(record)
            elif (label, key) not in seen:
                seen[label, key] = record
                records.append(record)
            else:
                problems.extend(disagreements(seen[label, key], record))
    return records, problems


def readable(rows, problems):
    """The rows of a csv reader, up to one it cannot read, which becomes a problem."""
    number = 1
    try:
        for number, row in enumerate(rows, start=2):
            yield row
    except csv.Error as error:
        problems.append(unreadable(error, number + 1))


def unreadable(error, number):
    """The Problem of a CSV the csv module cannot read at row `number`."""
    # Translators: %(reason)s is the CSV reader's reason, in English.
    return Problem(gettext("The CSV cannot be read: %(reason)s.") % {"reason": error}, row_at(number))


def disagreements(first, again):
    """Problems where a later row gives a country or organization other values than its first row."""
    return [
        Problem(
            # Translators: %(column)s is a CSV column, %(where)s a row ("row 2") and %(name)s
            # a record type ("organization").
            gettext("%(column)s is “%(value)s” here but “%(first)s” in %(where)s; the same "
                    "%(name)s must read alike on every row.")
            % {"column": again.column(name), "value": value, "first": first.values[name],
               "where": first.where, "name": BY_LABEL[first.label].name},
            again.where, again.label, (first.values.get("code") or first.values.get("slug"),),
            again.column(name),
        )
        for name, value in again.values.items()
        if value != first.values[name]
    ]
