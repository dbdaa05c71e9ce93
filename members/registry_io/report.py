"""What an import found and did: the problems, and the records it creates, updates or leaves."""

from dataclasses import dataclass, field

from django.utils.functional import Promise

from ..registry import BY_LABEL, LABELS


def describe_key(label, key):
    """A record's natural key as a maintainer reads it: CM, upc-manidem-cm, upc-manidem-cm 2018."""
    if label == "members.membership":
        slug, since = key
        return f"{slug} {since if since is not None else '(joining year unknown)'}"
    return str(key[0]) if isinstance(key, tuple) else str(key)


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
        return "(empty)"
    if isinstance(value, str):
        return f"“{printable(value)}”"
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
        subject = self.where or "The file"
        if self.label:
            name = BY_LABEL[self.label].name if self.label in BY_LABEL else self.label
            subject += f" ({name} {describe_key(self.label, self.key)})" if self.key else f" ({name})"
        if self.field:
            subject += f", field {self.field}"
        return f"{subject}: {self.message}"


@dataclass
class Change:
    """An existing record the file changes, with each changed field before and after."""

    label: str
    key: tuple
    where: str
    fields: list = field(default_factory=list)  # [(field, before, after)]

    @property
    def name(self):
        return f"{BY_LABEL[self.label].name} {describe_key(self.label, self.key)}"

    @property
    def shown(self):
        """[(field, before, after)] as the report shows them."""
        return [(name, show(before), show(after)) for name, before, after in self.fields]

    def __str__(self):
        changes = "; ".join(f"{f}: {show(before)} → {show(after)}" for f, before, after in self.fields)
        return f"Update {self.name} ({self.where}): {changes}"


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
        verb = "would be" if self.dry_run else "were"
        lines = []
        for label, (created, updated, unchanged) in self.counts().items():
            # "Memberships:", not the admin page's "membership periods": scripts read these lines.
            plural = BY_LABEL[label].model._meta.verbose_name_plural
            lines.append(
                f"{plural.capitalize()}: {created} created, {updated} updated, "
                f"{unchanged} unchanged."
            )
        lines.append("Dry run: nothing was written." if self.dry_run else f"All changes {verb} saved.")
        return lines

    def problem_text(self):
        count = len(self.problems)
        head = f"{self.source or 'The file'} was not imported: {count} problem{'s' if count != 1 else ''}."
        return "\n".join([head, *(f"  - {problem}" for problem in self.problems),
                          "Nothing was written."])
