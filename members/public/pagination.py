"""Pages of a long list that cost the same on page 1 and on page 1,000."""

from django.core.paginator import Paginator


class IdsFirstPaginator(Paginator):
    """Finds a page's ids first, then reads the rows of those ids only.

    The ids of a page come from the list's order and filters alone, which an index
    usually covers, so skipping to page 1,000 or sorting all current members walks
    narrow index entries instead of whole rows with their country. Both steps are
    one SQL statement: `WHERE id IN (SELECT id ... ORDER BY ... LIMIT ... OFFSET ...)`.

    `object_list` is the filtered, ordered list; `rows` reads the rows a page shows
    (what it joins, in the same order) without the filters: the ids already passed
    them, and repeating them would make the database walk the filter's index instead
    of fetching the few ids by primary key.
    """

    def __init__(self, object_list, per_page, *, rows, **kwargs):
        super().__init__(object_list, per_page, **kwargs)
        self.rows = rows

    def page(self, number):
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        ids = self.object_list.values("pk")[bottom:top]
        return self._get_page(self.rows.filter(pk__in=ids), number, self)
