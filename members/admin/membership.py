"""Membership periods in the admin, listed on their own across organizations.

Editors mostly change periods inline on their organization's page; this list finds
periods by organization, continent, joining year or whether they are still open.
"""

from django import forms
from django.contrib import admin
from django.db import models
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from ..models import Membership, Organization
from .base import RegistryAdmin
from .filters import MembershipContinentFilter, PeriodStatusFilter
from .forms import MembershipForm


@admin.register(Membership)
class MembershipAdmin(RegistryAdmin):
    form = MembershipForm
    list_display = ["organization", "since_year", "until_year", "source_excerpt"]
    list_filter = [PeriodStatusFilter, MembershipContinentFilter, "since_year"]
    list_select_related = ["organization"]
    # Marks the list as searchable; get_search_results() searches the organizations.
    search_fields = ["organization__search"]
    search_help_text = _("The organization's name, abbreviation, English name or country.")
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

    @admin.display(description=_("source"), ordering="source")
    def source_excerpt(self, membership):
        return Truncator(membership.source).chars(60)
