"""Validation rules shared by the models and the import service."""

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# ICOR was founded on 6 October 2010: no membership year can be earlier.
FOUNDING_YEAR = 2010

# Bidirectional formatting characters (Cf) that can disguise how a name reads.
_BIDI = set("\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u061c")


def validate_printable_name(value):
    """Refuse control characters (tabs, newlines, NUL...) and bidi overrides."""
    for position, char in enumerate(value, start=1):
        if char in _BIDI or unicodedata.category(char) == "Cc":
            raise ValidationError(
                _("Remove the invisible character %(char)s at position %(position)s: "
                  "names may not contain control or text-direction characters."),
                code="invisible_character",
                params={"char": f"U+{ord(char):04X}", "position": position},
            )


# Half of a UTF-16 pair on its own: a JSON file can write one (\ud800), but it is no
# character at all, and neither UTF-8 nor any database can store it.
_SURROGATE = re.compile("[\ud800-\udfff]")


def validate_unicode_text(value):
    """Refuse a lone surrogate, with its position, before a write fails on it."""
    found = _SURROGATE.search(value)
    if found:
        raise ValidationError(
            _("Remove the broken character %(char)s at position %(position)s: it is half of "
              "a UTF-16 pair, not a character, and cannot be stored."),
            code="surrogate",
            params={"char": f"U+{ord(found.group()):04X}", "position": found.start() + 1},
        )


def validate_not_future_year(value):
    """A membership year cannot lie in the future."""
    if value is not None and value > timezone.now().year:
        raise ValidationError(
            _("%(value)s is in the future; record a membership once it has happened."),
            code="future_year",
            params={"value": value},
        )


def validate_not_before_founding(value):
    if value is not None and value < FOUNDING_YEAR:
        raise ValidationError(
            _("ICOR was founded in %(founded)s; a membership year cannot be %(value)s."),
            code="before_founding",
            params={"founded": FOUNDING_YEAR, "value": value},
        )
