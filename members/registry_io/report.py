"""What an import found and did: the problems, and the records it creates, updates or leaves."""

from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext

from ..registry import BY_LABEL, LABELS


def describe_key(label, key):
    """A record's natural key as a maintainer reads it: CM, upc-manidem-cm, upc-manidem-cm 2018."""
    if label == "members.membership":
        slug, since = key
        if since is None:
            # Translators: %(organization)s is an organization's slug, e.g. upc-manidem-cm.
            return gettext("%(organization)s (joining year unknown)") % {"organization": slug}
        return f"{slug} {since}"
    return str(key[0]) if isinstance(key, tuple) else str(key)


def describe_record(label, key):
    """A record as a maintainer reads it: organization upc-manidem-cm, country CM."""
    # Translators: %(name)s is a record type ("country", "organization" or "membership"),
    # %(key)s the record's natural key, e.g. "organization upc-manidem-cm".
    return gettext("%(name)s %(key)s") % {"name": BY_LABEL[label].name, "key": describe_key(label, key)}


def record_at(number):
    """Where a record of a JSON file is: "record 4"."""
    # Translators: the place of a record in a JSON file: its number in the file's list.
    return gettext("record %(number)s") % {"number": number}


def row_at(number):
    """Where a record of a CSV file is: "row 7" (the header is row 1)."""
    # Translators: the place of a record in a CSV file: its line, the header being row 1.
    return gettext("row %(number)s") % {"number": number}


def printable(value):
    """`value` with a lone surrogate or a NUL written as an escape (\\ud800, \\x00): a
    report quotes what a file holds, and must still print, render and encode as UTF-8
    when that is half of a UTF-16 pair, or a character no page should carry. A message
    marked for translation is written in the language of the moment."""
    if isinstance(value, Promise):
        value = str(value)
    if not isinstance(value, str):
        return value
    return value.encode("utf-8", "backslashreplace").decode("utf-8").replace("\x00", "\\x00")


def show(value):
    """A value in a report line: text in quotes, nothing as 'empty'."""
    if value is None or value == "":
        return gettext("(empty)")
    if isinstance(value, str):
        # Translators: a quoted text of a file, as a report shows it.
        return gettext("“%(text)s”") % {"text": printable(value)}
    return str(value)


@dataclass
class Problem:
    """One reason the file cannot be imported, tied to a record and a field where it can be."""

    message: str
    where: str = ""  # "record 4" (JSON) or "row 7" (CSV); empty for the file as a whole
    label: str = ""  # members.organization
    key: tuple | None = None
    field: str = ""

    def __post_init__(self):
        self.message, self.where, self.label, self.field = map(
            printable, (self.message, self.where, self.label, self.field))
        if isinstance(self.key, tuple):
            self.key = tuple(map(printable, self.key))

    def __str__(self):
        subject = self.where or gettext("The file")
        if self.label:
            name = BY_LABEL[self.label].name if self.label in BY_LABEL else self.label
            if self.key:
                # Translators: where a problem is: %(where)s is "record 4" (JSON) or "row 7"
                # (CSV), %(name)s a record type ("organization"), %(key)s its natural key.
                subject = gettext("%(where)s (%(name)s %(key)s)") % {
                    "where": subject, "name": name, "key": describe_key(self.label, self.key)}
            else:
                # Translators: %(where)s is "record 4" or "row 7", %(name)s a record type.
                subject = gettext("%(where)s (%(name)s)") % {"where": subject, "name": name}
        if self.field:
            # Translators: %(where)s names a record ("row 7 (organization upc-manidem-cm)"),
            # %(field)s one of its fields, as the file names it (since_year).
            subject = gettext("%(where)s, field %(field)s") % {"where": subject, "field": self.field}
        # Translators: %(where)s says where the problem is ("row 7, field since_year"),
        # %(problem)s what it is.
        return gettext("%(where)s: %(problem)s") % {"where": subject, "problem": self.message}


@dataclass
class Change:
    """An existing record the file changes, with each changed field before and after."""

    label: str
    key: tuple
    where: str
    fields: list = field(default_factory=list)  # [(field, before, after)]

    @property
    def name(self):
        return describe_record(self.label, self.key)

    @property
    def shown(self):
        """[(field, before, after)] as the report shows them."""
        return [(name, show(before), show(after)) for name, before, after in self.fields]

    def __str__(self):
        changes = "; ".join(f"{f}: {show(before)} → {show(after)}" for f, before, after in self.fields)
        # Translators: %(record)s is "organization upc-manidem-cm", %(where)s "record 4" or
        # "row 7", %(changes)s the changed fields ("name: “Old” → “New”").
        return gettext("Update %(record)s (%(where)s): %(changes)s") % {
            "record": self.name, "where": self.where, "changes": changes}


@dataclass
class ImportReport:
    """The outcome of an import (or of a dry run): problems, or what is written."""

    source: str = ""
    dry_run: bool = False
    problems: list = field(default_factory=list)
    created: dict = field(default_factory=lambda: {label: [] for label in LABELS})
    updated: list = field(default_factory=list)
    unchanged: dict = field(default_factory=lambda: {label: 0 for label in LABELS})

    @property
    def ok(self):
        return not self.problems

    def counts(self):
        """{label: (created, updated, unchanged)} for each registry model."""
        return {
            label: (
                len(self.created[label]),
                sum(1 for change in self.updated if change.label == label),
                self.unchanged[label],
            )
            for label in LABELS
        }

    def summary_lines(self):
        lines = []
        for label, (created, updated, unchanged) in self.counts().items():
            # "Memberships:", not the admin page's "membership periods": scripts read these lines.
            plural = BY_LABEL[label].model._meta.verbose_name_plural
            lines.append(gettext(
                # Translators: %(records)s is a record type in the plural ("Organizations");
                # the three counts can be any number, so word them to suit each ("created: 3").
                "%(records)s: %(created)s created, %(updated)s updated, %(unchanged)s unchanged."
            ) % {"records": plural.capitalize(), "created": created, "updated": updated,
                 "unchanged": unchanged})
        lines.append(gettext("Dry run: nothing was written.") if self.dry_run
                     else gettext("All changes were saved."))
        return lines

    def problem_text(self):
        count = len(self.problems)
        if self.source:
            # Translators: %(source)s is the name of the imported file.
            head = ngettext("%(source)s was not imported: %(count)s problem.",
                            "%(source)s was not imported: %(count)s problems.", count)
        else:
            head = ngettext("The file was not imported: %(count)s problem.",
                            "The file was not imported: %(count)s problems.", count)
        head %= {"source": self.source, "count": count}
        return "\n".join([head, *(f"  - {problem}" for problem in self.problems),
                          gettext("Nothing was written.")])
