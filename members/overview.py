"""The overview (home) and about pages."""

from django.views.generic import TemplateView


class OverviewView(TemplateView):
    template_name = "members/overview.html"


class AboutView(TemplateView):
    template_name = "members/about.html"
