"""The models' own constraints, evaluated in memory over the rows an import would leave.

An import checks thousands of records; asking the database once per record and
constraint would cost more than the import itself. So the conditions written in each
model's `Meta.constraints` are evaluated here, in Python, with SQL's rules for NULL
(a comparison with NULL is unknown; a check passes unless it is false; a unique
constraint ignores rows with a NULL in its fields). The database still enforces every
constraint when the rows are written: this is the friendly first check, not the only one.

A row is a dict of field name -> value, with a foreign key given as the natural key of
the row it points to (rows that are not in the database yet have no id).
"""

import operator

from django.db.models import F, Q, UniqueConstraint, Value
from django.db.models.constraints import CheckConstraint
from django.db.models.functions import Length, Lower, Upper
from django.db.models.lookups import Lookup


class Unsupported(Exception):
    """A condition this evaluator cannot read; the database must judge it."""


_COMPARE = {
    "exact": operator.eq, "gt": operator.gt, "gte": operator.ge, "lt": operator.lt,
    "lte": operator.le, "in": lambda a, b: a in b,
}
_FUNCTIONS = {Length: len, Upper: str.upper, Lower: str.lower}


def _value(expression, row):
    if isinstance(expression, F):
        if "__" in expression.name:
            raise Unsupported(expression)
        return row[expression.name]
    if isinstance(expression, Value):
        return expression.value
    for function, python in _FUNCTIONS.items():
        if type(expression) is function:
            (source,) = expression.get_source_expressions()
            value = _value(source, row)
            return None if value is None else python(value)
    if hasattr(expression, "resolve_expression"):
        raise Unsupported(expression)
    if isinstance(expression, (list, tuple, set, frozenset)):
        return [_value(item, row) for item in expression]
    return expression


def _compare(lookup, left, right):
    if lookup == "isnull":
        return (left is None) == bool(right)
    if lookup not in _COMPARE:
        raise Unsupported(lookup)
    if left is None or right is None:
        return None
    try:
        return _COMPARE[lookup](left, right)
    except TypeError:
        return None  # values of the wrong type: their field's own rules report them


def evaluate(condition, row):
    """True, False or None (unknown) for a Q condition over `row`, as SQL would say."""
    if isinstance(condition, Q):
        results = [evaluate(child, row) for child in condition.children]
        if condition.connector == Q.AND:
            result = False if False in results else (None if None in results else True)
        elif condition.connector == Q.OR:
            result = True if True in results else (None if None in results else False)
        else:
            raise Unsupported(condition.connector)
        return result if result is None or not condition.negated else not result
    if isinstance(condition, Lookup):
        return _compare(condition.lookup_name, _value(condition.lhs, row), _value(condition.rhs, row))
    if isinstance(condition, tuple):
        path, right = condition
        name, _, lookup = path.partition("__")
        if "__" in lookup:
            raise Unsupported(path)
        return _compare(lookup or "exact", row[name], _value(right, row))
    raise Unsupported(condition)


def condition_fields(condition):
    """The field names a Q condition mentions."""
    names = []
    if isinstance(condition, Q):
        for child in condition.children:
            names += condition_fields(child)
    elif isinstance(condition, tuple):
        names.append(condition[0].split("__")[0])
        names += condition_fields(condition[1])
    elif isinstance(condition, F):
        names.append(condition.name)
    elif hasattr(condition, "get_source_expressions"):
        for source in condition.get_source_expressions():
            names += condition_fields(source)
    return list(dict.fromkeys(names))


def check_constraints(model):
    return [c for c in model._meta.constraints if isinstance(c, CheckConstraint)]


def unique_rules(model):
    """(fields, condition or None, message) for each uniqueness rule of `model`:
    its unique=True fields and its UniqueConstraints over plain fields."""
    rules = []
    for f in model._meta.concrete_fields:
        if f.unique and not f.primary_key:
            rules.append(((f.name,), None, f.error_messages["unique"] % {
                "model_name": model._meta.verbose_name.capitalize(),
                "field_label": f.verbose_name,
            }))
    for constraint in model._meta.constraints:
        if isinstance(constraint, UniqueConstraint) and constraint.fields and not constraint.expressions:
            rules.append((tuple(constraint.fields), constraint.condition,
                          constraint.get_violation_error_message()))
    return rules


def failed_checks(model, row, skip=()):
    """[(fields, message)] for each check constraint `row` breaks (unknown counts as passing).

    Constraints over a field in `skip` (one that already failed its own rules) are not judged.
    """
    failed = []
    for constraint in check_constraints(model):
        fields = condition_fields(constraint.condition)
        if not set(fields) & set(skip) and evaluate(constraint.condition, row) is False:
            failed.append((fields, constraint.get_violation_error_message()))
    return failed


def unique_key(fields, condition, row):
    """The row's value for one uniqueness rule, or None if the rule does not cover the row."""
    if condition is not None and evaluate(condition, row) is not True:
        return None
    key = tuple(row[name] for name in fields)
    return None if None in key else key
