"""Countries in the admin, each with its number of current members."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from ..models import Country
from .base import RegistryAdmin
from .forms import CountryForm
from .imports import export_csv, export_json


@admin.register(Country)
class CountryAdmin(RegistryAdmin):
    form = CountryForm
    actions = [export_json, export_csv]
    list_display = ["code", "name", "continent", "current_members"]
    list_display_links = ["code", "name"]
    list_filter = ["continent"]
    search_fields = ["code", "name"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).with_member_counts()

    @admin.display(description=_("current members"), ordering="members")
    def current_members(self, country):
        url = reverse("admin:members_organization_changelist")
        return format_html(
            '<a href="{}?country={}&amp;status=current">{}</a>',
            url,
            country.code,
            country.members,
        )
