"""The registry's records: countries, organizations and their membership periods.

Values derived from other rows are written by `derived.py`, called by name from the
models' `save()` and from the receivers beside each model, for the writes that bypass
`save()`: fixture loads (`loaddata` saves with raw=True) and deletes (queryset deletes
and cascades). Django offers no other hook for those.
"""

from .country import Continent, Country
from .membership import Membership
from .organization import Organization

__all__ = ["Continent", "Country", "Membership", "Organization"]
