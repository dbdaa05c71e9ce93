"""Pages of a long list that cost the same on page 1 and on page 1,000, never a "page
not found" for a page number out of range, and the links of their rows."""

from django.core.paginator import Paginator

from ..models import Country
from .links import country_link, record_link


def page_number(value):
    """The page a `page` parameter asks for: a whole number from 1 on, else 1."""
    try:
        return max(int(value), 1)
    except (TypeError, ValueError):
        return 1


class IdsFirstPaginator(Paginator):
    """Finds a page's ids first, then reads the rows of those ids only.

    The ids of a page come from the list's order and filters alone, which an index
    usually covers, so skipping to page 1,000 or sorting all current members walks
    narrow index entries instead of whole rows with their country. Both steps are
    one SQL statement: `WHERE id IN (SELECT id ... ORDER BY ... LIMIT ... OFFSET ...)`.

    `object_list` is the filtered, ordered list; `rows` reads the rows a page shows
    (what it joins, in the same order) without the filters: the ids already passed
    them, and repeating them would make the database walk the filter's index instead
    of fetching the few ids by primary key. `count`, when the caller has counted the
    list already (the list's facets add it up), saves counting it again.
    """

    def __init__(self, object_list, per_page, *, rows, count=None, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows
        if count is not None:
            # Paginator.count is a cached property: a value set here stands in for it.
            self.count = count

    def nearest_page(self, number):
        """The page `number` names, or the nearest one there is: the first for anything
        that is not a whole number or is below 1, the last for a number past the end."""
        return self.page(min(page_number(number), self.num_pages))

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.rows.filter(pk__in=ids), number, self)


# The columns a row of the list shows or links with: read as plain values, a page's 100
# rows cost neither the model instances nor the columns nobody sees (search text, dates).
ROW_FIELDS = [
    "name", "english_name", "abbreviation", "slug", "member_since", "member_until",
    "country__code", "country__name", "country__continent",
]


def list_rows(rows):
    """The rows of a page (dicts of ROW_FIELDS) as the list shows them: each with `path`,
    its page's address, and its `country` (`path`, `local_name`, `continent_name`),
    worked out once per country (see links.py: a reverse() for each of a page's 100 rows
    costs more than the page's queries)."""
    countries, shown = {}, []
    for row in rows:
        code = row["country__code"]
        if code not in countries:
            country = Country(code=code, name=row["country__name"], continent=row["country__continent"])
            countries[code] = {
                "path": country_link(country),
                "local_name": country.local_name,
                "continent_name": country.continent_name,
            }
        shown.append({**row, "path": record_link("organization-detail", row["slug"]),
                      "country": countries[code]})
    return shown
