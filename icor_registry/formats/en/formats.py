"""How English pages write dates: the public pages' "28 November 2026" (their
templates ask for each language's `DATE_FORMAT`), in the admin too. Django's own English
formats fill in the rest; the other languages keep Django's formats for them
("28. November 2026" in German)."""

DATE_FORMAT = "j F Y"
# "28 November 2026, 14:05 UTC", as the public list of changes writes a moment.
DATETIME_FORMAT = "j F Y, H:i T"
