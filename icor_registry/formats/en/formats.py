"""How English pages write dates: the public pages' "28 November 2026" (their
templates write it so: `date:"j F Y"`), in the admin too. Django's own English formats
fill in the rest."""

DATE_FORMAT = "j F Y"
# "28 November 2026, 14:05 UTC", as the public list of changes writes a moment.
DATETIME_FORMAT = "j F Y, H:i T"
