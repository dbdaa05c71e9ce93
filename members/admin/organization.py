"""Organizations in the admin, with their membership periods inline.

The list runs a fixed number of queries whatever the number of rows: its summaries
are columns of the organization, its country is joined, and no filter lists a whole
table. Besides Django's pages, the organization admin serves the import page and the
deleted organizations page, and links to both from its list.
"""

from functools import partial

from django import forms
from django.contrib import admin
from django.db import models
from django.urls import path
from django.utils.translation import gettext, gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt

from ..models import Membership, Organization
from .base import RegistryAdmin
from .filters import ContinentFilter, CountryFilter, JoiningYearFilter, StatusFilter
from .forms import MembershipInlineFormSet, MembershipRowForm, OrganizationForm
from .history import deleted_view, restore_periods_deleted_with
from .imports import can_import, export_csv, export_json, export_view, import_view


class MembershipInline(admin.TabularInline):
    model = Membership
    form = MembershipRowForm
    formset = MembershipInlineFormSet
    fields = ["since_year", "until_year", "source", "note", "opened_version"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}
    }

    def get_queryset(self, request):
        # Each row's title names its organization: joined, not read once per row.
        return super().get_queryset(request).select_related("organization")

    def get_extra(self, request, obj=None, **kwargs):
        # A new organization starts with one blank period; an existing one shows its own.
        return 0 if obj else 1


# The list's computed columns, as functions: a ModelAdmin method named like a model
# field (member_since) would be passed over for the field itself, whose blank cannot
# say "unknown".


@admin.display(description=_("member since"), ordering="member_since")
def member_since(organization):
    """The joining year of the latest period; "unknown" if that period has none."""
    if organization.member_since is None and organization.status is not None:
        return gettext("unknown")
    return organization.member_since


@admin.display(description=_("status"), ordering="is_member")
def status(organization):
    labels = {"current": gettext("current"), "former": gettext("former")}
    return labels.get(organization.status, organization.status)


@admin.display(description=_("continent"), ordering="country__continent")
def continent(organization):
    return organization.country.continent_name


@admin.register(Organization)
class OrganizationAdmin(RegistryAdmin):
    form = OrganizationForm
    # Its periods deleted with it come back too (save_model).
    restores_deleted_with = True
    actions = [export_json, export_csv]
    list_display = [
        "name",
        "abbreviation",
        "english_name",
        "country",
        continent,
        member_since,
        status,
    ]
    list_filter = [ContinentFilter, CountryFilter, StatusFilter, JoiningYearFilter]
    list_select_related = ["country"]
    # Marks the list as searchable; get_search_results() searches the folded column.
    search_fields = ["search"]
    search_help_text = _(
        "Name, abbreviation, English name or country; case and accents do not matter."
    )
    autocomplete_fields = ["country"]
    inlines = [MembershipInline]
    show_full_result_count = False

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path(
                "import/",
                # The import page checks CSRF itself, after setting the upload limit that
                # must be in place before the form is read.
                view(csrf_exempt(partial(import_view, model_admin=self))),
                name="members_organization_import",
            ),
            *(
                path(
                    f"export.{format}",
                    view(partial(export_view, model_admin=self, format=format)),
                    name=f"members_organization_export_{format}",
                )
                for format in ("csv", "json")
            ),
            path(
                "deleted/",
                view(partial(deleted_view, model_admin=self)),
                name="members_organization_deleted",
            ),
            *super().get_urls(),
        ]

    def changelist_view(self, request, extra_context=None):
        # The list's links to those two pages, for who may use them.
        extra_context = {
            "registry_import_allowed": can_import(request.user),
            "registry_recover_allowed": self.has_change_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    def get_fields(self, request, obj=None):
        fields = ["name", "abbreviation", "english_name", "country", "slug", "website", "wikidata"]
        if obj is None:
            return fields
        return [*fields, "created_at", "updated_at", "version", "opened_version"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug", "created_at", "updated_at", "version"] if obj else []

    def save_model(self, request, obj, form, change):
        # A change of a record that is not stored is a restore from its history.
        restoring = change and not Organization.objects.filter(pk=obj.pk).exists()
        super().save_model(request, obj, form, change)
        if restoring:
            # Counted into the message that the restore was done (RegistryAdmin.response_change).
            request.registry_restoring.periods = restore_periods_deleted_with(obj)
