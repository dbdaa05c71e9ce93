"""Record keys as they arrive from a URL or a posted form, checked before any query.

A key that is not a number (`abc`, `1.5`, `1 OR 1=1`) or does not fit the column
(`99999999999999999999`) makes the ORM raise ValueError or OverflowError inside the
query, which a view would answer with a 500. These views check the key first: a URL
then answers 404, and a form shows Django's "Select a valid choice".
"""

from django.contrib.admin.widgets import AutocompleteSelect
from django.core.exceptions import ValidationError


def parse_key(field, value):
    """`value` as a value of the model field `field`, or None if it cannot be one."""
    try:
        value = field.to_python(value)
        field.run_validators(value)  # for integers, the range the database can store
    except (ValidationError, TypeError, ValueError):
        return None
    return value


class CheckedAutocompleteSelect(AutocompleteSelect):
    """Django's autocomplete widget, re-rendering only posted values that can name a
    record: it looks the chosen record up to show its name, and a value the column
    cannot hold would fail that query instead of leaving the form's own message."""

    def optgroups(self, name, value, attr=None):
        target = self.field.target_field
        value = [choice for choice in value if parse_key(target, choice) is not None]
        return super().optgroups(name, value, attr)
