"""Check every record of an import against the models' rules and the stored registry.

The stored rows are read in one query per model; each record is cleaned with its
model's own field rules (`clean_fields`, which runs the validators), and the
constraints and the overlap rule are checked in memory over the rows the import
would leave behind: stored rows, overridden by the file's records, plus its new ones.
Every problem is collected; none stops the check.
"""

from django.core.exceptions import ValidationError
from django.utils import timezone

from ..models import Membership, Organization
from .constraints import Unsupported, condition_fields, failed_checks, unique_key, unique_rules
from .parse import TIMESTAMPS
from .report import MODEL_LABELS, Change, ImportReport, Problem
from .stored import KEYS, MODELS, REFERENCES, file_fields, stored_rows

class Plan:
    """What an import would do, record by record, and every problem in the way."""

    def __init__(self):
        self.stored = {label: stored_rows(label) for label in MODEL_LABELS}
        self.rows = {label: {} for label in MODEL_LABELS}  # key -> row the import leaves
        self.objects = {label: {} for label in MODEL_LABELS}  # key -> cleaned instance
        self.origin = {label: {} for label in MODEL_LABELS}  # key -> record
        self.mentioned = {label: set() for label in MODEL_LABELS}  # keys the file names
        self.problems = []

    def check(self, records):
        for label in MODEL_LABELS:
            batch = [record for record in records if record.label == label]
            keys = [self.key_of(record) for record in batch]
            self.mentioned[label] = {key for key in keys if key}
            for record, key in zip(batch, keys):
                self.take(record, key)
            self.check_unique(label)
        self.check_overlaps()
        return self

    def problem(self, record, key, field, message):
        self.problems.append(Problem(message, record.where, record.label, key, record.column(field)))

    def key_of(self, record):
        """The record's natural key, parsed as the model will store it (None if unreadable)."""
        model, key = MODELS[record.label], []
        for name in KEYS[record.label]:
            value = record.values.get(name)
            if name in REFERENCES.get(record.label, {}):
                value = reference(value)
                if not isinstance(value, str) or not value:
                    return None
                key.append(value)
                continue
            try:
                value = model._meta.get_field(name).to_python(value)
            except ValidationError:
                return None
            if value in ("", None) and name != "since_year":
                return None
            key.append(value)
        return tuple(key)

    def take(self, record, key):
        label, model = record.label, MODELS[record.label]
        fields, references = file_fields(model), REFERENCES.get(label, {})
        extra = TIMESTAMPS if label == "members.organization" else ()
        errors = {}
        for name in record.values:
            if name not in fields and name not in extra:
                errors[name] = [f"{model._meta.label_lower} has no field {name}; "
                                f"its fields are {', '.join(fields)}."]
        if key in self.origin[label]:
            errors[KEYS[label][-1]] = [f"The file gives this {model._meta.verbose_name} "
                                       f"twice: already in {self.origin[label][key].where}."]
        stored = self.stored[label].get(key)
        row = dict(stored) if stored else {name: model._meta.get_field(name).get_default()
                                           for name in fields}
        row.update({name: value for name, value in record.values.items() if name in fields})
        for name, value in row.items():
            if isinstance(value, (list, dict)) and name not in references:
                errors[name] = ["Expected text or a number, not a list or an object."]
        for name, target in references.items():
            value = reference(row[name])
            row[name] = value
            if value in (None, ""):
                errors[name] = ["This field cannot be blank."]
            elif not isinstance(value, str):
                errors[name] = [f"Give the {target.split('.')[1]}'s natural key, e.g. [\"CM\"]."]
            elif (value,) not in self.mentioned[target] and (value,) not in self.stored[target]:
                errors[name] = [f"No {target.split('.')[1]} {value} in the file or the registry."]
        plain = {n: v for n, v in row.items() if n not in references and n not in errors and n != "id"}
        instance = model(**plain)
        try:
            instance.clean_fields(exclude={*references, *errors})
        except ValidationError as error:
            errors.update({n: [m for e in es for m in e.messages] for n, es in error.error_dict.items()})
        for name in plain:
            value = getattr(instance, name)
            row[name] = value
            if value is None and not model._meta.get_field(name).null and name not in errors:
                errors[name] = [model._meta.get_field(name).error_messages["null"]]
        for name in extra:
            if name in record.values:
                row[name] = timestamp(record.values[name], errors, name)
        try:
            for names, message in failed_checks(model, row, skip=errors.keys()):
                errors[", ".join(names)] = [message]
        except Unsupported:
            pass  # the database judges that constraint when the rows are written
        for name, messages in errors.items():
            for message in messages:
                self.problem(record, key, name, message)
        if not errors and key:
            self.rows[label][key], self.objects[label][key] = row, instance
        if key:
            self.origin[label].setdefault(key, record)

    def check_unique(self, label):
        model, rows, stored = MODELS[label], self.rows[label], self.stored[label]
        for names, condition, message in unique_rules(model):
            fields = sorted(set(names) | set(condition_fields(condition) if condition else ()))
            owner = {}
            try:
                for key, row in stored.items():
                    value = None if key in rows else unique_key(names, condition, row)
                    if value is not None:
                        owner[value] = f"the stored {model._meta.verbose_name} {', '.join(map(str, key))}"
                for key, row in rows.items():
                    value = unique_key(names, condition, row)
                    if value is None:
                        continue
                    if value in owner:
                        self.problem(self.origin[label][key], key, ", ".join(fields),
                                     f"{message} (as {owner[value]})")
                    else:
                        owner[value] = self.origin[label][key].where
            except Unsupported:
                continue  # the database judges that constraint when the rows are written

    def check_overlaps(self):
        """Membership.clean's rule (periods of one organization do not overlap), in memory."""
        label = "members.membership"
        touched = {key[0] for key in self.rows[label]}
        periods = {}
        for key, row in self.stored[label].items():
            if key[0] in touched and key not in self.rows[label]:
                periods.setdefault(key[0], []).append((None, row))
        for key, row in self.rows[label].items():
            periods.setdefault(key[0], []).append((key, row))
        for slug, group in periods.items():
            for i, (key, row) in enumerate(group):
                for other_key, other in group[:i] + group[i + 1:]:
                    if key is not None and Membership.overlaps(Period(row), Period(other)):
                        since, until = other["since_year"], other["until_year"] or "today"
                        self.problem(self.origin[label][key], key, "since_year, until_year",
                                     f"This period overlaps the period {since}–{until} of the "
                                     "same organization.")
                        break

    def fill(self, report):
        """Put what the import would create, update and leave into `report`."""
        report.problems.extend(self.problems)
        for label in MODEL_LABELS:
            compared = [n for n in file_fields(MODELS[label]) if n not in KEYS[label]]
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


class Period:
    """The two years of a row, as `Membership.overlaps` reads them."""

    def __init__(self, row):
        self.since_year, self.until_year = row["since_year"], row["until_year"]


def reference(value):
    """The natural key a fixture gives for a foreign key: ["CM"] or "CM" -> "CM"."""
    if isinstance(value, list) and len(value) == 1:
        return value[0]
    return value


def timestamp(value, errors, name):
    """A created_at/updated_at from the file, as an aware datetime (None if absent)."""
    try:
        value = Organization._meta.get_field(name).to_python(value)
    except ValidationError as error:
        errors[name] = error.messages
        return None
    if value is not None and timezone.is_naive(value):
        value = timezone.make_aware(value)
    return value


def plan_import(records, report=None):
    """The plan for `records` (from `parse.read_records`), with every problem found."""
    plan = Plan().check(records)
    plan.fill(report or ImportReport())
    return plan
