"""Every change to the public data, newest first: a page at a time (/changes/) and as
an Atom feed of the first page (/changes.atom)."""

from dataclasses import dataclass

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import render
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext_lazy as _

from .links import page_link
from .pagination import page_number
from .recent import count_changes, read_changes


@dataclass
class ChangePage:
    """One page of the changes. Whether an older page follows is known from reading one
    change more than the page shows: the changes are never counted for it."""

    number: int
    object_list: list
    has_next: bool
    size: int

    @property
    def has_previous(self):
        return self.number > 1

    @property
    def has_other_pages(self):
        return self.has_previous or self.has_next

    @property
    def previous_page_number(self):
        return self.number - 1

    @property
    def next_page_number(self):
        return self.number + 1

    @property
    def start_index(self):
        return (self.number - 1) * self.size + 1

    @property
    def end_index(self):
        return self.start_index + len(self.object_list) - 1


def change_page(number, size):
    """Page `number` of the changes, `size` a page; for anything not a whole number
    from 1 on, the first page, and for a page past the end, the last one (only then
    are the changes counted)."""
    number = page_number(number)
    found = read_changes((number - 1) * size, size + 1)
    if not found and number > 1:
        number = max(1, -(-count_changes() // size))
        found = read_changes((number - 1) * size, size + 1)
    return ChangePage(number, found[:size], len(found) > size, size)


def change_list(request):
    """The changes, newest first, `REGISTRY_PAGE_SIZE` a page: what and when, never who."""
    page_obj = change_page(request.GET.get("page"), settings.REGISTRY_PAGE_SIZE)
    return render(request, "members/changes.html", {"page_obj": page_obj})


class ChangeFeed(Feed):
    """The first page of /changes/ as Atom 1.0: one entry per change, linking to the
    record's page while it exists. The registry is the author, never an editor."""

    feed_type = Atom1Feed
    # In the language of the feed's address (/de/changes.atom), which Feed names itself.
    title = _("ICOR Registry: changes")
    subtitle = _("Every change to the registry's public data, newest first: what changed and when.")
    author_name = _("ICOR Registry")
    item_guid_is_permalink = False

    def get_object(self, request):
        # An entry's id is the address of the change on /changes/: absolute, so the
        # request's host is needed, and Feed hands the items only what this returns.
        return request.build_absolute_uri(page_link("change-list"))

    def link(self, page):
        return page

    def items(self, page):
        changes = read_changes(0, settings.REGISTRY_PAGE_SIZE)
        for change in changes:
            change.guid = f"{page}#{change.key}"
        return changes

    def item_title(self, change):
        return change.sentence

    def item_description(self, change):
        # The title says it all; an entry with a link needs no summary.
        return None

    def item_link(self, change):
        return change.url or f"{page_link('change-list')}#{change.key}"

    def item_guid(self, change):
        return change.guid

    def item_pubdate(self, change):
        return change.when

    def item_updateddate(self, change):
        return change.when
