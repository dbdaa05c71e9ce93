"""The editors' admin: organizations with their membership periods, countries, periods.

Django's autodiscovery imports this package; importing the modules below registers
their ModelAdmins on the registry's site (`site.py`). Every record has its edit
history, from which an earlier version can be restored.
"""

from . import country, membership, organization  # noqa: F401
