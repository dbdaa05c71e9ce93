"""A record's own fields, cleaned as the admin cleans them, then by the model.

The admin turns what an editor typed into values with the form fields Django builds
from each model field (`formfield()`): they refuse a NUL character, a year that is not
a whole number, a text left empty once its surrounding spaces are stripped. The model
then runs its validators on the cleaned values. The import does both, field by field,
so it refuses exactly what the admin refuses. Where the model refuses a text too, the
model's message is given: it says the rule in the words import reports have always
used ("“20x3” value must be an integer.", "Value 'atlantis' is not a valid choice.").
One difference, on purpose: the admin strips the spaces an editor typed around a text;
an import keeps a file's text exactly, so that a backup restores as it was made.

A file can also hold what no form can post: a list or an object where text belongs,
NaN or Infinity, half of a UTF-16 pair (which no database stores), a time that is not
text or that leaves the years 1 to 9999 once put in UTC. Each is refused here, with its
field, before a conversion or a write could fail on it.
"""

import datetime
from decimal import Decimal
from functools import cache

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy as _

from ..validators import validate_unicode_text

NOT_A_TIME = _("Give the time as text, e.g. 2024-05-01T12:00:00+00:00.")
OUT_OF_RANGE = _("The time lies outside the years 1 to 9999 once put in UTC, as the "
                 "registry stores it.")


@cache
def form_fields(model):
    """{name: form field} for the model's plain editable fields, as the admin builds them.

    Not required: a blank value is left to the model, whose message the import gives.
    Not stripping: a file's text is kept exactly. Built once per model; cleaning a value
    leaves a form field as it was.
    """
    fields = {}
    for field in model._meta.concrete_fields:
        if field.editable and not field.primary_key and not field.is_relation:
            fields[field.name] = field.formfield(required=False)
            if hasattr(fields[field.name], "strip"):
                fields[field.name].strip = False
    return fields


def shape_problem(value):
    """Why a file's value can be no field's value at all, or None."""
    if isinstance(value, (list, dict)):
        return gettext("Expected text or a number, not a list or an object.")
    if isinstance(value, Decimal) and not value.is_finite():
        # Translators: %(value)s is NaN, Infinity or -Infinity.
        return gettext("“%(value)s” is not a number JSON allows.") % {"value": value}
    if isinstance(value, str):
        try:
            validate_unicode_text(value)
        except ValidationError as error:
            return error.messages[0]
    return None


def clean_fields(model, row, names):
    """Clean `row[name]` for each of `names`, plain fields of `model`, as the admin would.

    Returns (instance, {name: [messages]}); `row` is given the cleaned values.
    """
    forms, values, refused, errors = form_fields(model), {}, {}, {}
    for name in names:
        value = row[name]
        problem = shape_problem(value)
        if problem:
            errors[name] = [problem]
        elif value is None:
            values[name] = None  # no form posts a null: the model says if the field takes one
        else:
            try:
                values[name] = forms[name].clean(value)
            except ValidationError as error:
                refused[name] = error.messages
                if isinstance(value, str):
                    values[name] = value  # for the model to refuse it in its own words
    instance = model(**values)
    try:
        instance.clean_fields(exclude={name for name in row if name not in values})
    except ValidationError as error:
        errors.update({n: [m for e in es for m in e.messages] for n, es in error.error_dict.items()})
    for name, messages in refused.items():
        errors.setdefault(name, messages)
    for name in values:
        value = getattr(instance, name)
        row[name] = value
        field = model._meta.get_field(name)
        if name in errors:
            continue
        if value is None and not field.null:
            errors[name] = [field.error_messages["null"]]
        elif isinstance(value, str) and value and not value.strip() and not field.blank:
            errors[name] = [field.error_messages["blank"]]  # the admin strips it to nothing
    return instance, errors


def clean_timestamp(field, value):
    """(aware datetime or None, [messages]) for a created_at or updated_at of a file."""
    if value is None:
        return None, []
    if not isinstance(value, str):
        return None, [NOT_A_TIME]
    problem = shape_problem(value)
    if problem:
        return None, [problem]
    try:
        value = field.to_python(value)
    except ValidationError as error:
        return None, error.messages
    if value is None:
        return None, []
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    try:
        value.astimezone(datetime.timezone.utc)  # what the database is given
    except OverflowError:
        return None, [OUT_OF_RANGE]
    return value, []
