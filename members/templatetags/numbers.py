"""`{{ count|grouped }}`: a count as the reader's language writes it (members/numbers.py)."""

from django import template

from ..numbers import grouped

register = template.Library()
register.filter("grouped", grouped)
