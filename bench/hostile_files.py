"""The files bench/hostile.py feeds the import: hostile ones (issue 11, defects 3 and 4)
and the kinds of bad file the import refused before. Each comes with the text its
report must hold, naming the record and field where there is one."""

import json

TOGO = {"model": "members.country", "fields": {"code": "TG", "name": "Togo", "continent": "africa"}}
PNT = {"name": "Parti Nouveau du Togo", "abbreviation": "PNT", "english_name": "", "country": ["TG"],
       "slug": "pnt-tg"}


def organization(**fields):
    return {"model": "members.organization", "fields": {**PNT, **fields}}


def period(**fields):
    return {"model": "members.membership", "fields": {
        "organization": ["pnt-tg"], "since_year": 2016, "until_year": None, "source": "", "note": "",
        **fields}}


def fixture(*records):
    return json.dumps(list(records))  # ASCII: a lone surrogate travels as \ud800


def csv_row(csv_text, old, new):
    """The registry CSV with `old` replaced by `new` in its first data row."""
    lines = csv_text.splitlines(keepends=True)
    assert old in lines[1], old
    lines[1] = lines[1].replace(old, new, 1)
    return "".join(lines)


def cases(base_json, base_csv):
    """[(defect, file name, content or None, expected text, extra environment)]."""
    since = fixture(TOGO, organization(), period(since_year=2999))
    where = "record 3 (membership), field since_year: "
    name_of_first = "Ação Popular Revolucionária (PDT)"
    deep = "[" * 3000 + "]" * 3000
    return [
        ("3", "nested-2000.json", "[" * 2000 + "]" * 2000, "record 1: The file nests lists", {}),
        ("3", "nested-field.json", f'[{{"model": "members.country", "fields": {{"name": {deep}}}}}]',
         "record 1, field name: The file nests lists", {}),
        *[("3", f"since-{word}.json", since.replace("2999", word), f"{where}“{word}” is not a number", {})
          for word in ("Infinity", "-Infinity", "NaN")],
        ("3", "since-1e999.json", since.replace("2999", "1e999"), f"{where}Enter a whole number.", {}),
        *[("3", f"created-{kind}.json", fixture(TOGO, organization(created_at=value)),
           "record 2 (organization pnt-tg), field created_at: Give the time as text", {})
          for kind, value in (("number", 12345), ("list", [2024, 1, 1]))],
        ("3", "long-cell.csv", csv_row(base_csv, name_of_first, "A" * 200_000),
         "row 2 (organization apr-pdt-br), field name: Ensure this value has at most 200", {}),
        *[("3", f"created-{kind}.json", fixture(TOGO, organization(created_at=value)),
           "record 2 (organization pnt-tg), field created_at: The time lies outside", {})
          for kind, value in (("9999", "9999-12-31T23:59:59-05:00"), ("0001", "0001-01-01T00:00:00+05:00"))],
        ("3", "surrogate-name.json", fixture(TOGO, organization(name="Parti \ud800")),
         "record 2 (organization pnt-tg), field name: Remove the broken character U+D800 at position 7", {}),
        ("3", "surrogate-source.json", fixture(TOGO, organization(), period(source="x\ud800")),
         "record 3 (membership pnt-tg 2016), field source: Remove the broken character U+D800", {}),
        ("4", "nul-source.json", fixture(TOGO, organization(), period(source="a\x00b")),
         "record 3 (membership pnt-tg 2016), field source: Null characters are not allowed.", {}),
        ("4", "nul-note.csv", csv_row(base_csv, "\r\n", "a\x00b\r\n"),
         "row 2 (membership apr-pdt-br 2023), field note: Null characters are not allowed.", {}),
        ("4", "since-2015.7.json", since.replace("2999", "2015.7"), f"{where}Enter a whole number.", {}),
        ("4", "name-of-spaces.json", fixture(TOGO, organization(name="   ")),
         "record 2 (organization pnt-tg), field name: This field cannot be blank.", {}),
        *refused_already(base_json, base_csv),
    ]


def refused_already(base_json, base_csv):
    """The kinds of bad file the import refused before (tests/test_import_export.py)."""
    togo = fixture(TOGO, organization())
    org = "record 2 (organization pnt-tg), field "
    per = "record 3 (membership pnt-tg 2016), field "
    return [
        ("", "truncated.json", base_json[:5000], "The file is not valid JSON", {}),
        ("", "empty.json", "", "The file is empty.", {}),
        ("", "object.json", '{"model": "x"}', "A fixture is a list of records", {}),
        ("", "not-a-record.json", "[1]", 'record 1: Expected {"model": ..., "fields": {...}}.', {}),
        ("", "unknown-country.json", fixture(organization(country=["XX"])),
         "record 1 (organization pnt-tg), field country: No country XX", {}),
        ("", "before-founding.json", fixture(TOGO, organization(), period(since_year=2009)),
         "record 3 (membership pnt-tg 2009), field since_year: ICOR was founded in 2010", {}),
        ("", "future.json", fixture(TOGO, organization(), period(until_year=2999)),
         f"{per}until_year: 2999 is in the future", {}),
        ("", "years-reversed.json", fixture(TOGO, organization(), period(until_year=2012)),
         f"{per}since_year, until_year: The leaving year", {}),
        ("", "empty-name.json", fixture(TOGO, organization(name="")), f"{org}name: This field cannot be blank.", {}),
        ("", "continent.json", fixture({"model": "members.country", "fields": {
            **TOGO["fields"], "continent": "atlantis"}}),
         "record 1 (country TG), field continent: Value 'atlantis' is not a valid choice.", {}),
        ("", "same-name.json", fixture(TOGO, organization(), organization(slug="pnt-2-tg")),
         "record 3 (organization pnt-2-tg), field country, name: This country already has", {}),
        ("", "twice.json", fixture(TOGO, TOGO), "record 2 (country TG), field code: The file gives this", {}),
        ("", "overlap.json", fixture(period(organization=["tikb-tr"], since_year=2012, until_year=2014)),
         "record 1 (membership tikb-tr 2012), field since_year, until_year: This period overlaps", {}),
        ("", "second-open.json", fixture(period(organization=["tikb-tr"], since_year=None)),
         "already has an open membership period", {}),
        ("", "user.json", fixture(TOGO, {"model": "auth.user", "fields": {"username": "x"}}),
         "record 2 (auth.user): The import accepts only", {}),
        ("", "cp1252.csv", base_csv.encode("cp1252", errors="replace"), "The file is not UTF-8 text", {}),
        ("", "too-large.json", togo, "the import accepts at most 100", {"REGISTRY_IMPORT_MAX_BYTES": "100"}),
        ("", "no-continent.csv", base_csv.replace("continent,", "region,", 1), "The CSV lacks the column", {}),
        ("", "bad-year.csv", csv_row(base_csv, ",2023,", ",20x3,"),
         "field since_year: “20x3” value must be an integer.", {}),
        ("", "invisible.json", fixture(TOGO, organization(abbreviation="bad\u202e")),
         f"{org}abbreviation: Remove the invisible character U+202E", {}),
        ("", "database-id.json", json.dumps([{"model": "members.country", "pk": 1, **TOGO}]),
         "record 1 (country), field pk: The record carries a database id", {}),
        ("", "unknown-field.json", fixture({"model": "members.country", "fields": {**TOGO["fields"], "x": 1}}),
         "record 1 (country TG), field x: members.country has no field x", {}),
        ("", "registry.xml", "<registry/>", "Give the file a .json (fixture) or .csv name", {}),
        ("", "missing.json", None, "The file cannot be read: No such file or directory.", {}),
    ]
