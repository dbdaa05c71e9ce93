"""Recovering deleted organizations, with the membership periods deleted with them."""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.urls import path

from .models import Membership, Organization

# Periods removed this shortly before their organization went with it (a cascade
# deletes the periods first, in the same transaction).
CASCADE_WINDOW = timedelta(seconds=10)


def deleted_organizations():
    """The last history entry of each organization that no longer exists."""
    return (
        Organization.history.filter(history_type="-")
        .filter(~Exists(Organization.objects.filter(pk=OuterRef("id"))))
        .select_related("country", "history_user")
        .order_by("-history_date")
    )


def restore_periods_deleted_with(organization):
    """Bring back the periods deleted together with `organization`; return how many."""
    deletion = (
        Organization.history.filter(id=organization.pk, history_type="-")
        .order_by("-history_date")
        .first()
    )
    if deletion is None:
        return 0
    removed = Membership.history.filter(
        organization_id=organization.pk,
        history_type="-",
        history_date__gte=deletion.history_date - CASCADE_WINDOW,
        history_date__lte=deletion.history_date,
    ).filter(~Exists(Membership.objects.filter(pk=OuterRef("id"))))
    periods = [record.instance for record in removed]
    for period in periods:
        period.save()
    return len(periods)


class DeletedOrganizationsMixin:
    """For OrganizationAdmin: a page listing deleted organizations to recover."""

    def get_urls(self):
        view = self.admin_site.admin_view(self.deleted_view)
        return [path("deleted/", view, name="members_organization_deleted"), *super().get_urls()]

    def deleted_view(self, request):
        if not self.has_change_permission(request):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": "Deleted organizations",
            "opts": self.model._meta,
            "records": deleted_organizations()[:200],
        }
        return TemplateResponse(request, "admin/members/organization/deleted.html", context)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "registry_recover_allowed": self.has_change_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)
