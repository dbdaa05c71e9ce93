"""`{{ count|grouped }}`: a count as the reader's language writes it, its thousands
grouped (1,914 in English, 1.914 in German, 1 914 in French). Only counts: years and
other numbers that are names, not quantities, are never grouped."""

from django import template
from django.utils.formats import number_format

register = template.Library()


@register.filter
def grouped(value):
    return number_format(value, force_grouping=True)
