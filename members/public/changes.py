"""Every change to the public data, newest first: a page at a time (/changes/) and as
an Atom feed of the first page (/changes.atom)."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from .pagination import IdsFirstPaginator
from .recent import Changes


class ChangePaginator(Paginator):
    # A page number out of range or not a number shows the nearest page, as on the list.
    nearest_page = IdsFirstPaginator.nearest_page


def change_list(request):
    """The changes, newest first, `REGISTRY_PAGE_SIZE` a page: what and when, never who."""
    paginator = ChangePaginator(Changes(), settings.REGISTRY_PAGE_SIZE)
    page_obj = paginator.nearest_page(request.GET.get("page"))
    return render(request, "members/changes.html", {
        "page_obj": page_obj,
        "page_range": paginator.get_elided_page_range(page_obj.number),
    })


class ChangeFeed(Feed):
    """The first page of /changes/ as Atom 1.0: one entry per change, linking to the
    record's page while it exists. The registry is the author, never an editor."""

    feed_type = Atom1Feed
    title = "ICOR Registry: changes"
    subtitle = "Every change to the registry's public data, newest first: what changed and when."
    author_name = "ICOR Registry"
    item_guid_is_permalink = False

    def get_object(self, request):
        # An entry's id is the address of the change on /changes/: absolute, so the
        # request's host is needed, and Feed hands the items only what this returns.
        return request.build_absolute_uri(reverse("members:change-list"))

    def link(self, page):
        return page

    def items(self, page):
        changes = Changes()[: settings.REGISTRY_PAGE_SIZE]
        for change in changes:
            change.guid = f"{page}#{change.key}"
        return changes

    def item_title(self, change):
        return change.sentence

    def item_description(self, change):
        # The title says it all; an entry with a link needs no summary.
        return None

    def item_link(self, change):
        return change.url or f"{reverse('members:change-list')}#{change.key}"

    def item_guid(self, change):
        return change.guid

    def item_pubdate(self, change):
        return change.when

    def item_updateddate(self, change):
        return change.when
