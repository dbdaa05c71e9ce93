"""Check every record of an import against the models' rules and the stored registry.

The stored rows are read in one query per model, and nothing more: a query per record
would cost more than the import itself. Each rule is checked in memory, with the
message an editor gets from the model:

- a record on its own: its fields' rules, those of the admin's form fields and the
  model's (`clean.clean_fields`), and the one check constraint over two fields, a
  membership's years in order;
- uniqueness over the rows the import would leave (stored rows, overridden by the
  file's, plus its new ones): a country's code and name, an organization's slug and
  its name within its country;
- an organization's periods taken together, by `periods.period_problems`.

The database still enforces its constraints when the rows are written. Every problem
is collected; none stops the check.
"""

from collections import namedtuple
from functools import partial

from django.utils.translation import gettext

from ..models import Country, Organization
from ..periods import YEARS_IN_ORDER, period_problems, years_in_order
from ..registry import BY_LABEL, LABELS
from .clean import clean_fields, clean_timestamp
from .parse import TIMESTAMPS
from .report import Change, ImportReport, Problem
from .stored import file_fields, natural_key, reference, stored_rows

MEMBERSHIP = "members.membership"


def constraint_message(model, name):
    """The violation message of the model's constraint `name`: one text for both checks."""
    return next(c for c in model._meta.constraints if c.name == name).get_violation_error_message()


def unique_message(model, name):
    """Django's message for a taken value of the unique field `name`."""
    field = model._meta.get_field(name)
    return field.error_messages["unique"] % {
        "model_name": model._meta.verbose_name.capitalize(), "field_label": field.verbose_name,
    }


# (fields, message) of each uniqueness rule of a country or an organization; the message
# is written when a problem is found, in the language of the moment.
UNIQUE = {
    "members.country": [(("code",), partial(unique_message, Country, "code")),
                        (("name",), partial(unique_message, Country, "name"))],
    "members.organization": [
        (("slug",), partial(unique_message, Organization, "slug")),
        (("country", "name"),
         partial(constraint_message, Organization, "organization_unique_name_per_country")),
    ],
}
# The fields each rule across periods names. Problems are reported in this order (the
# model's constraints first, then overlaps), so a maintainer reads the cause first.
PERIOD_FIELDS = {"two_open": "organization, until_year", "repeated_start": "organization, since_year",
                 "two_unknown": "organization, since_year", "overlap": "since_year, until_year"}
# A period as `period_problems` reads it; `stored` when the file does not give it.
Period = namedtuple("Period", "key since_year until_year stored")


class Plan:
    """What an import would do, record by record, and every problem in the way."""

    def __init__(self):
        self.stored = {label: stored_rows(label) for label in LABELS}
        self.rows = {label: {} for label in LABELS}  # key -> row the import leaves
        self.objects = {label: {} for label in LABELS}  # key -> cleaned instance
        self.origin = {label: {} for label in LABELS}  # key -> record
        self.mentioned = {label: set() for label in LABELS}  # keys the file names
        self.problems = []

    def check(self, records):
        for label in LABELS:
            batch = [record for record in records if record.label == label]
            keys = [natural_key(record.label, record.values) for record in batch]
            self.mentioned[label] = {key for key in keys if key}
            for record, key in zip(batch, keys):
                self.take(record, key)
            self.check_unique(label)
        self.check_periods()
        return self

    def problem(self, record, key, field, message):
        self.problems.append(Problem(message, record.where, record.label, key, record.column(field)))

    def take(self, record, key):
        """Check one record on its own; keep the row it leaves if it passes."""
        label, entry = record.label, BY_LABEL[record.label]
        model, references, fields = entry.model, entry.references, file_fields(entry.model)
        extra = TIMESTAMPS if label == "members.organization" else ()
        errors = {}
        for name in record.values:
            if name not in fields and name not in extra:
                # Translators: %(model)s is a model's label (members.organization).
                errors[name] = [gettext("%(model)s has no field %(field)s; its fields are %(fields)s.")
                                % {"model": label, "field": name, "fields": ", ".join(fields)}]
        if key in self.origin[label]:
            errors[entry.natural_key[-1]] = [
                # Translators: %(name)s is a record type ("organization"), %(where)s "record 4"
                # or "row 7".
                gettext("The file gives this %(name)s twice: already in %(where)s.")
                % {"name": entry.name, "where": self.origin[label][key].where}]
        stored = self.stored[label].get(key)
        row = dict(stored) if stored else {name: model._meta.get_field(name).get_default()
                                           for name in fields}
        row.update({name: value for name, value in record.values.items() if name in fields})
        for name, target in references.items():
            value = reference(row[name])
            row[name] = value
            if value in (None, ""):
                errors[name] = [model._meta.get_field(name).error_messages["blank"]]
            elif not isinstance(value, str):
                # Translators: %(name)s is a record type ("country").
                errors[name] = [gettext("Give the %(name)s's natural key, e.g. [\"CM\"].")
                                % {"name": BY_LABEL[target].name}]
            elif (value,) not in self.mentioned[target] and (value,) not in self.stored[target]:
                # Translators: %(name)s is a record type ("country"), %(key)s its natural key (CM).
                errors[name] = [gettext("No %(name)s %(key)s in the file or the registry.")
                                % {"name": BY_LABEL[target].name, "key": value}]
        plain = [n for n in row if n not in references and n not in errors and n != "id"]
        instance, refused = clean_fields(model, row, plain)
        errors.update(refused)
        for name in extra:
            if name in record.values:
                row[name], messages = clean_timestamp(model._meta.get_field(name), record.values[name])
                if messages:
                    errors[name] = messages
        if label == MEMBERSHIP and not errors.keys() & {"since_year", "until_year"}:
            if not years_in_order(row["since_year"], row["until_year"]):
                errors["since_year, until_year"] = [YEARS_IN_ORDER]
        for name, messages in errors.items():
            for message in messages:
                self.problem(record, key, name, message)
        if not errors and key:
            self.rows[label][key], self.objects[label][key] = row, instance
        if key:
            self.origin[label].setdefault(key, record)

    def owner(self, label, key):
        """Who already holds a value: "the stored country TG" or "record 4"."""
        if key in self.rows[label]:
            return self.origin[label][key].where
        # Translators: completes "(as …)" after a problem: %(name)s is a record type
        # ("country"), %(key)s its natural key (TG).
        return gettext("the stored %(name)s %(key)s") % {
            "name": BY_LABEL[label].model._meta.verbose_name, "key": ", ".join(map(str, key))}

    def check_unique(self, label):
        """Each uniqueness rule of the model over the rows the import leaves; a file's
        record is refused, never a stored row."""
        rows = self.rows[label]
        for fields, message in UNIQUE.get(label, ()):
            owners = {}
            stored = ((key, row) for key, row in self.stored[label].items() if key not in rows)
            for key, row in [*stored, *rows.items()]:
                value = tuple(row[name] for name in fields)
                if None in value:
                    continue
                if value not in owners:
                    owners[value] = key
                elif key in rows:
                    self.problem(self.origin[label][key], key, ", ".join(fields),
                                 held_by(message(), self.owner(label, owners[value])))

    def check_periods(self):
        """The rules across an organization's periods, over the periods the import leaves
        it: the stored ones the file does not give, then the file's, in file order."""
        rows, groups = self.rows[MEMBERSHIP], {}
        touched = {key[0] for key in rows}
        kept = [(key, row) for key, row in self.stored[MEMBERSHIP].items()
                if key[0] in touched and key not in rows]
        for key, row in [*kept, *rows.items()]:
            period = Period(key, row["since_year"], row["until_year"], stored=key not in rows)
            groups.setdefault(key[0], []).append(period)
        found = [p for group in groups.values() for p in period_problems(group) if not p.period.stored]
        order = {key: number for number, key in enumerate(rows)}
        found.sort(key=lambda p: (list(PERIOD_FIELDS).index(p.code), order[p.period.key]))
        for problem in found:
            message = problem.message % problem.params
            if problem.code != "overlap":
                message = held_by(message, self.owner(MEMBERSHIP, problem.other.key))
            key = problem.period.key
            self.problem(self.origin[MEMBERSHIP][key], key, PERIOD_FIELDS[problem.code], message)

    def fill(self, report):
        """Put what the import would create, update and leave into `report`."""
        report.problems.extend(self.problems)
        for label in LABELS:
            entry = BY_LABEL[label]
            compared = [n for n in file_fields(entry.model) if n not in entry.natural_key]
            for key, row in self.rows[label].items():
                stored = self.stored[label].get(key)
                if stored is None:
                    report.created[label].append(key)
                    continue
                changed = [(n, stored[n], row[n]) for n in compared if stored[n] != row[n]]
                if changed:
                    report.updated.append(Change(label, key, self.origin[label][key].where, changed))
                else:
                    report.unchanged[label] += 1
        return report


def held_by(message, owner):
    """`message` naming the record that already holds the value: "… (as record 4)"."""
    # Translators: %(problem)s is a rule the record breaks, %(owner)s the record that
    # already holds the value: "record 4" or "the stored country TG".
    return gettext("%(problem)s (as %(owner)s)") % {"problem": message, "owner": owner}


def plan_import(records, report=None):
    """The plan for `records` (from `parse.read_records`), with every problem found."""
    plan = Plan().check(records)
    plan.fill(report or ImportReport())
    return plan
