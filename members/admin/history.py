"""Recovering deleted organizations, with the membership periods deleted with them.

A deleted organization is restored from its history page (django-simple-history);
`OrganizationAdmin.save_model` then calls `restore_periods_deleted_with`, and the
organization list links to `deleted_view`, which lists what can be recovered.
"""

from datetime import timedelta

from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef
from django.template.response import TemplateResponse
from django.utils.translation import gettext

from ..models import Membership, Organization

# Periods removed this shortly before their organization went with it (a cascade
# deletes the periods first, in the same transaction).
CASCADE_WINDOW = timedelta(seconds=10)
# The deleted organizations page lists at most this many, latest first.
DELETED_LIMIT = 200


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


def deleted_view(request, model_admin):
    """The deleted organizations, for who may change organizations (and so restore them)."""
    if not model_admin.has_change_permission(request):
        raise PermissionDenied
    context = {
        **model_admin.admin_site.each_context(request),
        "title": gettext("Deleted organizations"),
        "opts": model_admin.model._meta,
        "records": deleted_organizations()[:DELETED_LIMIT],
    }
    return TemplateResponse(request, "admin/members/organization/deleted.html", context)
