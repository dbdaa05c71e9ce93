"""Public list, detail and download views."""

from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404
from django.views.generic import DetailView, ListView

from .models import Country, Organization


class OrganizationListView(ListView):
    template_name = "members/organization_list.html"
    queryset = Organization.objects.current().select_related("country")


def organization_csv(request):
    raise Http404


def organization_json(request):
    raise Http404


class OrganizationDetailView(DetailView):
    queryset = Organization.objects.select_related("country")


def organization_detail_json(request, slug):
    organization = get_object_or_404(Organization, slug=slug)
    return JsonResponse({"slug": organization.slug})


class CountryListView(ListView):
    model = Country


class CountryDetailView(DetailView):
    model = Country
