"""`{% link "name" %}`: the address of a public page, as `{% url "members:name" %}` gives
it, reversed once per process (see members/public/links.py). It needs no context, so
the error pages use it too."""

from django import template

from ..public.links import page_link

register = template.Library()


@register.simple_tag
def link(name):
    return page_link(name)
