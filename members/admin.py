"""The editors' admin: organizations with their membership periods, countries, periods.

Every list runs a fixed number of queries whatever the number of rows: summaries are
annotated, related rows joined, and no filter or form lists a whole table. Every
record has its edit history, from which an earlier version can be restored.
"""

from django import forms
from django.contrib import admin, messages
from django.db import models
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin

from .admin_filters import (
    ContinentFilter,
    CountryFilter,
    JoiningYearFilter,
    MembershipContinentFilter,
    PeriodStatusFilter,
    StatusFilter,
)
from .admin_forms import CountryForm, MembershipInlineFormSet, OrganizationForm
from .admin_history import DeletedOrganizationsMixin, restore_periods_deleted_with
from .admin_io import RegistryImportMixin, export_csv, export_json
from .models import Country, Membership, Organization, StaleRecordError

class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipInlineFormSet
    fields = ["since_year", "until_year", "source", "note"]
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 2, "cols": 40})}
    }

    def get_extra(self, request, obj=None, **kwargs):
        # A new organization starts with one blank period; an existing one shows its own.
        return 0 if obj else 1


@admin.register(Organization)
class OrganizationAdmin(RegistryImportMixin, DeletedOrganizationsMixin, SimpleHistoryAdmin):
    form = OrganizationForm
    actions = [export_json, export_csv]
    list_display = [
        "name",
        "abbreviation",
        "english_name",
        "country",
        "continent",
        "member_since",
        "status",
    ]
    list_filter = [ContinentFilter, CountryFilter, StatusFilter, JoiningYearFilter]
    list_select_related = ["country"]
    # Marks the list as searchable; get_search_results() searches the folded column.
    search_fields = ["search"]
    search_help_text = (
        "Name, abbreviation, English name or country; case and accents do not matter."
    )
    autocomplete_fields = ["country"]
    inlines = [MembershipInline]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).with_membership()

    def get_search_results(self, request, queryset, search_term):
        return queryset.search(search_term), False

    def get_fields(self, request, obj=None):
        fields = ["name", "abbreviation", "english_name", "country", "slug"]
        if obj is None:
            return fields
        return [*fields, "created_at", "updated_at", "version", "opened_version"]

    def get_readonly_fields(self, request, obj=None):
        return ["slug", "created_at", "updated_at", "version"] if obj else []

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except StaleRecordError:
            # Saved by someone else between the form's check and the write itself.
            self.message_user(
                request,
                "Someone else saved this organization at the same moment, so your "
                "changes were not saved. The current record is shown; make your "
                "changes again.",
                messages.ERROR,
            )
            return HttpResponseRedirect(request.path)

    def save_model(self, request, obj, form, change):
        restoring = change and not Organization.objects.filter(pk=obj.pk).exists()
        super().save_model(request, obj, form, change)
        if restoring:
            restored = restore_periods_deleted_with(obj)
            if restored:
                self.message_user(request, f"Restored {restored} membership period(s) with it.")

    @admin.display(description="continent", ordering="country__continent")
    def continent(self, organization):
        return organization.country.get_continent_display()

    @admin.display(description="member since", ordering="member_since")
    def member_since(self, organization):
        if organization.member_since:
            return organization.member_since
        return "unknown" if self.has_period(organization) else None

    @admin.display(description="status", ordering="is_member")
    def status(self, organization):
        if organization.is_member:
            return "current"
        return "former" if self.has_period(organization) else None

    @staticmethod
    def has_period(organization):
        # The latest period is open (current) or closed (it has a leaving year).
        return organization.is_member or organization.member_until is not None


# Countries -------------------------------------------------------------------------


@admin.register(Country)
class CountryAdmin(SimpleHistoryAdmin):
    form = CountryForm
    actions = [export_json, export_csv]
    list_display = ["code", "name", "continent", "current_members"]
    list_display_links = ["code", "name"]
    list_filter = ["continent"]
    search_fields = ["code", "name"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).with_member_counts()

    @admin.display(description="current members", ordering="members")
    def current_members(self, country):
        url = reverse("admin:members_organization_changelist")
        return format_html(
            '<a href="{}?country={}&amp;status=current">{}</a>',
            url,
            country.code,
            country.members,
        )


# Membership periods ----------------------------------------------------------------


@admin.register(Membership)
class MembershipAdmin(SimpleHistoryAdmin):
    list_display = ["organization", "since_year", "until_year", "source_excerpt"]
    list_filter = [PeriodStatusFilter, MembershipContinentFilter, "since_year"]
    list_select_related = ["organization"]
    # Marks the list as searchable; get_search_results() searches the organizations.
    search_fields = ["organization__search"]
    search_help_text = "The organization's name, abbreviation, English name or country."
    autocomplete_fields = ["organization"]
    ordering = ["organization__name", "since_year"]
    show_full_result_count = False
    formfield_overrides = {
        models.TextField: {"widget": forms.Textarea(attrs={"rows": 3, "cols": 60})}
    }

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        return queryset.filter(organization__in=Organization.objects.search(search_term)), False

    @admin.display(description="source", ordering="source")
    def source_excerpt(self, membership):
        return Truncator(membership.source).chars(60)

